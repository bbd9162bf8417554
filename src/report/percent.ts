/** Number display shared by the report model's gap texts and every renderer (one decimal, half up; docs/report-model.md). */
import type { Rate } from './types.js';

/** One decimal and a % sign; "/" when the denominator was 0 (the regulator convention). */
export function percentText(rate: Rate): string {
  if (rate === null) return '/';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A target threshold: "95%", "100%", "83.3%". */
export function targetPercent(rate: number): string {
  const tenths = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

/** "2024年12月31日". */
export { cnDate } from '../dates/calendar.js';
