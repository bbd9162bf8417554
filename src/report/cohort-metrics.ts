/** Counts and rates of one cohort of facts at asOf (docs/report-model.md). */
import { closedBy, lateBy, onTimeBy, overdueAt, rectifiedBy } from '../domain/lifecycle.js';
import type { Fact } from './facts.js';
import type { CohortMetrics, OnTimeVariant, Rate } from './types.js';

export function rate(numerator: number, denominator: number): Rate {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * 整改率, 按期整改率 (due- or cohort-based), 逾期未整改, 超期整改, 销号率, 自查率, 自查自改率, 五落实完整率.
 * Facts must already be in scope (found ≤ asOf).
 */
export function cohortMetrics(facts: readonly Fact[], asOf: string, variant: OnTimeVariant): CohortMetrics {
  const month = asOf.slice(0, 7);
  let newInMonth = 0;
  let rectified = 0;
  let due = 0;
  let onTime = 0;
  let overdue = 0;
  let lateRectified = 0;
  let closed = 0;
  let selfFound = 0;
  let governmentFound = 0;
  let selfRectified = 0;
  let majors = 0;
  let fiveInPlace = 0;
  for (const f of facts) {
    const isRect = rectifiedBy(f, asOf);
    const isDue = f.due !== undefined && f.due <= asOf;
    if (f.found.startsWith(month)) newInMonth++;
    if (isRect) rectified++;
    if (isDue) due++;
    if (onTimeBy(f, asOf) && (variant === 'cohort' || isDue)) onTime++;
    if (overdueAt(f, asOf)) overdue++;
    if (lateBy(f, asOf)) lateRectified++;
    if (closedBy(f, asOf)) closed++;
    if (f.source === 'government') governmentFound++;
    if (f.source === 'self') {
      selfFound++;
      if (isRect) selfRectified++;
    }
    if (f.level === 'major') {
      majors++;
      if (f.fiveInPlace) fiveInPlace++;
    }
  }
  const total = facts.length;
  return {
    total,
    newInMonth,
    rectified,
    rectificationRate: rate(rectified, total),
    open: total - rectified,
    due,
    onTime,
    onTimeRate: rate(onTime, variant === 'due' ? due : total),
    overdue,
    lateRectified,
    closed,
    closedRate: rate(closed, total),
    selfFound,
    governmentFound,
    selfFoundRate: rate(selfFound, total),
    selfRectified,
    selfRectifiedRate: rate(selfRectified, selfFound),
    fiveInPlace,
    fiveInPlaceRate: rate(fiveInPlace, majors),
  };
}
