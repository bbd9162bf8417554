import type { Criteria } from '../criteria/types.js';
import type { Diagnostic } from '../diagnostic.js';
import { CriteriaError } from '../errors.js';
import type { Engine } from '../rules/compile-engine.js';
import type { CliContext } from './context.js';
import type { Settings } from './settings.js';

/** Load and compile criteria for a verb; any criteria error is printed with its location and exits 2. */
export async function loadEngine(ctx: CliContext, settings: Pick<Settings, 'criteria' | 'rulesOff'> & Partial<Pick<Settings, 'config' | 'waivers' | 'configFile' | 'locateInConfig'>>, asOf: string): Promise<{ criteria: Criteria; engine: Engine }> {
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
  const unknown = unknownRuleReferences(criteria, settings);
  if (unknown.length) {
    ctx.stderr(formatDiagnosticsText(unknown, ctx.color));
    throw new CriteriaError(`配置文件 ${settings.configFile ?? ''} 引用了不存在的规则`, unknown);
  }
  if (settings.rulesOff.size > 0) {
    // Rules switched off in the config are not compiled at all: they can neither match nor be proposed.
    criteria = { ...criteria, standards: criteria.standards.map((s) => ({ ...s, rules: s.rules.filter((r) => !settings.rulesOff.has(r.id)) })) };
  }
  return { criteria, engine: compileEngine(criteria, { asOf }) };
}

/**
 * A switch (rules: X: off) or a waiver naming a rule the criteria do not have does nothing — most often a typo, so
 * the rule the user meant to switch off or waive still applies. Errors, located in the config file.
 */
function unknownRuleReferences(criteria: Criteria, settings: Partial<Pick<Settings, 'config' | 'waivers' | 'configFile' | 'locateInConfig'>>): Diagnostic[] {
  const file = settings.configFile;
  if (!file) return [];
  const ids = new Set(criteria.standards.flatMap((s) => s.rules.map((r) => r.id)));
  const at = (path: (string | number)[], key?: string) => ({ file, ...(settings.locateInConfig?.(path, key) ?? { line: 1, col: 1 }) });
  const out: Diagnostic[] = [];
  for (const id of Object.keys(settings.config?.rules ?? {})) {
    if (!ids.has(id)) out.push({ code: 'config-rule-unknown', severity: 'error', message: `rules 中的规则 "${id}" 不存在于所加载的判定标准中（用 hazard criteria list 查看规则 id）`, location: at(['rules'], id) });
  }
  (settings.waivers ?? []).forEach((w, i) => {
    if (!ids.has(w.rule)) out.push({ code: 'waiver-rule-unknown', severity: 'error', message: `豁免的规则 "${w.rule}" 不存在于所加载的判定标准中，该豁免不会生效`, location: at(['waivers', i, 'rule']) });
  });
  return out;
}
