import type { Waiver } from '../config/types.js';
import type { Criteria } from '../criteria/types.js';
import type { Diagnostic } from '../diagnostic.js';
import { InputError } from '../errors.js';
import { readFindings, type ReadFindingsOptions, type ReadFindingsResult } from '../io/findings/read-findings.js';
import type { Engine } from '../rules/compile-engine.js';
import { industryOf, judgeRecord } from './judge-record.js';
import type { CheckedRow, CheckResult, CheckSummary, InputInfo } from './types.js';

export interface CheckFilesOptions {
  engine: Engine;
  criteria: Criteria;
  asOf: string;
  version: string;
  read: Omit<ReadFindingsOptions, never>;
  /** `all` keeps every row in the result (json, sarif); `flagged` only rows worth a person's attention. */
  keep: 'all' | 'flagged' | 'none';
  /** Waivers from the enterprise config (rule, reason, approver, expiry). */
  waivers?: readonly Waiver[];
  /** Called for every judged row in input order, e.g. to stream a ledger. */
  onRow?: (row: CheckedRow) => void | Promise<void>;
  /** Called after each file. */
  onFile?: (done: number, total: number, rows: number) => void;
  /** In `flagged` mode, keep at most this many rows (the text table shows only a few). */
  keepLimit?: number;
  /** Run files elsewhere (worker threads); ignored when rows must stream through `onRow`. */
  runner?: FileRunner;
}

/** One file's share of a check: merged in input order by `checkFiles`. Plain data, so it can cross a worker boundary. */
export interface FileCheck {
  input: InputInfo;
  rows: CheckedRow[];
  diagnostics: Diagnostic[];
  summary: CheckSummary;
  omitted: number;
  flagged: number;
}

/** Runs one file somewhere else (a worker thread); `checkFiles` falls back to the current thread without it. */
export type FileRunner = (file: string) => Promise<FileCheck>;

export function emptySummary(files: number): CheckSummary {
  return { files, filesUnreadable: 0, rows: 0, major: 0, notMajor: 0, indeterminate: 0, underGraded: 0, noBasis: 0, waived: 0, errors: 0, warnings: 0 };
}

/** Read one file and judge every row. An unreadable file is a result, not an exception. */
export async function checkFile(file: string, options: Omit<CheckFilesOptions, 'onFile' | 'runner'>): Promise<FileCheck> {
  const summary = emptySummary(1);
  const waivers = options.waivers ?? [];
  const rows: CheckedRow[] = [];
  const diagnostics: Diagnostic[] = [];
  let omitted = 0;
  let flagged = 0;
  const limit = options.keepLimit ?? Infinity;
  const industries = new Set<string>();
  const inferred = new Map<string, number>();
  try {
    const result = await readFindings(file, options.read, async (batch) => {
      for (const record of batch) {
        const judged = industryOf(record, options.engine);
        if (record.fields.industry) industries.add(record.fields.industry);
        else if (judged.inferred && judged.industry) inferred.set(judged.industry, (inferred.get(judged.industry) ?? 0) + 1);
        const row = applyWaivers(judgeRecord(record, options.engine, judged.industry), waivers, options.asOf);
        tally(summary, row);
        const isHot = isFlagged(row);
        if (isHot) flagged++;
        if (options.keep === 'all' || (options.keep === 'flagged' && isHot && rows.length < limit)) rows.push(row);
        else omitted++;
        if (options.onRow) await options.onRow(row);
      }
    });
    diagnostics.push(...result.diagnostics, ...uncoveredIndustries(file, industries, options), ...inferredIndustries(file, inferred, options));
    for (const d of diagnostics) countDiagnostic(summary, d);
    if (!result.complete) summary.filesUnreadable++;
    return { input: inputInfo(result.input, result.complete), rows, diagnostics, summary, omitted, flagged };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    summary.filesUnreadable++;
    diagnostics.push({ code: e.code, severity: 'error', message: e.message, location: { file } });
    summary.errors++;
    return { input: { file, sheets: [], complete: false }, rows, diagnostics, summary, omitted, flagged };
  }
}

