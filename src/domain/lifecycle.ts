/**
 * Pure per-record lifecycle derivations (docs/report-model.md): deadline, rectification date, overdue, 按期,
 * 五落实, 存量/增量 and a fingerprint. Every date is an ISO `YYYY-MM-DD` day in Asia/Shanghai, so day
 * granularity is plain string comparison. `asOf` is a day too; nothing here reads the clock.
 */
import { createHash } from 'node:crypto';
import type { FindingRecord, Level } from './finding-record.js';

import { addDays, addMonths, daysBetween, isoDay } from '../dates/calendar.js';
import { resolveDeadlineText } from '../dates/deadline.js';
import type { Determination } from './levels.js';

export { addDays, addMonths, daysBetween, isoDay };

export type { Determination };

/** 五落实 in the order 责任、措施、资金、时限、预案. */
export const FIVE_IN_PLACE_ITEMS = ['owner', 'measures', 'funds', 'deadline', 'plan'] as const;

export type FiveInPlaceItem = (typeof FIVE_IN_PLACE_ITEMS)[number];

export const FIVE_IN_PLACE_LABELS: Readonly<Record<FiveInPlaceItem, string>> = {
  owner: '责任',
  measures: '措施',
  funds: '资金',
  deadline: '时限',
  plan: '预案',
};

/** 存量 = 重大隐患 "2023年及以前排查发现" (治本攻坚三年行动), membership by found date. */
export const STOCK_CUTOFF = '2023-12-31';

export interface LifecycleOptions {
  /** Strict mode: a hazard counts as rectified on acceptance (验收) or 销号, not on the 整改完成 date. */
  strict?: boolean;
}

/** The dates every time-dependent predicate needs, derived once per record. */
export interface LifecycleDates {
  found?: string;
  due?: string;
  done?: string;
  closed?: string;
}

/** Everything the ledger writer and the report derive for one record at `asOf`. */
export interface Lifecycle extends LifecycleDates {
  level?: Level;
  rejected: boolean;
  rectified: boolean;
  overdue: boolean;
  overdueDays: number;
  /** null when not yet rectified or when there is no deadline to judge against. */
  onTime: boolean | null;
  late: boolean;
  closedByAsOf: boolean;
  missingFiveInPlace: FiveInPlaceItem[];
  stockOrIncrement?: '存量' | number;
}

/**
 * The resolved deadline: the reader's date (absolute, or relative to the found date), else 立即 ⇒ the found date.
 * Text the reader could not read (2024年度内, 3月底前后: kind `unparsed`) has no deadline here either: a deadline is
 * never invented.
 */
export function dueDate(record: FindingRecord): string | undefined {
  const { deadline, found_date } = record.fields;
  const resolved = isoDay(deadline?.date);
  if (resolved !== undefined || deadline === undefined) return resolved;
  if (deadline.kind === 'immediate') return isoDay(found_date);
  // A relative deadline whose found date came later (or was set by hand): the same grammar as the reader's.
  const found = isoDay(found_date);
  const raw = record.raw.deadline?.raw;
  if (deadline.kind !== 'relative' || found === undefined || raw === undefined) return undefined;
  return resolveDeadlineText(raw, found);
}

/** 验收不通过/审批驳回: the hazard is open again whatever dates the row carries. */
export function isRejected(record: FindingRecord): boolean {
  const { status, acceptance, closed_date } = record.fields;
  return status === 'rejected' || (acceptance === 'failed' && closed_date === undefined);
}

/**
 * The day the hazard counts as rectified. Default: 整改完成日期, falling back to a later stage's date
 * (验收, 销号) when it is missing. Strict: 验收日期 ?? 销号日期.
 */
export function doneDate(record: FindingRecord, options: LifecycleOptions = {}): string | undefined {
  if (isRejected(record)) return undefined;
  const f = record.fields;
  const accepted = f.acceptance === 'failed' ? undefined : isoDay(f.accepted_date);
  if (options.strict) return accepted ?? isoDay(f.closed_date);
  return isoDay(f.completed_date) ?? accepted ?? isoDay(f.closed_date);
}

export function lifecycleDates(record: FindingRecord, options: LifecycleOptions = {}): LifecycleDates {
  const found = isoDay(record.fields.found_date);
  const due = dueDate(record);
  const done = doneDate(record, options);
  const closed = isRejected(record) ? undefined : isoDay(record.fields.closed_date);
  return { found, due, done, closed };
}

export function rectifiedBy(d: LifecycleDates, asOf: string): boolean {
  return d.done !== undefined && d.done <= asOf;
}

export function overdueAt(d: LifecycleDates, asOf: string): boolean {
  return !rectifiedBy(d, asOf) && d.due !== undefined && d.due < asOf;
}

export function onTimeBy(d: LifecycleDates, asOf: string): boolean {
  return rectifiedBy(d, asOf) && d.due !== undefined && d.done !== undefined && d.done <= d.due;
}

export function lateBy(d: LifecycleDates, asOf: string): boolean {
  return rectifiedBy(d, asOf) && d.due !== undefined && d.done !== undefined && d.done > d.due;
}

export function closedBy(d: LifecycleDates, asOf: string): boolean {
  return d.closed !== undefined && d.closed <= asOf;
}

