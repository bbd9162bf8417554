import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError, type ExitCode } from '../errors.js';
import type { Diagnostic } from '../diagnostic.js';
import type { LongText } from '../ledger/long-text.js';
import { exitCodeFor } from './exit-policy.js';
import type { CliContext } from './context.js';
import { assertWritable, expandInputs, outputFormat, parseDate, removeStaleTemps, STDOUT } from './inputs.js';
import { loadEngine } from './load-engine.js';
import { readOptions, resolveSettings, type CommonFlags } from './settings.js';
import { VERSION_HOLDER } from './version.js';

interface LedgerOptions extends CommonFlags {
  output: string;
  format?: string;
  asOf?: string;
  title?: string | boolean;
  splitBy?: string;
  previous?: string;
  encoding?: string;
  inputEncoding?: string;
  mapping?: string;
  strict?: boolean;
}

/** `hazard ledger <inputs...> -o 台账.xlsx`: the monthly 隐患整改台账. */
export function registerLedger(program: Command, ctx: CliContext, run: (p: Promise<ExitCode>) => void): void {
  program
    .command('ledger')
    .description('生成隐患整改台账（xlsx/csv）：每行输入一行台账，附判定结果、逾期、按期、五落实、存量/增量')
    .argument('<inputs...>', '台账文件、目录或通配符')
    .requiredOption('-o, --output <file>', '输出文件（.xlsx 或 .csv；- 写到标准输出）')
    .option('-f, --format <format>', '输出格式：xlsx | csv（默认按扩展名；须与扩展名一致）')
    .option('--as-of <date>', '截至日期 YYYY-MM-DD（默认今天，北京时间）')
    .option('-c, --criteria <paths...>', '判定标准规则文件或目录（默认：配置文件中的，或内置 criteria/）')
    .option('--config <file>', '企业配置文件（默认：向上查找 hazard.config.yaml）')
    .option('--no-config', '不使用任何配置文件（不向上查找）')
    .option('--title <text>', '标题行文字（默认“XX单位重大事故隐患整改台账（截至…）”）')
    .option('--no-title', '不写标题行（供程序读取）')
    .option('--split-by <key>', '按单位分表：org')
    .option('--previous <file>', '上月台账：标记 新增/延续/本月销号，列出未销号而消失的隐患')
    .option('--encoding <encoding>', 'CSV 输出编码：utf-8（带 BOM，默认）| gb18030')
    .option('--input-encoding <encoding>', '输入 CSV 编码（默认自动识别）')
    .option('--mapping <file>', '列映射文件')
    .option('--industry <industry>', '台账没有“所属行业”列时使用的行业')
    .option('--org <name>', '台账没有“单位名称”列时使用的单位名称')
    .option('--strict', '严格口径：以验收/销号日期作为整改完成日期')
    .action((inputs: string[], opts: LedgerOptions) => run(ledger(ctx, inputs, opts)));
}

