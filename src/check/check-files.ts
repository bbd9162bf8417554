import type { Waiver } from '../config/types.js';
import type { Criteria } from '../criteria/types.js';
import type { Diagnostic } from '../diagnostic.js';
import { InputError } from '../errors.js';
import { readFindings, type ReadFindingsOptions } from '../io/read-findings.js';
import type { Engine } from '../rules/compile-engine.js';
import { judgeRecord } from './judge-record.js';
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
}

/** Read every file, judge every row. One unreadable file does not stop the others; it is reported. */
export async function checkFiles(files: readonly string[], options: CheckFilesOptions): Promise<CheckResult> {
  const summary: CheckSummary = { files: files.length, filesUnreadable: 0, rows: 0, major: 0, notMajor: 0, indeterminate: 0, underGraded: 0, noBasis: 0, waived: 0, errors: 0, warnings: 0 };
  const waivers = options.waivers ?? [];
  const warnings: Diagnostic[] = [];
  for (const w of waivers) {
    if (w.expires < options.asOf) {
      // An expired waiver no longer applies; saying so keeps it from lapsing unnoticed.
      warnings.push({ code: 'waiver-expired', severity: 'warning', message: `豁免已过期（${w.expires}）：${w.rule}，审批人 ${w.approver}；该条款的发现按正常判定`, location: { file: '配置文件' } });
    }
  }
  const rows: CheckedRow[] = [];
  const inputs: InputInfo[] = [];
  const diagnostics: Diagnostic[] = [];
  let omitted = 0;
  let done = 0;
  for (const file of files) {
    try {
      const result = await readFindings(file, options.read, async (batch) => {
        for (const record of batch) {
          const row = applyWaivers(judgeRecord(record, options.engine), waivers, options.asOf);
          tally(summary, row);
          if (options.keep === 'all' || (options.keep === 'flagged' && isFlagged(row))) rows.push(row);
          else omitted++;
          if (options.onRow) await options.onRow(row);
        }
      });
      inputs.push({
        file: result.input.file,
        sha256: result.input.sha256,
        format: result.input.format,
        ...(result.input.encoding ? { encoding: result.input.encoding } : {}),
        sheets: result.input.sheets.map((s) => ({
          name: s.name,
          hidden: s.hidden,
          ...(s.headerRow !== undefined ? { headerRow: s.headerRow } : {}),
          records: s.records,
          columns: s.columns.map((c) => ({ column: c.column, header: c.header, ...(c.field ? { field: c.field } : {}), reason: c.reason })),
          ...(s.skipped ? { skipped: s.skipped } : {}),
        })),
        complete: result.complete,
      });
      diagnostics.push(...result.diagnostics);
      if (!result.complete) summary.filesUnreadable++;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      summary.filesUnreadable++;
      inputs.push({ file, sheets: [], complete: false });
      diagnostics.push({ code: e.code, severity: 'error', message: e.message, location: { file } });
    }
    done++;
    options.onFile?.(done, files.length, summary.rows);
  }
  diagnostics.unshift(...warnings);
  for (const d of diagnostics) countDiagnostic(summary, d);
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