/**
 * An industry whose own standard is in the catalogue only as metadata (its clauses are not established) is judged
 * against the general standards alone: say so instead of reporting its rows as quietly "not major".
 */
function uncoveredIndustries(file: string, industries: ReadonlySet<string>, options: Pick<CheckFilesOptions, 'engine' | 'criteria'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const industry of industries) {
    const ids = options.engine.industryStandards(industry);
    if (!ids || ids.length === 0) {
      out.push({
        code: 'industry-unrecognised',
        severity: 'warning',
        message: `所属行业“${industry}”未能识别为任何已收录判定标准的行业，已按全部行业的条款判定；如属工贸、化工等行业，请在台账或配置中写明行业（如“机械”“化工”）`,
        location: { file },
      });
      continue;
    }
    const selected = options.criteria.standards.filter((s) => ids.includes(s.id) && s.scope !== 'general');
    if (selected.length === 0 || selected.some((s) => s.verification.status !== 'metadata-only')) continue;
    const titles = [...new Set(selected.map((s) => `《${s.title}》`))].join('、');
    out.push({
      code: 'industry-standard-not-established',
      severity: 'warning',
      message: `所属行业“${industry}”对应的判定标准${titles}条文未收录（仅元数据），该行业专项条款无法判定，只按通用标准（消防、特种设备等）判定`,
      location: { file },
    });
  }
  return out;
}

/** Rows judged under the sector their 单位名称 names (no 所属行业): one note per file, so the user can correct it. */
function inferredIndustries(file: string, inferred: ReadonlyMap<string, number>, options: Pick<CheckFilesOptions, 'engine' | 'criteria'>): Diagnostic[] {
  if (inferred.size === 0) return [];
  const rows = [...inferred.values()].reduce((a, b) => a + b, 0);
  const examples = [...inferred.keys()].slice(0, 3).map((org) => {
    const ids = options.engine.industryStandards(org) ?? [];
    const domains = [...new Set(options.criteria.standards.filter((s) => ids.includes(s.id)).map((s) => s.domain))];
    return `“${org}”按${domains.join('、')}`;
  });
  return [
    {
      code: 'industry-inferred',
      severity: 'info',
      message: `${rows} 行未填所属行业，按单位名称所含行业判定（${examples.join('；')}${inferred.size > 3 ? ` 等 ${inferred.size} 家` : ''}）；如不符，请填写所属行业列或使用 --industry`,
      location: { file },
    },
  ];
}

function inputInfo(i: ReadFindingsResult['input'], complete: boolean): InputInfo {
  return {
    file: i.file,
    sha256: i.sha256,
    format: i.format,
    ...(i.encoding ? { encoding: i.encoding } : {}),
    sheets: i.sheets.map((s) => ({
      name: s.name,
      hidden: s.hidden,
      ...(s.headerRow !== undefined ? { headerRow: s.headerRow } : {}),
      records: s.records,
      columns: s.columns.map((c) => ({ column: c.column, header: c.header, ...(c.field ? { field: c.field } : {}), reason: c.reason })),
      ...(s.skipped ? { skipped: s.skipped } : {}),
    })),
    complete,
  };
}

/**
 * Read every file, judge every row. One unreadable file does not stop the others; it is reported. With a
 * `runner`, files run concurrently (worker threads) and results are still merged in input order.
 */