async function ledger(ctx: CliContext, inputArgs: string[], opts: LedgerOptions): Promise<ExitCode> {
  const asOf = opts.asOf ? parseDate(opts.asOf, '--as-of') : ctx.today;
  const toStdout = opts.output === STDOUT;
  // A directory is named as such before its missing extension is: "是一个目录" says what is wrong.
  if (!toStdout) await assertWritable(opts.output, ctx.cwd);
  const format = outputFormat(opts.output, opts.format, ['xlsx', 'csv'], 'xlsx');
  const encoding = (opts.encoding ?? 'utf-8').toLowerCase().replace(/^utf8$/, 'utf-8');
  if (encoding !== 'utf-8' && encoding !== 'gb18030' && encoding !== 'gbk') throw new UsageError('--encoding 取值无效（可用：utf-8 | gb18030）');
  if (opts.splitBy !== undefined && opts.splitBy !== 'org') throw new UsageError('--split-by 目前只支持 org');
  const files = await expandInputs(inputArgs, ctx.cwd);
  if (!toStdout) {
    await refuseOverwritingInputs(ctx.cwd, opts.output, [...files, ...(opts.previous ? [opts.previous] : [])]);
    await assertWritable(opts.output, ctx.cwd);
    await removeStaleTemps(ctx, opts.output);
  }
  const settings = await resolveSettings(ctx, opts);
  const { criteria, engine } = await loadEngine(ctx, settings, asOf);
  const { checkFiles } = await import('../check/check-files.js');
  const { buildLedgerRow, cellIndex } = await import('../ledger/ledger-columns.js');
  const monthCell = cellIndex('d_month');
  const { RowStore } = await import('../ledger/row-store.js');
  const { PreviousLedger } = await import('../ledger/previous-ledger.js');
  const { readFindings } = await import('../io/findings/read-findings.js');
  const { loadMappingFile } = await import('../io/findings/mapping-file.js');
  const mapping = opts.mapping ? await loadMappingFile(opts.mapping) : undefined;
  const read = readOptions(ctx, settings, opts.inputEncoding, mapping);

  let previous: InstanceType<typeof PreviousLedger> | undefined;
  const auxiliary: Diagnostic[] = [];
  if (opts.previous) {
    const prev = new PreviousLedger();
    const r = await readFindings(opts.previous, {}, (batch) => {
      for (const rec of batch) prev.add(rec, asOf);
    });
    // Last month's ledger that was not read in full marks rows 新增 that are 延续: the same policy as any input.
    auxiliary.push(...r.diagnostics.filter((d) => d.severity !== 'info'));
    previous = prev;
  }

  const { foldLongTexts } = await import('../ledger/long-text.js');
  const longTexts: LongText[] = [];
  const store = new RowStore(resolve(ctx.cwd, opts.output, '..'), undefined, String(ctx.pid));
  const orgs = new Set<string>();
  let onlyMajors = true;
  try {
    const result = await checkFiles(files, {
      engine,
      criteria,
      asOf,
      version: VERSION_HOLDER.version,
      keep: 'none',
      waivers: settings.waivers,
      read,
      onRow: (row) => {
        const lr = buildLedgerRow(row, asOf, { ...(opts.strict ? { strict: true } : {}) });
        if (format === 'xlsx') {
          // Excel refuses cells over 32 767 characters: cut with a marker, the full text kept in its own sheet.
          const folded = foldLongTexts(lr, { file: row.file, sheet: row.sheet, row: row.row, column: (h) => Object.values(row.raw).find((c) => c?.header === h)?.column });
          longTexts.push(...folded.texts);
          auxiliary.push(...folded.diagnostics);
        }
        if (previous) lr.cells[monthCell] = previous.mark(row, lr.closed);
        if (lr.org) orgs.add(lr.org);
        if (lr.level !== 'major') onlyMajors = false;
        store.add(lr);
      },
    });
    const { openAtomicStream, outputError } = await import('../writers/atomic-write.js');
    const target = resolve(ctx.cwd, opts.output);
    // `-o -`: the workbook goes to standard output and the summary to standard error.
    const sink = toStdout ? { stream: ctx.stdoutStream, commit: async () => undefined, abort: async () => undefined } : openAtomicStream(target, { owner: String(ctx.pid) });
    let stats;
    try {
      if (format === 'csv') {
        const { writeLedgerCsv } = await import('../ledger/write-ledger.js');
        stats = await writeLedgerCsv(sink.stream, store, encoding === 'utf-8' ? 'utf-8' : 'gb18030');
      } else {
        const { writeLedgerXlsx, defaultTitle, ledgerTitle } = await import('../ledger/write-ledger.js');
        const { unreadableInputs } = await import('../check/check-files.js');
        const title = opts.title === false ? false : typeof opts.title === 'string' ? opts.title : defaultTitle(orgs, asOf, onlyMajors && store.size > 0);
        const failed = unreadableInputs(result);
        stats = await writeLedgerXlsx(sink.stream, store, {
          title,
          splitByOrg: opts.splitBy === 'org',
          ...(typeof opts.title === 'string' ? {} : { titleFor: (org: string) => ledgerTitle(org, asOf, onlyMajors) }),
          signoff: settings.signoff,
          info: {
            config: settings.configLabel,
            ...(failed.length ? { failed } : {}),
            asOf,
            version: VERSION_HOLDER.version,
            criteriaHash: criteria.hash,
            criteriaFiles: criteria.files.length,
            inputs: result.inputs.map((i) => ({ file: i.file, ...(i.sha256 ? { sha256: i.sha256 } : {}) })),
          },
          ...(previous ? { vanished: previous.vanished() } : {}),
          ...(longTexts.length ? { longTexts } : {}),
          // HAZARD_RENDER_WORKER=0|1 forces the choice (tests compare both paths byte for byte).
          ...(ctx.env['HAZARD_RENDER_WORKER'] === '0' ? { renderWorker: false } : ctx.env['HAZARD_RENDER_WORKER'] === '1' ? { renderWorker: true } : {}),
        });
      }
      await sink.commit();
    } catch (e) {
      await sink.abort();
      throw outputError(e, target);
    }
    if (stats.foldedColumns) {
      auxiliary.push({ code: 'columns-folded', severity: 'warning', message: `原表列太多：超出 Excel 上限 16 384 列的 ${stats.foldedColumns} 列写在“原表其他列”表中（按序号对应台账行）`, location: { file: opts.output } });
    }
    const { formatDiagnosticsText } = await import('../formats/diagnostics-text.js');
    const fileProblems = [...auxiliary, ...result.diagnostics.filter((d) => d.severity !== 'info')];
    if (fileProblems.length) ctx.stderr(formatDiagnosticsText(fileProblems, ctx.color));
    const s = result.summary;
    (toStdout ? ctx.stderr : ctx.stdout)(
      `已写入 ${toStdout ? '标准输出' : opts.output}：${stats.rows} 行${stats.sheets.length ? `，工作表 ${stats.sheets.join('、')}` : ''}\n` +
        `截至 ${asOf}：重大 ${s.major}（定级偏低 ${s.underGraded}），待核实 ${s.indeterminate}，一般 ${s.notMajor}；行级问题 ${s.errors} 个错误、${s.warnings} 个警告\n` +
        (previous ? `上月台账 ${previous.size} 条，其中 ${previous.vanished().length} 条未销号却不在本月台账中\n` : ''),
    );
    if (stats.rows !== s.rows) throw new Error(`台账行数 ${stats.rows} 与输入行数 ${s.rows} 不一致`);
    return exitCodeFor(result, 'never', auxiliary);
  } finally {
    store.dispose();
  }
}

/** Never overwrite an input: a ledger written over last month's workbook loses the only copy. */
async function refuseOverwritingInputs(cwd: string, output: string, inputs: readonly string[]): Promise<void> {
  const target = await canonical(resolve(cwd, output));
  for (const i of inputs) {
    if ((await canonical(resolve(cwd, i))) === target) throw new UsageError(`输出文件 ${output} 是输入文件之一，拒绝覆盖`);
  }
}

async function canonical(p: string): Promise<string> {
  return realpath(p).catch(() => p);
}
