import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError, type ExitCode } from '../errors.js';
import { exitCodeFor, FAIL_ON } from './exit-policy.js';
import type { CheckResult } from '../check/types.js';
import type { FileRunner } from '../check/check-files.js';
import type { ReadFindingsOptions } from '../io/findings/read-findings.js';
import { VERSION_HOLDER } from './version.js';
import type { CliContext } from './context.js';
import { expandInputs, parseDate, parseOutputs, prepareOutputs, STDOUT } from './inputs.js';
import { loadEngine } from './load-engine.js';
import { readOptions, resolveSettings, type CommonFlags } from './settings.js';

const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
type Format = (typeof FORMATS)[number];

interface CheckOptions extends CommonFlags {
  format: string;
  output?: string[];
  failOn: string;
  asOf?: string;
  encoding?: string;
  mapping?: string;
  showMapping?: boolean;
  limit: string;
  quiet?: boolean;
  jobs: string;
}

/** `hazard check <inputs...>`: read workbooks, decide every finding, report. */
export function registerCheck(program: Command, ctx: CliContext, run: (p: Promise<ExitCode>) => void): void {
  program
    .command('check')
    .description('读取隐患排查台账（xlsx/csv），逐条判定是否属于重大事故隐患，核对定级')
    .argument('<inputs...>', '台账文件、目录或通配符（*.xlsx）')
    .option('-c, --criteria <paths...>', '判定标准规则文件或目录（默认：配置文件中的，或内置 criteria/）')
    .option('--config <file>', '企业配置文件（默认：从当前目录向上查找 hazard.config.yaml）')
    .option('--no-config', '不使用任何配置文件（不向上查找）')
    .option('-f, --format <format>', `标准输出格式：${FORMATS.join(' | ')}`, 'text')
    .option('-o, --output <spec...>', '另写文件：格式=路径，如 json=结果.json sarif=结果.sarif（可多个）')
    .option('--fail-on <level>', `何时以退出码 1 结束：${FAIL_ON.join(' | ')}`, 'misgraded')
    .option('--as-of <date>', '统计截止日期 YYYY-MM-DD（默认今天，北京时间）')
    .option('--encoding <encoding>', 'CSV 编码（默认自动识别：BOM → UTF-8 → GB18030）')
    .option('--mapping <file>', '列映射文件（覆盖自动识别的表头）')
    .option('--show-mapping', '显示每一列被识别为哪个字段及原因')
    .option('--industry <industry>', '台账没有“所属行业”列时使用的行业')
    .option('--org <name>', '台账没有“单位名称”列时使用的单位名称')
    .option('--limit <n>', '文本输出最多列出的行数', '50')
    .option('-j, --jobs <n>', '并行处理文件的线程数（批量检查多个台账时用；默认 1）', '1')
    .option('-q, --quiet', '不显示进度')
    .action((inputs: string[], opts: CheckOptions) => run(check(ctx, inputs, opts)));
}

