import { parseIsoDayLoose } from '../dates/calendar.js';
import { constants } from 'node:fs';
import { access, readdir, realpath, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { parseTempName } from '../writers/atomic-write.js';
import type { CliContext } from './context.js';

const INPUT_EXT = /\.(xlsx|xlsm|csv|txt|tsv)$/i;
// Spreadsheets the tool cannot read: listed from a folder all the same, so each is a diagnostic naming what the
// file is and how to convert it (exit 3) instead of being passed over without a word.
const OTHER_SPREADSHEET_EXT = /\.(xls|xlt|et|ett|ods|fods|xlsb|numbers)$/i;

/**
 * Expand input arguments: files as given, directories to their spreadsheets, and `*`/`?` in the last path
 * segment (for shells that do not glob, e.g. Windows or quoted patterns). Order is stable: as given, then by name.
 */
export async function expandInputs(args: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    if (/[*?]/.test(basename(arg))) {
      const dir = resolve(cwd, dirname(arg));
      const re = new RegExp(`^${basename(arg).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'u');
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => re.test(n)).sort();
      if (names.length === 0) throw new UsageError(`没有文件匹配 ${arg}`);
      out.push(...names.map((n) => join(dirname(arg), n)));
      continue;
    }
    const info = await stat(resolve(cwd, arg)).catch(() => undefined);
    if (!info) throw new UsageError(`输入文件不存在：${arg}`);
    // A .numbers package is a folder on macOS but one document to its user.
    if (info.isDirectory() && !OTHER_SPREADSHEET_EXT.test(arg)) {
      const names = (await readdir(resolve(cwd, arg))).filter((n) => (INPUT_EXT.test(n) || OTHER_SPREADSHEET_EXT.test(n)) && !n.startsWith('~$') && !n.startsWith('.')).sort();
      out.push(...names.map((n) => join(arg, n)));
    } else out.push(arg);
  }
  if (out.length === 0) throw new UsageError('没有可读取的输入文件（.xlsx / .csv）');
  return [...new Set(out)];
}

/** `-o -` (or `格式=-`) writes to standard output. */
export const STDOUT = '-';

/** File extensions each output format is written with (the first is the one to suggest). */
const FORMAT_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  text: ['txt', 'log'],
  json: ['json'],
  sarif: ['sarif', 'json'],
  junit: ['xml'],
  md: ['md', 'markdown'],
  html: ['html', 'htm'],
  xlsx: ['xlsx'],
  csv: ['csv'],
};

function extensionOf(path: string): string | undefined {
  return /\.([a-z0-9]+)$/i.exec(basename(path))?.[1]?.toLowerCase();
}

/**
 * The format one output is written in. An explicit format (`--format`, `格式=路径`) must agree with the path's
 * extension; without one the extension decides. A mismatch, or an extension no format of this verb uses, is a
 * usage error: `-o x.html` never quietly writes JSON. `-` (standard output) takes the explicit format or `fallback`.
 */
export function outputFormat(path: string, explicit: string | undefined, formats: readonly string[], fallback?: string): string {
  if (explicit !== undefined && !formats.includes(explicit)) throw new UsageError(`未知输出格式 "${explicit}"（可用：${formats.join(' | ')}）`);
  if (path === STDOUT) {
    const f = explicit ?? fallback;
    if (f === undefined) throw new UsageError(`输出到标准输出（-o -）时请用 --format 指定格式（可用：${formats.join(' | ')}）`);
    return f;
  }
  const ext = extensionOf(path);
  const suggest = (f: string): string => `.${FORMAT_EXTENSIONS[f]?.[0] ?? f}`;
  if (explicit !== undefined) {
    if (ext !== undefined && !(FORMAT_EXTENSIONS[explicit] ?? []).includes(ext)) {
      throw new UsageError(`输出文件 ${path} 的扩展名 .${ext} 与格式 ${explicit} 不符（${explicit} 用 ${suggest(explicit)}）`);
    }
    return explicit;
  }
  const matching = formats.filter((f) => ext !== undefined && (FORMAT_EXTENSIONS[f] ?? []).includes(ext));
  const first = matching[0];
  if (first !== undefined) return first;
  const list = formats.map((f) => `${f} ${suggest(f)}`).join('、');
  if (ext === undefined) throw new UsageError(`无法从 ${path} 判断输出格式：请加扩展名（${list}），或写成 格式=路径`);
  throw new UsageError(`输出文件 ${path} 的扩展名 .${ext} 不是本命令的输出格式（可用：${list}）`);
}

/** `-o json=out.json`, a bare path whose extension names the format, or `-` for standard output. */
export function parseOutputs(specs: readonly string[], formats: readonly string[], fallback: string): { format: string; path: string }[] {
  return specs.map((spec) => {
    const eq = /^([a-z]+)=(.+)$/.exec(spec);
    if (eq?.[1] && eq[2]) return { format: outputFormat(eq[2], eq[1], formats), path: eq[2] };
    return { format: outputFormat(spec, undefined, formats, fallback), path: spec };
  });
}

export function parseDate(value: string, flag: string): string {
  if (!/^(\d{4})-?(\d{1,2})-?(\d{1,2})$/.test(value.trim())) throw new UsageError(`${flag} 应为日期 YYYY-MM-DD，收到 "${value}"`);
  const iso = parseIsoDayLoose(value);
  if (iso === undefined) throw new UsageError(`${flag} 不是有效日期：${value}`);
  return iso;
}

/**
 * Fail before the work, not after it: an output's directory must exist and be writable (a 1M-row ledger takes
 * minutes), and the output must not be a directory. A device (/dev/null) is written in place.
 */
export async function assertWritable(path: string, cwd: string): Promise<void> {
  const target = resolve(cwd, path);
  const dir = dirname(target);
  let problem: string | undefined;
  try {
    if (!(await stat(dir)).isDirectory()) problem = `${dir} 不是目录`;
    else await access(dir, constants.W_OK);
    if ((await stat(target).catch(() => undefined))?.isDirectory()) problem = `${path} 是一个目录，不是文件`;
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
    problem = outputProblem(code, target) ?? `没有写入 ${dir} 的权限`;
  }
  if (problem) throw new UsageError(`无法写入输出文件 ${path}：${problem}`);
}

/** One run writing two outputs to one path would keep only the last: a usage error, before any work. */
export async function assertDistinctOutputs(paths: readonly string[], cwd: string): Promise<void> {
  const seen = new Map<string, string>();
  for (const p of paths) {
    const full = resolve(cwd, p);
    const key = await realpath(full).catch(() => full);
    const before = seen.get(key);
    if (before !== undefined) throw new UsageError(`输出文件 ${p} 与 ${before} 是同一个文件：一次运行中每个输出路径只能用一次`);
    seen.set(key, p);
  }
}

/**
 * Temp files (`.<name>.<pid>-<hex>.tmp`) and ledger sort runs (`.hazard-ledger-<pid>-…ndjson`) of a run that was
 * killed stay behind, possibly large; the next run writing into the same folder removes those whose process is
 * gone. Files of older versions (no process id in the name) are removed for the target being written.
 */
export async function removeStaleTemps(ctx: Pick<CliContext, 'cwd' | 'pid' | 'processAlive' | 'stderr'>, output: string): Promise<void> {
  const target = resolve(ctx.cwd, output);
  const dir = dirname(target);
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale: string[] = [];
  for (const name of names) {
    const temp = parseTempName(name);
    const spill = /^\.hazard-ledger-(?:(\d+)-)?[0-9a-f]{12}-\d+\.ndjson$/.exec(name);
    const legacyTemp = new RegExp(`^\\.${escapeRegExp(basename(target))}\\.[0-9a-f]{8}\\.tmp$`).test(name);
    const owner = temp ? Number(temp.owner) : spill?.[1] ? Number(spill[1]) : undefined;
    if (owner !== undefined ? owner !== ctx.pid && !ctx.processAlive(owner) : legacyTemp || (spill !== null && spill[1] === undefined)) stale.push(name);
  }
  let removed = 0;
  for (const name of stale) {
    if (await rm(join(dir, name), { force: true }).then(() => true, () => false)) removed++;
  }
  if (removed > 0) ctx.stderr(`提示：已删除上次中断的运行留在 ${dir} 中的 ${removed} 个临时文件\n`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Why an output path could not be written, from the errno code (ENOENT…), in the user's terms; undefined if unknown. */
export function outputProblem(code: string, path: string): string | undefined {
  const dir = dirname(path);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `目录 ${dir} 不存在`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `没有写入 ${dir} 的权限`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `${dir} 所在磁盘空间不足，输出未写入（未写完的临时文件已删除）`;
    case 'EFBIG':
      return `文件超过了 ${dir} 所在文件系统允许的大小`;
    case 'EISDIR':
      return `${path} 是一个目录`;
    default:
      return undefined;
  }
}

/**
 * The outputs of one run, checked before any work: at most one to standard output, no path twice, every file's
 * directory writable, and a killed earlier run's temp files for these targets removed.
 */
export async function prepareOutputs<T extends { path: string }>(ctx: CliContext, outputs: readonly T[]): Promise<T[]> {
  if (outputs.filter((o) => o.path === STDOUT).length > 1) throw new UsageError('只能有一个输出写到标准输出（-o -）');
  const files = outputs.filter((o) => o.path !== STDOUT);
  await assertDistinctOutputs(files.map((o) => o.path), ctx.cwd);
  for (const o of files) await assertWritable(o.path, ctx.cwd);
  for (const o of files) await removeStaleTemps(ctx, o.path);
  return files;
}
