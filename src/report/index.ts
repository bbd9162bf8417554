/** Public API of the report: build the result model, then render it. */
export { buildReport, startReport } from './build-report.js';
export { renderReport, REPORT_FORMATS, type ReportFormat } from '../formats/report-render.js';
export { writeReportXlsx } from '../formats/report-xlsx.js';
export { DEFAULT_TARGET_PROFILE, TARGET_PROFILES, TARGET_PROFILE_IDS } from './targets.js';
export { isHighRiskIndustry, highRiskSector } from '../domain/industry.js';
export type * from './types.js';
