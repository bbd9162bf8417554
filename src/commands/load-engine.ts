import type { Criteria } from '../criteria/types.js';
import { CriteriaError } from '../errors.js';
import type { Engine } from '../rules/compile-engine.js';
import { BUNDLED_CRITERIA, type CliContext } from './context.js';

/** Load and compile criteria for a verb; any criteria error is printed with its location and exits 2. */
export async function loadEngine(ctx: CliContext, paths: readonly string[] | undefined, asOf: string): Promise<{ criteria: Criteria; engine: Engine }> {
  const { loadCriteria } = await import('../criteria/load-criteria.js');
  const { compileEngine } = await import('../rules/compile-engine.js');
  const { formatDiagnosticsText } = await import('../formats/diagnostics-text.js');
  const loaded = await loadCriteria(paths && paths.length ? paths : [BUNDLED_CRITERIA], { cwd: ctx.cwd });
  if (!loaded.criteria) {
    ctx.stderr(formatDiagnosticsText(loaded.diagnostics, ctx.color));
    throw new CriteriaError('判定标准规则文件有错误，未进行判定（先运行 hazard criteria validate）', loaded.diagnostics);
  }
  return { criteria: loaded.criteria, engine: compileEngine(loaded.criteria, { asOf }) };
}
