import type { Diagnostic } from '../diagnostic.js';
import type { FieldId, FindingRecord, NormalisedFields, SourceCell } from '../domain/finding-record.js';
import type { Determination, Grading } from '../domain/levels.js';
import type { Candidate, RuleMatch } from '../rules/types.js';

export { DETERMINATION_TEXT, GRADING_TEXT, type Grading } from '../domain/levels.js';

/** One input row, judged. */
export interface CheckedRow {
  file: string;
  sheet: string;
  row: number;
  recordedLevel: 'general' | 'major' | null;
  determination: Determination;
  grading: Grading;
  matches: RuleMatch[];
  partial: RuleMatch[];
  candidates: Candidate[];
  fields: NormalisedFields;
  raw: Partial<Record<FieldId, SourceCell>>;
  extra: Record<string, string>;
  diagnostics: Diagnostic[];
  /** Matches set aside by a waiver in the config: still listed, counted separately. */
  waived?: { ruleId: string; reason: string; approver: string; expires: string }[];
}

export interface InputSheetInfo {
  name: string;
  hidden: boolean;
  headerRow?: number;
  records: number;
  columns: { column: string; header: string; field?: FieldId; reason: string }[];
  skipped?: string;
}

export interface InputInfo {
  file: string;
  sha256?: string;
  format?: 'xlsx' | 'csv';
  encoding?: string;
  sheets: InputSheetInfo[];
  /** False when part of the file could not be read (exit 3). */
  complete: boolean;
}

export interface CheckSummary {
  files: number;
  filesUnreadable: number;
  rows: number;
  major: number;
  notMajor: number;
  indeterminate: number;
  underGraded: number;
  noBasis: number;
  /** Rows whose every major match is waived. */
  waived: number;
  errors: number;
  warnings: number;
}

/** The one result model behind every rendering of `hazard check` (text, json, sarif, junit). */
export interface CheckResult {
  schemaVersion: '1.0';
  tool: { name: 'hazard-toolkit'; version: string };
  asOf: string;
  criteria: { hash: string; files: string[]; standards: number; rules: number };
  /** The config file applied, as outputs name it (set by the verb; absent from library callers). */
  config?: string;
  inputs: InputInfo[];
  rows: CheckedRow[];
  /** File- and sheet-level diagnostics; row-level ones stay on their row. */
  diagnostics: Diagnostic[];
  summary: CheckSummary;
  /** Rows judged but not kept in `rows` (text output of very large inputs keeps only flagged rows). */
  rowsOmitted: number;
  /** Rows worth a person's attention (majors, mis-gradings, undecided, warnings), kept or not. */
  rowsFlagged: number;
}

export type { FindingRecord };
