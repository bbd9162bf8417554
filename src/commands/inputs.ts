import { parseIsoDayLoose } from '../dates/calendar.js';
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

const INPUT_EXT = /\.(xlsx|xlsm|csv|txt|tsv)$/i;

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
    if (info.isDirectory()) {
      const names = (await readdir(resolve(cwd, arg))).filter((n) => INPUT_EXT.test(n) && !n.startsWith('~$') && !n.startsWith('.')).sort();
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

/** Fail before the work, not after it: an output's directory must exist and be writable (a 1M-row ledger takes minutes). */
export async function assertWritable(path: string, cwd: string): Promise<void> {
  const dir = dirname(resolve(cwd, path));
  let problem: string | undefined;
  try {
    if (!(await stat(dir)).isDirectory()) problem = `${dir} 不是目录`;
    else await access(dir, constants.W_OK);
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
    problem = outputProblem(code, resolve(cwd, path)) ?? `没有写入 ${dir} 的权限`;
  }
  if (problem) throw new UsageError(`无法写入输出文件 ${path}：${problem}`);
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
      return `${dir} 所在磁盘空间不足`;
    case 'EISDIR':
      return `${path} 是一个目录`;
    default:
      return undefined;
  }
}
