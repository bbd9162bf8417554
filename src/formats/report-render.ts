/** One entry for every report format: the text formats return a string, xlsx the workbook bytes. */
import type { ReportResult } from '../report/types.js';
import { renderReportXlsx } from './report-xlsx.js';
import { renderReportHtml } from './report-html.js';
import { renderReportJson } from './report-json.js';
import { renderReportMd } from './report-md.js';
import { renderReportText, type TextReportOptions } from './report-text.js';

export const REPORT_TEXT_FORMATS = ['text', 'md', 'json', 'html'] as const;
export const REPORT_FORMATS = [...REPORT_TEXT_FORMATS, 'xlsx'] as const;

export type ReportTextFormat = (typeof REPORT_TEXT_FORMATS)[number];
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const renderers = {
  text: renderReportText,
  md: renderReportMd,
  json: renderReportJson,
  html: renderReportHtml,
} satisfies Record<ReportTextFormat, (result: ReportResult, options?: TextReportOptions) => string>;

export function renderReport(result: ReportResult, format: ReportTextFormat, options?: TextReportOptions): string;
export function renderReport(result: ReportResult, format: 'xlsx'): Promise<Uint8Array>;
export function renderReport(
  result: ReportResult,
  format: ReportFormat,
  options?: TextReportOptions,
): string | Promise<Uint8Array>;
/** Renders the report model in one format (xlsx asynchronously, as workbook bytes). */
export function renderReport(
  result: ReportResult,
  format: ReportFormat,
  options: TextReportOptions = {},
): string | Promise<Uint8Array> {
  return format === 'xlsx' ? renderReportXlsx(result) : renderers[format](result, options);
}
