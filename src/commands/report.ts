import { isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError, type ExitCode } from '../errors.js';
import { exitCodeFor } from './exit-policy.js';
import type { FindingRecord } from '../domain/finding-record.js';
import type { ReportOptions } from '../report/types.js';
import type { Determination } from '../rules/types.js';
import type { CliContext } from './context.js';
import { expandInputs, parseDate, parseOutputs, prepareOutputs, STDOUT } from './inputs.js';
import { loadEngine } from './load-engine.js';
import { readOptions, resolveSettings, type CommonFlags } from './settings.js';
import { VERSION_HOLDER } from './version.js';

const FORMATS = ['text', 'md', 'json', 'html', 'xlsx'] as const;
const BY = ['region', 'industry', 'org', 'sup_level', 'none'] as const;

interface ReportFlags extends CommonFlags {
  asOf?: string;
  by?: string[];
  onTime: string;
  strict?: boolean;
  window: string;
  format: string;
  output?: string[];
  level: string;
  inspections?: string;
  roster?: string;
  title?: string;
  encoding?: string;
  mapping?: string;
}

/** `hazard report`: 整改率, 按期整改率, 存量/增量, 动态清零 against the 治本攻坚 targets. */
export function registerReport(program: Command, ctx: CliContext, run: (p: Promise<ExitCode>) => void): void {
  program
    .command('report')
    .description('按期整改率报表：整改率、按期整改率、逾期、存量/增量、动态清零，对照治本攻坚目标')
    .argument('<inputs...>', '台账文件、目录或通配符')
    .option('--as-of <date>', '统计截止日期 YYYY-MM-DD（默认今天，北京时间）')
    .option('--by <keys...>', `分组：${BY.join(' | ')}（可多个，每个一张表）`)
    .option('--on-time <variant>', '按期整改率口径：due（已到期的隐患中按期整改的比例，默认）| cohort（全部隐患中）', 'due')
    .option('--strict', '严格口径：验收/销号才算整改完成')
    .option('--window <months>', '动态清零月度走势的月数', '12')
    .option('--level <source>', '重大/一般的依据：recorded（台账记录，默认）| judged（判定结果：定级偏低的按重大计）', 'recorded')
    .option('-f, --format <format>', `输出格式：${FORMATS.join(' | ')}`, 'text')
    .option('-o, --output <spec...>', '写入文件：格式=路径 或 路径（按扩展名），可多个')
    .option('--inspections <file>', '检查记录（检查日期、单位名称、带队人、是否主要负责人、检查类型）')
    .option('--roster <file>', '企业名录（单位名称、所属区县、所属行业、是否高危、主要负责人）')
    .option('--title <text>', '报表标题中的地区或单位名称')
    .option('-c, --criteria <paths...>', '判定标准规则文件或目录')
    .option('--config <file>', '企业配置文件')
    .option('--no-config', '不使用任何配置文件（不向上查找）')
    .option('--encoding <encoding>', '输入 CSV 编码')
    .option('--mapping <file>', '列映射文件')
    .option('--industry <industry>', '台账没有“所属行业”列时使用的行业')
    .option('--org <name>', '台账没有“单位名称”列时使用的单位名称')
    .action((inputs: string[], opts: ReportFlags) => run(report(ctx, inputs, opts)));
}

