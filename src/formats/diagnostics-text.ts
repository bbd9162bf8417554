import type { ChalkInstance } from 'chalk';
import { formatLocation, type Diagnostic } from '../diagnostic.js';

const SEVERITY_TEXT = { error: '错误', warning: '警告', info: '提示' } as const;

/** `file:line:col  severity  code  message`, one per line, sorted by location (Spectral's text format). */
export function formatDiagnosticsText(diagnostics: readonly Diagnostic[], color: ChalkInstance): string {
  const sorted = [...diagnostics].sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      (a.location.row ?? 0) - (b.location.row ?? 0) ||
      (a.location.col ?? 0) - (b.location.col ?? 0),
  );
  return sorted
    .map((d) => {
      const sev = SEVERITY_TEXT[d.severity];
      const paint = d.severity === 'error' ? color.red : d.severity === 'warning' ? color.yellow : color.blue;
      return `${formatLocation(d.location)}  ${paint(sev)}  ${color.dim(d.code)}  ${d.message}\n`;
    })
    .join('');
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { error: number; warning: number; info: number } {
  const c = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) c[d.severity]++;
  return c;
}
