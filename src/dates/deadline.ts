/**
 * 整改期限 written as text: an immediate deadline (立即, 当场, 立行立改), none at all (长期, 待定, 无), or a span after
 * the found date (7天, 两周内, 1个月内, 限期30日, 半个月). The one grammar every verb uses, so `check`, `ledger` and
 * `report` agree on every row: text that is none of these is unreadable — never resolved by a looser pattern.
 */
import { parseChineseNumber } from '../text/numerals.js';
import { addDays, addMonths } from './calendar.js';

export type DeadlineText =
  | { kind: 'none' }
  | { kind: 'immediate' }
  | { kind: 'relative'; n: number; unit: 'day' | 'workday' | 'week' | 'month' | 'year' }
  | { kind: 'invalid-number' };

const NONE = /^(长期|待定|暂定|无|\/|-+|—+|未定|持续整改|长期整改|不确定)$/;
const IMMEDIATE = /^(立即|立即整改|即查即改|当场|当场整改|立行立改|马上|当即|现场整改|立即停止|当日|当天|即时)/;
const RELATIVE = /^(?:限期|整改期限|期限)?([0-9]+|[一二两三四五六七八九十半]+)(个)?(天|日|周|星期|个?月|年|工作日)(?:内|以内|之内)?(?:完成|整改|整改完成)?$/;

const DAYS_PER = { day: 1, workday: 1, week: 7, month: 31, year: 366 } as const;
const MAX_SPAN_DAYS = 3660;

/** Classifies a deadline text (already NFKC-normalised, whitespace removed); undefined when it is none of these. */
export function classifyDeadlineText(t: string): DeadlineText | undefined {
  if (NONE.test(t)) return { kind: 'none' };
  if (IMMEDIATE.test(t)) return { kind: 'immediate' };
  const rel = RELATIVE.exec(t);
  if (!rel?.[1] || !rel[3]) return undefined;
  const n = parseChineseNumber(rel[1]);
  if (n === undefined) return { kind: 'invalid-number' };
  const u = rel[3].replace('个', '');
  const unit = u === '周' || u === '星期' ? 'week' : u === '月' ? 'month' : u === '年' ? 'year' : u === '工作日' ? 'workday' : 'day';
  // “99999天” is a slip, not a deadline: a span past ten years is not resolved into a date nobody set.
  if (n * DAYS_PER[unit] > MAX_SPAN_DAYS) return { kind: 'invalid-number' };
  return { kind: 'relative', n, unit };
}

/** The day a relative deadline falls on. 工作日 are counted as calendar days (said so by the reader). */
export function resolveRelative(rel: Extract<DeadlineText, { kind: 'relative' }>, found: string): string {
  switch (rel.unit) {
    case 'week':
      return addDays(found, Math.round(rel.n * 7));
    case 'month':
      return rel.n === 0.5 ? addDays(found, 15) : addMonths(found, rel.n);
    case 'year':
      return addMonths(found, rel.n * 12);
    default:
      return addDays(found, rel.n);
  }
}

/** Text → the deadline day counted from `found`, or undefined when the text sets no readable deadline. */
export function resolveDeadlineText(text: string, found: string): string | undefined {
  const c = classifyDeadlineText(text.normalize('NFKC').replace(/\s+/g, ''));
  if (c === undefined) return undefined;
  if (c.kind === 'immediate') return found;
  if (c.kind === 'relative') return resolveRelative(c, found);
  return undefined;
}
