/**
 * 动态清零 at a day and over month-ends, and the 存量 burn-down (治本攻坚三年行动方案: 2024年底前基本消除存量, 2026年底前动态清零常态化). Each month-end is
 * judged with the hazards found by then and the dates known by then; 五落实 is the current content.
 */
import { addDays, addMonths, overdueAt, rectifiedBy, STOCK_CUTOFF } from '../domain/lifecycle.js';
import type { Fact } from './facts.js';
import type { BurnDownPoint, DynamicZero, DynamicZeroMonth, DynamicZeroVariant } from './types.js';

/** Last day of a `YYYY-MM` month. */
export function monthEnd(month: string): string {
  return addDays(addMonths(`${month}-01`, 1), -1);
}

/** `count` months ending with the month of `asOf`, each judged at its month-end or at asOf if earlier. */
export function trailingMonths(asOf: string, count: number): { month: string; date: string }[] {
  const first = addMonths(`${asOf.slice(0, 7)}-01`, 1 - count);
  return monthsBetween(first.slice(0, 7), asOf);
}

/** Months from `from` (YYYY-MM) to the month of `asOf`, judged at min(month-end, asOf). */
export function monthsBetween(from: string, asOf: string): { month: string; date: string }[] {
  const out: { month: string; date: string }[] = [];
  for (let day = `${from}-01`; day <= asOf; day = addMonths(day, 1)) {
    const end = monthEnd(day.slice(0, 7));
    out.push({ month: day.slice(0, 7), date: end < asOf ? end : asOf });
  }
  return out;
}

/** The 动态清零 state of the majors at `date`. */
export function dynamicZeroAt(
  majors: readonly Fact[],
  date: string,
  variant: DynamicZeroVariant,
): Omit<DynamicZeroMonth, 'month'> {
  let overdueMajors = 0;
  let openMajors = 0;
  let openMajorsMissingFiveInPlace = 0;
  for (const f of majors) {
    if (f.found > date || rectifiedBy(f, date)) continue;
    openMajors++;
    if (overdueAt(f, date)) overdueMajors++;
    if (!f.fiveInPlace) openMajorsMissingFiveInPlace++;
  }
  const holds = variant === 'strict' ? openMajors === 0 : overdueMajors === 0 && openMajorsMissingFiveInPlace === 0;
  return { date, holds, overdueMajors, openMajors, openMajorsMissingFiveInPlace };
}

export function dynamicZero(
  majors: readonly Fact[],
  asOf: string,
  window: number,
  variant: DynamicZeroVariant,
): DynamicZero {
  const now = dynamicZeroAt(majors, asOf, variant);
  const months = trailingMonths(asOf, window).map(({ month, date }) => ({
    month,
    ...dynamicZeroAt(majors, date, variant),
  }));
  return {
    variant,
    holds: now.holds,
    overdueMajors: now.overdueMajors,
    openMajors: now.openMajors,
    openMajorsMissingFiveInPlace: now.openMajorsMissingFiveInPlace,
    window,
    months,
  };
}

/** Open 存量 majors at each month-end from 2023-12 (the baseline) to the month of asOf. */
export function burnDown(majors: readonly Fact[], asOf: string): BurnDownPoint[] {
  const stock = majors.filter((f) => f.found <= STOCK_CUTOFF);
  const from = asOf < STOCK_CUTOFF ? asOf.slice(0, 7) : STOCK_CUTOFF.slice(0, 7);
  return monthsBetween(from, asOf).map(({ month, date }) => ({
    month,
    date,
    open: stock.filter((f) => f.found <= date && !rectifiedBy(f, date)).length,
  }));
}