async function report(ctx: CliContext, inputArgs: string[], opts: ReportFlags): Promise<ExitCode> {
  const asOf = opts.asOf ? parseDate(opts.asOf, '--as-of') : ctx.today;
  const format = pick(opts.format, FORMATS, '--format');
  const onTime = pick(opts.onTime, ['due', 'cohort'] as const, '--on-time');
  const level = pick(opts.level, ['recorded', 'judged'] as const, '--level');
  const by = (opts.by ?? []).map((b) => pick(b, BY, '--by'));
  const window = Number.parseInt(opts.window, 10);
  const outputs = parseOutputs(opts.output ?? [], FORMATS, format);
  await prepareOutputs(ctx, outputs);
  const toStdout = outputs.some((o) => o.path === STDOUT);
  if (format === 'xlsx' && outputs.length === 0) throw new UsageError('xlsx 格式需要 -o 指定输出文件（或 -o - 写到标准输出）');
  const files = await expandInputs(inputArgs, ctx.cwd);
  const settings = await resolveSettings(ctx, opts);
  const { criteria, engine } = await loadEngine(ctx, settings, asOf);
  const { checkFiles, unreadableInputs } = await import('../check/check-files.js');
  const { loadMappingFile } = await import('../io/findings/mapping-file.js');
  const mapping = opts.mapping ? await loadMappingFile(opts.mapping) : undefined;
  const { startReport } = await import('../report/index.js');
  const { renderReport } = await import('../formats/report-render.js');
  const { isHighRiskIndustry } = await import('../domain/industry.js');
  const { auxiliaryInputs, checklistInspections } = await import('../io/tables/read-auxiliary.js');
  const principal = settings.config.enterprise?.principal;
  // Inspection log and roster first: the roster decides how enterprises are keyed while the rows stream in.
  const aux = await auxiliaryInputs([], { ...(opts.inspections ? { inspections: opts.inspections } : {}), ...(opts.roster ? { roster: opts.roster } : {}) });
  const options: ReportOptions = {
    asOf,
    configFile: settings.configLabel,
    targets: { id: settings.targetProfile },
    onTime,
    ...(by.includes('none') ? { by: 'none' as const } : by.length ? { by: by.filter((b) => b !== 'none') } : {}),
    ...(opts.strict ? { strict: true } : {}),
    ...(Number.isFinite(window) ? { window } : {}),
    ...(aux.roster.length ? { roster: aux.roster } : {}),
    ...(opts.title ?? settings.org ? { title: opts.title ?? settings.org ?? '' } : {}),
    // 高危 by the same industry resolver the engine uses; the config's enterprise.highRisk overrides it.
    highRiskOf: (industry) => isHighRiskIndustry(industry, engine.resolver, criteria.standards),
    // --by industry groups by the sector the same resolver reads (机械 / 机械制造 / 机械制造(铸造) are one group).
    sectorOf: (industry) => engine.resolver.sectorLabel(industry),
    ...(settings.highRisk !== undefined ? { highRiskOverride: { ...(settings.org ? { org: settings.org } : {}), highRisk: settings.highRisk } } : {}),
  };
  const collector = startReport(options);
  const checklistLines: FindingRecord[] = [];
  let underGraded = 0;
  const result = await checkFiles(files, {
    engine,
    criteria,
    asOf,
    version: VERSION_HOLDER.version,
    keep: 'none',
    waivers: settings.waivers,
    read: readOptions(ctx, settings, opts.encoding, mapping),
    onRow: (row) => {
      // Each row becomes one compact fact at once: memory does not grow with the records (issue: scale).
      const record: FindingRecord = { file: row.file, sheet: row.sheet, row: row.row, fields: row.fields, raw: {}, extra: {}, diagnostics: [] };
      const checklistRow = row.fields.check_result !== undefined || row.fields.clause_ref !== undefined;
      if (checklistRow && row.fields.check_result !== 'fail') {
        // 符合 / 不涉及 / blank checklist lines are inspections, not hazards: they feed only the inspection metrics.
        checklistLines.push({ ...record, fields: { ...(row.fields.org_name ? { org_name: row.fields.org_name } : {}), ...(row.fields.found_date ? { found_date: row.fields.found_date } : {}), ...(row.fields.leader ? { leader: row.fields.leader } : {}), ...(row.fields.check_result ? { check_result: row.fields.check_result } : {}) } });
        return;
      }
      // judged: an under-graded finding counts as major; a recorded major with no clause stays major.
      // A checklist 不符合 line under a named clause is the enterprise's own major grading, found by itself.
      const major = row.determination === 'major' && (level === 'judged' || checklistRow);
      if (!major && row.grading === 'under-graded') underGraded++;
      const determination: Determination | undefined = major ? 'major' : undefined;
      if (checklistRow) {
        checklistLines.push(record);
        collector.add(record.fields.source === undefined ? { ...record, fields: { ...record.fields, source: 'self' } } : record, determination);
      } else collector.add(record, determination);
    },
  });
  const inspections = [...aux.inspections, ...checklistInspections(checklistLines, principal)];
  if (inspections.length) options.inspections = inspections;
  const failed = unreadableInputs(result).map((f) => ({ ...f, file: displayPath(f.file, ctx.cwd) }));
  if (failed.length) options.failedInputs = failed;
  const model = collector.finish();
  const { writeFileAtomic } = await import('../writers/atomic-write.js');
  if (format !== 'xlsx' && !toStdout) ctx.stdout(renderReport(model, format, { color: ctx.color.level > 0 }));
  for (const o of outputs) {
    const f = pick(o.format, FORMATS, '--output');
    const body = f === 'xlsx' ? await renderReport(model, 'xlsx') : renderReport(model, f);
    if (o.path !== STDOUT) await writeFileAtomic(resolve(ctx.cwd, o.path), body, { owner: String(ctx.pid) });
    else if (typeof body === 'string') ctx.stdout(body);
    else await ctx.stdoutBytes(body);
  }
  const problems = [...result.diagnostics, ...aux.diagnostics].filter((d) => d.severity !== 'info');
  if (problems.length) {
    const { formatDiagnosticsText } = await import('../formats/diagnostics-text.js');
    ctx.stderr(formatDiagnosticsText(problems, ctx.color));
  }
  // The report counts the recorded level by default (what the enterprise reported); say how far that is from
  // what the standards decide, so a report showing 0 重大 next to a check showing under-graded rows is not a puzzle.
  if (underGraded > 0) {
    ctx.stderr(`提示：另有 ${underGraded} 项记录为一般、但判定符合重大事故隐患判定标准（定级偏低），本报表按台账记录的等级统计；按判定结果统计请加 --level judged\n`);
  }
  return exitCodeFor(result, 'never', aux.diagnostics);
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function pick<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value);
  if (!found) throw new UsageError(`${flag} 取值无效："${value}"（可用：${allowed.join(' | ')}）`);
  return found;
}
