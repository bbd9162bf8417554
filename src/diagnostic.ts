/** Where a problem sits: a YAML position for criteria, a cell for spreadsheets. */
export interface Location {
  file: string;
  line?: number;
  col?: number;
  sheet?: string;
  /** Excel row number as Excel shows it (1-based, title and header rows counted). */
  row?: number;
  /** Column letter, e.g. "F". */
  column?: string;
  /** The header text of that column as written in the workbook. */
  header?: string;
  /** The raw cell value, verbatim. */
  value?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem found while reading or judging. Diagnostics are data; only the CLI turns them into an
 * exit code. `code` is a stable kebab-case identifier users can filter on.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  /** Chinese, one line, says what is wrong and what to do. */
  message: string;
  location: Location;
  ruleId?: string;
}

/** `file:line:col` for YAML, `file [sheet] 行N 列F(表头)` for spreadsheets. */
export function formatLocation(loc: Location): string {
  if (loc.line !== undefined) return `${loc.file}:${loc.line}:${loc.col ?? 1}`;
  const parts = [loc.file];
  if (loc.sheet !== undefined) parts.push(`[${loc.sheet}]`);
  if (loc.row !== undefined) parts.push(`第${loc.row}行`);
  if (loc.column !== undefined) parts.push(`${loc.column}列${loc.header ? `(${loc.header})` : ''}`);
  return parts.join(' ');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