export function isRectified(record: FindingRecord, asOf: string, options: LifecycleOptions = {}): boolean {
  return rectifiedBy(lifecycleDates(record, options), asOf);
}

/** 逾期未整改: not rectified by `asOf` and the deadline lies before it. */
export function isOverdue(record: FindingRecord, asOf: string, options: LifecycleOptions = {}): boolean {
  return overdueAt(lifecycleDates(record, options), asOf);
}

export function overdueDays(record: FindingRecord, asOf: string, options: LifecycleOptions = {}): number {
  const d = lifecycleDates(record, options);
  return overdueAt(d, asOf) && d.due !== undefined ? daysBetween(d.due, asOf) : 0;
}

/** 按期整改: rectified by `asOf`, on or before the deadline day. */
export function isOnTime(record: FindingRecord, asOf: string, options: LifecycleOptions = {}): boolean {
  return onTimeBy(lifecycleDates(record, options), asOf);
}

/** 超期整改: rectified by `asOf`, after the deadline day. */
export function isLate(record: FindingRecord, asOf: string, options: LifecycleOptions = {}): boolean {
  return lateBy(lifecycleDates(record, options), asOf);
}

export function isClosedBy(record: FindingRecord, asOf: string): boolean {
  return closedBy(lifecycleDates(record), asOf);
}

const PLACEHOLDER = /^(无|暂无|没有|\/|／|-+|—+|－|空|待定|n\/?a)$/i;

function hasContent(value: string | undefined): boolean {
  const t = value?.trim() ?? '';
  return t !== '' && !PLACEHOLDER.test(t);
}

function fundsNotNeeded(record: FindingRecord): boolean {
  if (record.fields.funds_not_needed === true) return true;
  const raw = record.raw.funds?.raw ?? '';
  return /无需(资金|投入|费用)?|不需(要)?(资金|投入)|无资金需求/.test(raw.normalize('NFKC'));
}

/** Which of 责任/措施/资金/时限/预案 are missing. fi_* flags override the content columns. */
export function missingFiveInPlace(record: FindingRecord): FiveInPlaceItem[] {
  const f = record.fields;
  const funds = f.funds !== undefined && f.funds > 0;
  const present: Record<FiveInPlaceItem, boolean> = {
    owner: f.fi_owner ?? hasContent(f.owner),
    measures: f.fi_measures ?? hasContent(f.measures),
    funds: f.fi_funds ?? (funds || fundsNotNeeded(record)),
    deadline: f.fi_deadline ?? dueDate(record) !== undefined,
    plan: f.fi_plan ?? hasContent(f.plan),
  };
  return FIVE_IN_PLACE_ITEMS.filter((k) => !present[k]);
}

/** '存量' when found on or before 2023-12-31, else the found year; undefined without a found date. */
export function stockOrIncrement(record: FindingRecord): '存量' | number | undefined {
  const found = isoDay(record.fields.found_date);
  if (found === undefined) return undefined;
  return found <= STOCK_CUTOFF ? '存量' : Number(found.slice(0, 4));
}

function normaliseText(value: string | undefined): string {
  return (value ?? '').normalize('NFKC').replace(/[\s\p{P}\p{S}]+/gu, '').toLowerCase();
}

/**
 * A short stable identity: org + 隐患编号 when there is a real one (not a synthesised `row:N`), else
 * org + found date + location + normalised description (docs/report-model.md).
 */
export function fingerprint(record: FindingRecord): string {
  const f = record.fields;
  const id = f.hazard_id?.trim();
  const org = normaliseText(f.org_name);
  const basis =
    id !== undefined && id !== '' && !/^row:/.test(id)
      ? ['id', org, id.normalize('NFKC')]
      : ['text', org, isoDay(f.found_date) ?? '', normaliseText(f.location), normaliseText(f.description)];
  return createHash('sha1').update(basis.join('\u0001')).digest('hex').slice(0, 12);
}

/** The recorded level, overridden by the engine's determination unless it is indeterminate. */
export function effectiveLevel(record: FindingRecord, determination?: Determination): Level | undefined {
  if (determination === 'major') return 'major';
  if (determination === 'not-major') return 'general';
  return record.fields.level;
}

/** All derivations for one record at `asOf`. */
export function lifecycle(
  record: FindingRecord,
  asOf: string,
  options: LifecycleOptions & { determination?: Determination } = {},
): Lifecycle {
  const d = lifecycleDates(record, options);
  const rectified = rectifiedBy(d, asOf);
  const overdue = overdueAt(d, asOf);
  // One literal of fixed shape (no spread): a million ledger rows share one hidden class. The fingerprint is
  // not part of it: only `--previous` needs one, and its NFKC + hash cost a tenth of a large ledger's time.
  return {
    found: d.found,
    due: d.due,
    done: d.done,
    closed: d.closed,
    level: effectiveLevel(record, options.determination),
    rejected: isRejected(record),
    rectified,
    overdue,
    overdueDays: overdue && d.due !== undefined ? daysBetween(d.due, asOf) : 0,
    onTime: rectified && d.due !== undefined ? onTimeBy(d, asOf) : null,
    late: lateBy(d, asOf),
    closedByAsOf: closedBy(d, asOf),
    missingFiveInPlace: missingFiveInPlace(record),
    stockOrIncrement: stockOrIncrement(record),
  };
}