export async function checkFiles(files: readonly string[], options: CheckFilesOptions): Promise<CheckResult> {
  const summary = emptySummary(files.length);
  const waivers = options.waivers ?? [];
  const warnings: Diagnostic[] = [];
  for (const w of waivers) {
    if (w.expires < options.asOf) {
      // An expired waiver no longer applies; saying so keeps it from lapsing unnoticed.
      warnings.push({ code: 'waiver-expired', severity: 'warning', message: `豁免已过期（${w.expires}）：${w.rule}，审批人 ${w.approver}；该条款的发现按正常判定`, location: { file: '配置文件' } });
    }
  }
  const parts: FileCheck[] = new Array<FileCheck>(files.length);
  let done = 0;
  let rowsSoFar = 0;
  const finished = (part: FileCheck): void => {
    done++;
    rowsSoFar += part.summary.rows;
    options.onFile?.(done, files.length, rowsSoFar);
  };
  if (options.runner && !options.onRow && files.length > 1) {
    const runner = options.runner;
    await Promise.all(
      files.map(async (file, i) => {
        const part = await runner(file);
        parts[i] = part;
        finished(part);
      }),
    );
  } else {
    for (let i = 0; i < files.length; i++) {
      const part = await checkFile(files[i] ?? '', options);
      parts[i] = part;
      finished(part);
    }
  }
  const rows: CheckedRow[] = [];
  const inputs: InputInfo[] = [];
  const diagnostics: Diagnostic[] = [...warnings];
  let omitted = 0;
  let flagged = 0;
  for (const p of parts) {
    inputs.push(p.input);
    for (const r of p.rows) rows.push(r);
    diagnostics.push(...p.diagnostics);
    omitted += p.omitted;
    flagged += p.flagged;
    for (const k of ['filesUnreadable', 'rows', 'major', 'notMajor', 'indeterminate', 'underGraded', 'noBasis', 'waived', 'errors', 'warnings'] as const) summary[k] += p.summary[k];
  }
  for (const d of warnings) countDiagnostic(summary, d);
  return {
    schemaVersion: '1.0',
    tool: { name: 'hazard-toolkit', version: options.version },
    asOf: options.asOf,
    criteria: {
      hash: options.criteria.hash,
      files: options.criteria.files,
      standards: options.criteria.standards.length,
      rules: options.criteria.standards.reduce((n, s) => n + s.rules.length, 0),
    },
    inputs,
    rows,
    diagnostics,
    summary,
    rowsOmitted: omitted,
    rowsFlagged: flagged,
  };
}

/** Rows a reviewer must look at: majors, mis-gradings, undecided rows, rows with errors or warnings. */
export function isFlagged(row: CheckedRow): boolean {
  return row.determination !== 'not-major' || row.grading === 'no-basis' || row.diagnostics.some((d) => d.severity !== 'info');
}

/** Set aside matches under a live waiver: the row stays listed (nothing hidden), counted as waived, not as a finding. */
export function applyWaivers(row: CheckedRow, waivers: readonly Waiver[], asOf: string): CheckedRow {
  if (waivers.length === 0 || row.matches.length === 0) return row;
  const live = (ruleId: string): Waiver | undefined =>
    waivers.find((w) => w.rule === ruleId && w.expires >= asOf && (w.file === undefined || row.file.endsWith(w.file)));
  const waived = row.matches.flatMap((m) => {
    const w = live(m.ruleId);
    return w ? [{ ruleId: m.ruleId, reason: w.reason, approver: w.approver, expires: w.expires }] : [];
  });
  if (waived.length === 0) return row;
  return { ...row, waived };
}

/** A major row whose every match is waived. */
export function isWaived(row: CheckedRow): boolean {
  return row.waived !== undefined && row.waived.length === row.matches.length && row.matches.length > 0;
}

function tally(s: CheckSummary, row: CheckedRow): void {
  s.rows++;
  if (isWaived(row)) {
    s.waived++;
    for (const d of row.diagnostics) countDiagnostic(s, d);
    return;
  }
  if (row.determination === 'major') s.major++;
  else if (row.determination === 'indeterminate') s.indeterminate++;
  else s.notMajor++;
  if (row.grading === 'under-graded') s.underGraded++;
  if (row.grading === 'no-basis') s.noBasis++;
  for (const d of row.diagnostics) countDiagnostic(s, d);
}

function countDiagnostic(s: CheckSummary, d: Diagnostic): void {
  if (d.severity === 'error') s.errors++;
  else if (d.severity === 'warning') s.warnings++;
}

/** The inputs that were not read completely, each with the first error said about it (for 说明 sheets and report bodies). */
export function unreadableInputs(result: Pick<CheckResult, 'inputs' | 'diagnostics'>): { file: string; reason: string }[] {
  return result.inputs
    .filter((i) => !i.complete)
    .map((i) => ({ file: i.file, reason: result.diagnostics.find((d) => d.severity === 'error' && d.location.file === i.file)?.message ?? '未能完整读取' }));
}
