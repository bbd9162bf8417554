/**
 * The canonical hazard record: one input row of a 隐患排查治理台账, normalised.
 * Field ids follow docs/report-model.md; every normalised value keeps the verbatim cell text beside it.
 */
import type { Diagnostic } from '../diagnostic.js';

/** Canonical column ids (docs/report-model.md), in ledger column order. */
export const FIELD_IDS = [
  'seq',
  'hazard_id',
  'org_name',
  'uscc',
  'region',
  'industry',
  'dept',
  'location',
  'description',
  'category',
  'level',
  'basis',
  'found_date',
  'source',
  'inspector',
  'leader',
  'measures',
  'owner',
  'owner_unit',
  'funds',
  'deadline',
  'plan',
  'status',
  'completed_date',
  'acceptor',
  'accepted_date',
  'acceptance',
  'closed_date',
  'closed_by',
  'supervised',
  'sup_level',
  'sup_org',
  'sup_doc',
  'sup_date',
  'stop_prod',
  'in_plan',
  'fi_owner',
  'fi_measures',
  'fi_funds',
  'fi_deadline',
  'fi_plan',
  'remarks',
  'check_result',
  'clause_ref',
] as const;

export type FieldId = (typeof FIELD_IDS)[number];

/** Canonical hazard level. 较大/重点 map to general with a warning (《安全生产事故隐患排查治理暂行规定》 has only 重大 and 一般). */
export type Level = 'general' | 'major';

/** Canonical lifecycle state (docs/report-model.md). Overdue is derived, never stored. */
export type State = 'open' | 'in-progress' | 'rectified' | 'accepted' | 'closed' | 'rejected' | 'draft';

/** 企业自查 / 部门检查 / 群众举报 (docs/report-model.md). */
export type SourceBucket = 'self' | 'government' | 'report' | 'other';

/** A cell as read: where it is and its verbatim text. */
export interface SourceCell {
  /** Column letter, e.g. "F". */
  column: string;
  /** Header text as written in the workbook (multi-row headers joined with "/"). */
  header: string;
  /** Verbatim cell text (dates as the workbook displays or stores them). */
  raw: string;
}

/** A deadline as written: an absolute date, relative to the found date, or none (长期/待定/—). */
export interface Deadline {
  /** Resolved ISO date (YYYY-MM-DD), when it could be resolved. */
  date?: string;
  kind: 'date' | 'relative' | 'immediate' | 'none' | 'unparsed';
}

/** Normalised values. Dates are ISO `YYYY-MM-DD` in Asia/Shanghai. Absent means empty or unreadable. */
export interface NormalisedFields {
  hazard_id?: string;
  org_name?: string;
  uscc?: string;
  region?: string;
  industry?: string;
  dept?: string;
  location?: string;
  description?: string;
  category?: string;
  level?: Level;
  /** The raw sublevel when it was not a plain 一般/重大 (较大, 重点, 一级, A…). */
  sublevel?: string;
  basis?: string;
  found_date?: string;
  source?: SourceBucket;
  inspector?: string;
  leader?: string;
  measures?: string;
  owner?: string;
  owner_unit?: string;
  /** 元 (converted from the header unit, e.g. 万元). */
  funds?: number;
  /** The funds cell (or a flag column) says 无需资金: funds of 0 then still count as 五落实-资金 (docs/report-model.md). */
  funds_not_needed?: boolean;
  deadline?: Deadline;
  plan?: string;
  status?: State;
  completed_date?: string;
  acceptor?: string;
  accepted_date?: string;
  acceptance?: 'passed' | 'failed';
  closed_date?: string;
  closed_by?: string;
  supervised?: boolean;
  sup_level?: string;
  sup_org?: string;
  sup_doc?: string;
  sup_date?: string;
  stop_prod?: string;
  in_plan?: boolean;
  fi_owner?: boolean;
  fi_measures?: boolean;
  fi_funds?: boolean;
  fi_deadline?: boolean;
  fi_plan?: boolean;
  remarks?: string;
  /** Self-inspection checklist rows (issue 8): 符合 / 不符合 / 不涉及 / blank. */
  check_result?: 'pass' | 'fail' | 'na';
  /** A rule id written in a checklist row (e.g. mem-2023-10/12.2). */
  clause_ref?: string;
}

/** One input row, normalised, with the verbatim cells and the problems found reading it. */
export interface FindingRecord {
  file: string;
  sheet: string;
  /** Excel row number as Excel shows it (CSV: 1-based line of the record's first line). */
  row: number;
  fields: NormalisedFields;
  /** Verbatim source cells by canonical field. */
  raw: Partial<Record<FieldId, SourceCell>>;
  /** Cells of columns that mapped to no canonical field, by header, kept for the ledger. */
  extra: Record<string, string>;
  diagnostics: Diagnostic[];
}
