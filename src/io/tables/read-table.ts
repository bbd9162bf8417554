import type { Diagnostic } from '../../diagnostic.js';
import { normaliseHeader } from '../findings/header-detect.js';
import { parseBoolean, parseDateCell } from '../findings/normalise-values.js';
import { openWorkbook } from '../workbook/open-workbook.js';
import { isExcelDate, type RawCell, type RawRow } from '../workbook/raw.js';

/** A small auxiliary table (inspection log, enterprise roster): header synonyms per key. */
export type TableSpec<K extends string> = Record<K, readonly string[]>;

export interface TableRow<K extends string> {
  row: number;
  sheet: string;
  values: Partial<Record<K, string>>;
  /** Date-typed columns as ISO days. */
  dates: Partial<Record<K, string>>;
}

/** Read every sheet whose header (in the first 15 rows) names at least two keys of the spec. */
export async function readTable<K extends string>(path: string, spec: TableSpec<K>): Promise<{ rows: TableRow<K>[]; diagnostics: Diagnostic[] }> {
  const wb = await openWorkbook(path);
  const rows: TableRow<K>[] = [];
  const diagnostics: Diagnostic[] = [...wb.diagnostics];
  const keys = Object.keys(spec) as K[];
  const lookup = new Map<string, K>();
  for (const k of keys) for (const syn of spec[k]) lookup.set(normaliseHeader(syn).bare, k);
  for (const sheet of wb.sheets) {
    // The tool's own notes sheet and a 填表说明 sheet explain, they hold no rows.
    if (/说明|须知|instruction|readme/i.test(sheet.name)) continue;
    let header: { row: number; cols: Map<number, K> } | undefined;
    const scanned: RawRow[] = [];
    for await (const batch of sheet.rows()) {
      for (const row of batch) {
        if (!header) {
          scanned.push(row);
          const cols = new Map<number, K>();
          row.cells.forEach((c, i) => {
            const k = lookup.get(normaliseHeader(text(c)).bare);
            if (k && ![...cols.values()].includes(k)) cols.set(i, k);
          });
          if (cols.size >= 2) header = { row: row.row, cols };
          continue;
        }
        if (row.cells.every((c) => text(c) === '')) continue;
        const values: Partial<Record<K, string>> = {};
        const dates: Partial<Record<K, string>> = {};
        for (const [i, k] of header.cols) {
          const c = row.cells[i] ?? null;
          const t = text(c);
          if (t === '') continue;
          values[k] = t;
          const d = parseDateCell(c);
          if (d.date) dates[k] = d.date;
        }
        rows.push({ row: row.row, sheet: sheet.name, values, dates });
      }
    }
    if (!header && scanned.length) {
      // Skipped content, as for a ledger: an error, so the run exits 3 instead of reporting from half the data.
      diagnostics.push({ code: 'sheet-no-header', severity: 'error', message: `工作表「${sheet.name}」找不到表头（需要 ${keys.map((k) => spec[k][0]).join('、')} 中至少两列），${scanned.length} 行有内容的行未读取`, location: { file: path, sheet: sheet.name, ...(scanned[0] ? { row: scanned[0].row } : {}) } });
    }
  }
  if (rows.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push({ code: 'table-no-rows', severity: 'error', message: '文件中没有可读取的数据行', location: { file: path } });
  }
  return { rows, diagnostics };
}

export { parseBoolean };

function text(c: RawCell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c.trim();
  if (isExcelDate(c)) return parseDateCell(c).date ?? '';
  return String(c);
}
