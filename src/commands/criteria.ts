import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { BUNDLED_CRITERIA } from './context.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Criteria } from '../criteria/types.js';
import type { CatalogueOptions } from '../criteria/catalogue.js';

const STATUS: Record<string, string> = { 'official-text': '已核对原文', paraphrase: '转述', 'metadata-only': '仅元数据' };

interface ValidateOptions {
  format: 'text' | 'json';
}

/** `hazard criteria validate|test|list`. */
export function registerCriteria(program: Command, ctx: CliContext, run: (p: Promise<ExitCode>) => void): void {
  const criteria = program.command('criteria').description('校验、测试、列出判定标准规则文件');

  criteria
    .command('validate')
    .description('按 JSON Schema 与语义规则校验规则文件；问题以 文件:行:列 给出')
    .argument('[paths...]', '规则文件或目录（默认：内置 criteria/）')
    .option('--format <format>', '输出格式：text | json', 'text')
    .action((paths: string[], opts: ValidateOptions) => run(validate(ctx, paths, opts)));

  criteria
    .command('test')
    .description('用每条规则的命中/不命中示例运行真实引擎')
    .argument('[paths...]', '规则文件或目录（默认：内置 criteria/）')
    .option('--format <format>', '输出格式：text | json', 'text')
    .option('--verbose', '列出每条通过的规则')
    .action((paths: string[], opts: ValidateOptions & { verbose?: boolean }) => run(test(ctx, paths, opts)));

  criteria
    .command('list')
    .description('标准目录：版本、条款数、核实状态')
    .argument('[paths...]', '规则文件或目录（默认：内置 criteria/）')
    .option('--industry <industry>', '只列出适用于该行业的标准（含通用标准）')
    .option('--coverage', '覆盖情况：--as-of 当日现行的每个标准是判定（有规则）、代为比对（旧版规则，结果待核实）还是仅列目录')
    .option('--as-of <date>', '判断现行/废止的日期（默认今天）')
    .option('--format <format>', '输出格式：text | json', 'text')
    .action((paths: string[], opts: ValidateOptions & { industry?: string; coverage?: boolean; asOf?: string }) =>
      run(list(ctx, paths, opts)),
    );
}

function targets(paths: string[]): string[] {
  return paths.length ? paths : [BUNDLED_CRITERIA];
}

async function validate(ctx: CliContext, paths: string[], opts: ValidateOptions): Promise<ExitCode> {
  const { loadCriteria } = await import('../criteria/load-criteria.js');
  const { formatDiagnosticsText, countBySeverity } = await import('../formats/diagnostics-text.js');
  const result = await loadCriteria(targets(paths), { cwd: ctx.cwd });
  const counts = countBySeverity(result.diagnostics);
  if (opts.format === 'json') {
    ctx.stdout(`${JSON.stringify({ valid: counts.error === 0, files: result.sources.size, diagnostics: result.diagnostics }, null, 2)}\n`);
  } else {
    ctx.stdout(formatDiagnosticsText(result.diagnostics, ctx.color));
    const rules = result.criteria?.standards.reduce((n, s) => n + s.rules.length, 0) ?? 0;
    const head = counts.error === 0 ? ctx.color.green('✓ 校验通过') : ctx.color.red('✗ 校验失败');
    ctx.stdout(`${head}：${result.sources.size} 个文件，${rules} 条规则；${counts.error} 个错误，${counts.warning} 个警告\n`);
  }
  return counts.error > 0 ? EXIT.usage : EXIT.ok;
}

async function test(ctx: CliContext, paths: string[], opts: ValidateOptions & { verbose?: boolean }): Promise<ExitCode> {
  const { loadCriteria } = await import('../criteria/load-criteria.js');
  const { formatDiagnosticsText } = await import('../formats/diagnostics-text.js');
  const { compileEngine } = await import('../rules/compile-engine.js');
  const { testCriteria } = await import('../rules/test-criteria.js');
  const loaded = await loadCriteria(targets(paths), { cwd: ctx.cwd });
  // Always validate before testing: examples of a broken file prove nothing (semgrep-rules#1682).
  if (!loaded.criteria) {
    ctx.stderr(formatDiagnosticsText(loaded.diagnostics, ctx.color));
    ctx.stderr('规则文件校验未通过，未运行示例测试\n');
    return EXIT.usage;
  }
  const engine = compileEngine(loaded.criteria, { asOf: ctx.today });
  const result = testCriteria(loaded.criteria, engine, loaded.sources);
  if (opts.format === 'json') {
    ctx.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const { formatLocation } = await import('../diagnostic.js');
    for (const r of result.rules) {
      if (r.passed) {
        if (opts.verbose) ctx.stdout(`${ctx.color.green('通过')}  ${r.ruleId}（${r.examples.length} 个示例）\n`);
        continue;
      }
      ctx.stdout(`${ctx.color.red('失败')}  ${r.ruleId}\n`);
      for (const e of r.examples.filter((x) => !x.passed)) {
        const expect = e.kind === 'hit' ? '应命中' : '不应命中';
        const got = e.got === 'hit' ? '命中' : e.got === 'partial' ? '部分命中（待核实）' : '未命中';
        ctx.stdout(`  ${formatLocation(e.location)}  ${expect}，实际${got}：「${e.text}」  ${ctx.color.dim(e.detail)}\n`);
      }
    }
    const summary = `${result.passed} passed, ${result.failed} failed`;
    ctx.stdout(`规则示例测试：${result.rules.length} 条规则，${result.examples} 个示例\n${summary}\n`);
  }
  return result.failed > 0 ? EXIT.findings : EXIT.ok;
}

