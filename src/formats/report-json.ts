/** JSON report: the result model as is; schema/report.schema.json describes it. Pure. */
import type { ReportResult } from '../report/types.js';

export function renderReportJson(result: ReportResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
