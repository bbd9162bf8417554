/** The report's entry point: checks the options, then computes the result model. */
import { isIsoDay } from '../dates/calendar.js';
import { UsageError } from '../errors.js';
import type { FindingRecord } from '../domain/finding-record.js';
import { computeReport, computeReportFromFacts } from './compute-report.js';
import { FactCollector, makeOrgResolver } from './facts.js';
import type { GroupBy, ReportOptions, ReportResult } from './types.js';

const GROUP_BYS: readonly string[] = ['region', 'industry', 'org', 'sup_level', 'none'] satisfies (GroupBy | 'none')[];

/**
 * Builds the 按期整改率 report of `records` as of `options.asOf`.
 * Throws UsageError for an invalid asOf, window or grouping.
 */
export function buildReport(records: readonly FindingRecord[], options: ReportOptions): ReportResult {
  checkOptions(options);
  return computeReport(records, options);
}

/**
 * For streaming callers: a collector to `add(record, determination)` row by row, then `finish()` for the report.
 * Memory holds one compact fact per in-scope row, never the records.
 */
export function startReport(options: ReportOptions): { add: FactCollector['add']; finish: () => ReportResult } {
  checkOptions(options);
  const resolveOrg = makeOrgResolver(options.roster);
  const collector = new FactCollector(options, resolveOrg);
  return {
    add: (record, determination) => collector.add(record, determination),
    finish: () => computeReportFromFacts(collector, options, resolveOrg),
  };
}

function checkOptions(options: ReportOptions): void {
  if (!isIsoDay(options.asOf)) throw new UsageError(`统计截止日期 "${options.asOf}" 不是有效的 YYYY-MM-DD 日期`);
  if (options.window !== undefined && !(Number.isInteger(options.window) && options.window >= 1)) {
    throw new UsageError(`动态清零月份窗口必须是正整数，收到 ${options.window}`);
  }
  const bys = typeof options.by === 'string' ? [options.by] : (options.by ?? []);
  const bad = bys.find((b) => !GROUP_BYS.includes(b));
  if (bad !== undefined) throw new UsageError(`未知的分组方式 "${bad}"，可选：${GROUP_BYS.join('、')}`);
}