async function list(
  ctx: CliContext,
  paths: string[],
  opts: ValidateOptions & { industry?: string; coverage?: boolean; asOf?: string },
): Promise<ExitCode> {
  const { loadCriteria } = await import('../criteria/load-criteria.js');
  const { formatDiagnosticsText } = await import('../formats/diagnostics-text.js');
  const { buildCatalogue } = await import('../criteria/catalogue.js');
  const loaded = await loadCriteria(targets(paths), { cwd: ctx.cwd });
  if (!loaded.criteria) {
    ctx.stderr(formatDiagnosticsText(loaded.diagnostics, ctx.color));
    return EXIT.usage;
  }
  const asOf = opts.asOf ?? ctx.today;
  if (opts.coverage) return coverage(ctx, loaded.criteria, { asOf, ...(opts.industry ? { industry: opts.industry } : {}) }, opts.format);
  const entries = buildCatalogue(loaded.criteria, { asOf, ...(opts.industry ? { industry: opts.industry } : {}) });
  if (opts.format === 'json') {
    ctx.stdout(`${JSON.stringify({ asOf, criteriaHash: loaded.criteria.hash, standards: entries }, null, 2)}\n`);
    return EXIT.ok;
  }
  const { default: Table } = await import('cli-table3');
  const head = ['领域', '标准', '文号', '施行', '状态', '核实', '规则数'];
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const e of entries) {
    const state = e.inForce ? '现行' : e.repealed && asOf >= e.repealed ? `已废止(${e.repealed})` : '未施行';
    const row = [e.domain, `${e.title}\n${e.id}`, e.docNumber, e.effective || '未核实', state, STATUS[e.verification] ?? e.verification, String(e.rules)];
    table.push(row);
  }
  ctx.stdout(`${table.toString()}\n`);
  const rules = entries.reduce((n, e) => n + e.rules, 0);
  ctx.stdout(`共 ${entries.length} 个标准版本，${rules} 条规则（截至 ${asOf}）\n`);
  return EXIT.ok;
}

/** `criteria list --coverage`: the standards in force on --as-of and how the tool answers for each (library: buildCoverage). */
async function coverage(ctx: CliContext, criteria: Criteria, options: CatalogueOptions, format: 'text' | 'json'): Promise<ExitCode> {
  const { buildCoverage, NATIONAL_COUNT } = await import('../criteria/catalogue.js');
  const table = buildCoverage(criteria, options);
  if (format === 'json') {
    ctx.stdout(`${JSON.stringify({ ...table, criteriaHash: criteria.hash, national: NATIONAL_COUNT }, null, 2)}\n`);
    return EXIT.ok;
  }
  const { default: Table } = await import('cli-table3');
  const { wrapWidth } = await import('../formats/check-text.js');
  const mode = { rules: '判定', 'stand-in': '代为比对（待核实）', metadata: '仅列目录' } as const;
  const out = new Table({ head: ['领域', '标准', '文号', '施行', '判定方式', '规则/官方条款', '核实', '说明'], style: { head: [], border: [] } });
  for (const r of table.rows) {
    const official = r.officialClauseCount === undefined ? '未知' : String(r.officialClauseCount);
    const note =
      r.mode === 'stand-in' ? `条文未收录；以所替代的 ${r.standIn?.docNumber ?? ''} 条款比对，结果为待核实` : r.mode === 'metadata' ? '条文未收录，须按原文人工判定' : '';
    const rules = r.mode === 'metadata' ? '—' : r.mode === 'stand-in' ? `${r.rules}（旧版）` : String(r.rules);
    // Long cells are wrapped by display width (cli-table3 counts a 汉字 as one column).
    out.push([r.domain, `${r.title}\n${r.id}`, wrapWidth(r.docNumber, 28), r.effective || '未核实', mode[r.mode], `${rules}/${official}`, STATUS[r.verification] ?? r.verification, wrapWidth(note, 32)]);
  }
  ctx.stdout(`${out.toString()}\n`);
  const t = table.totals;
  ctx.stdout(`截至 ${table.asOf} 现行 ${t.standards} 个标准版本：判定 ${t.decided} 个（${t.rules} 条规则），代为比对 ${t.standIn} 个，仅列目录 ${t.listed} 个\n`);
  ctx.stdout(`全国：${NATIONAL_COUNT.statement}（${NATIONAL_COUNT.reportedOn}；${NATIONAL_COUNT.source}）。官方未公布清单，本目录与该数不一一对应。\n`);
  return EXIT.ok;
}