async function check(ctx: CliContext, inputArgs: string[], opts: CheckOptions): Promise<ExitCode> {
  const format = choice(opts.format, FORMATS, '--format');
  const failOn = choice(opts.failOn, FAIL_ON, '--fail-on');
  const asOf = opts.asOf ? parseDate(opts.asOf, '--as-of') : ctx.today;
  const limit = Number.parseInt(opts.limit, 10);
  if (!Number.isFinite(limit) || limit < 0) throw new UsageError('--limit 应为非负整数');
  const outputs = parseOutputs(opts.output ?? [], FORMATS, format);
  await prepareOutputs(ctx, outputs);
  const files = await expandInputs(inputArgs, ctx.cwd);
  const settings = await resolveSettings(ctx, opts);
  const { criteria, engine } = await loadEngine(ctx, settings, asOf);
  const { checkFiles } = await import('../check/check-files.js');
  const { loadMappingFile } = await import('../io/findings/mapping-file.js');
  const mapping = opts.mapping ? await loadMappingFile(opts.mapping) : undefined;
  const jobs = Number.parseInt(opts.jobs, 10);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs 应为正整数');
  const needAll = format !== 'text' || outputs.some((o) => o.format !== 'text');
  const keep = needAll ? ('all' as const) : ('flagged' as const);
  const read = readOptions(ctx, settings, opts.encoding, mapping);
  const { checkFile } = await import('../check/check-files.js');
  const keepLimit = needAll ? Infinity : limit;
  const local = (file: string) => checkFile(file, { engine, criteria, asOf, version: VERSION_HOLDER.version, keep, keepLimit, waivers: settings.waivers, read });
  const pool = jobs > 1 && files.length > 1 ? await startPool(ctx, Math.min(jobs, files.length), { settings, asOf, read, keep, limit }, local) : undefined;
  const { createProgress } = await import('./progress.js');
  const progress = createProgress(ctx, opts.quiet === true);
  let result;
  try {
    result = await checkFiles(files, {
      engine,
      criteria,
      asOf,
      version: VERSION_HOLDER.version,
      keep,
      keepLimit: needAll ? Infinity : limit,
      waivers: settings.waivers,
      read,
      onFile: progress.update,
      ...(pool ? { runner: pool.runner } : {}),
    });
  } finally {
    progress.done();
    await pool?.close();
  }
  result = { ...result, config: settings.configLabel };
  const render = await renderer(ctx, limit, opts.showMapping === true);
  // `-o -` puts that output on standard output instead of the --format one.
  if (!outputs.some((o) => o.path === STDOUT)) ctx.stdout(render(format, result));
  const { writeFileAtomic } = await import('../writers/atomic-write.js');
  for (const o of outputs) {
    const body = render(choice(o.format, FORMATS, '--output'), result);
    if (o.path === STDOUT) ctx.stdout(body);
    else await writeFileAtomic(resolve(ctx.cwd, o.path), body, { owner: String(ctx.pid) });
  }
  return exitCodeFor(result, failOn);
}

async function startPool(
  ctx: CliContext,
  size: number,
  o: { settings: Awaited<ReturnType<typeof resolveSettings>>; asOf: string; read: ReadFindingsOptions; keep: 'all' | 'flagged'; limit: number },
  local: FileRunner,
): Promise<{ runner: FileRunner; close: () => Promise<void> }> {
  const { createWorkerPool } = await import('../check/worker-pool.js');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const cacheDir = ctx.env['HAZARD_NO_CACHE'] ? undefined : (ctx.env['HAZARD_CACHE_DIR'] ?? join(tmpdir(), 'hazard-toolkit-cache'));
  return createWorkerPool(size, {
    criteria: o.settings.criteria,
    rulesOff: [...o.settings.rulesOff],
    cwd: ctx.cwd,
    ...(cacheDir ? { cacheDir } : {}),
    cacheKey: VERSION_HOLDER.version,
    asOf: o.asOf,
    version: VERSION_HOLDER.version,
    read: o.read,
    keep: o.keep,
    ...(o.keep === 'flagged' ? { keepLimit: o.limit } : {}),
    waivers: o.settings.waivers,
  }, local);
}

async function renderer(ctx: CliContext, limit: number, showMapping: boolean): Promise<(format: Format, r: CheckResult) => string> {
  const { formatCheckText } = await import('../formats/check-text.js');
  const { formatCheckJson } = await import('../formats/check-json.js');
  const { formatCheckSarif } = await import('../formats/check-sarif.js');
  const { formatCheckJunit } = await import('../formats/check-junit.js');
  const { Chalk } = await import('chalk');
  const plain = new Chalk({ level: 0 });
  return (format, r) => {
    switch (format) {
      case 'text':
        return formatCheckText(r, { color: ctx.color, limit, showMapping });
      case 'json':
        return formatCheckJson(r);
      case 'sarif':
        return formatCheckSarif(r, { cwd: ctx.cwd });
      case 'junit':
        return formatCheckJunit(r);
    }
    return formatCheckText(r, { color: plain, limit, showMapping });
  };
}

function choice<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value);
  if (!found) throw new UsageError(`${flag} 取值无效："${value}"（可用：${allowed.join(' | ')}）`);
  return found;
}
