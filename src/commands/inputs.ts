import { parseIsoDayLoose } from '../dates/calendar.js';
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

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

/** `-o json=out.json`, or a bare path whose extension names the format. */
export function parseOutputs(specs: readonly string[], formats: readonly string[], fallback: string): { format: string; path: string }[] {
  return specs.map((spec) => {
    const eq = /^([a-z]+)=(.+)$/.exec(spec);
    if (eq?.[1] && eq[2]) {
      if (!formats.includes(eq[1])) throw new UsageError(`未知输出格式 "${eq[1]}"（可用：${formats.join(' / ')}）`);
      return { format: eq[1], path: eq[2] };
    }
    const ext = /\.([a-z]+)$/i.exec(spec)?.[1]?.toLowerCase();
    const byExt: Record<string, string> = { json: 'json', sarif: 'sarif', xml: 'junit', txt: 'text', md: 'md', html: 'html', xlsx: 'xlsx', csv: 'csv' };
    const format = ext && byExt[ext] && formats.includes(byExt[ext]) ? byExt[ext] : fallback;
    return { format, path: spec };
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
