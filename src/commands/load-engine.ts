import type { Criteria } from '../criteria/types.js';
import { CriteriaError } from '../errors.js';
import type { Engine } from '../rules/compile-engine.js';
import type { CliContext } from './context.js';
import type { Settings } from './settings.js';

/** Load and compile criteria for a verb; any criteria error is printed with its location and exits 2. */
export async function loadEngine(ctx: CliContext, settings: Pick<Settings, 'criteria' | 'rulesOff'>, asOf: string): Promise<{ criteria: Criteria; engine: Engine }> {
  const { loadCriteria } = await import('../criteria/load-criteria.js');
  const { compileEngine } = await import('../rules/compile-engine.js');
  const { formatDiagnosticsText } = await import('../formats/diagnostics-text.js');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { VERSION_HOLDER } = await import('./version.js');
  const cacheDir = ctx.env['HAZARD_NO_CACHE'] ? undefined : (ctx.env['HAZARD_CACHE_DIR'] ?? join(tmpdir(), 'hazard-toolkit-cache'));
  const loaded = await loadCriteria(settings.criteria, { cwd: ctx.cwd, ...(cacheDir ? { cacheDir, cacheKey: VERSION_HOLDER.version } : {}) });
  if (!loaded.criteria) {
    ctx.stderr(formatDiagnosticsText(loaded.diagnostics, ctx.color));
    throw new CriteriaError('判定标准规则文件有错误，未进行判定（先运行 hazard criteria validate）', loaded.diagnostics);
  }
  let criteria = loaded.criteria;
  if (settings.rulesOff.size > 0) {
    // Rules switched off in the config are not compiled at all: they can neither match nor be proposed.
    criteria = { ...criteria, standards: criteria.standards.map((s) => ({ ...s, rules: s.rules.filter((r) => !settings.rulesOff.has(r.id)) })) };
  }
  return { criteria, engine: compileEngine(criteria, { asOf }) };
}
