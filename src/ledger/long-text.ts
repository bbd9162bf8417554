import type { Diagnostic } from '../diagnostic.js';
import { LEDGER_COLUMNS, type LedgerRow } from './ledger-columns.js';

/** Excel's limit on the characters (UTF-16 units) of one cell; a longer cell makes Excel repair the file. */
export const EXCEL_CELL_UNITS = 32_767;
export const TRUNCATION_MARKER = '……【超长已截断，全文见“超长文本”表】';

/** A cell's full text, kept beside the ledger when the cell itself had to be cut. */
export interface LongText {
  file: string;
  sheet: string;
  row: number;
  header: string;
  text: string;
}

/**
 * Cuts every text over Excel's limit in a ledger row to the limit, ending with a marker, and returns the full
 * texts (for the “超长文本” sheet) and one located diagnostic each. Never splits a surrogate pair.
 */
export function foldLongTexts(lr: LedgerRow, source: { file: string; sheet: string; row: number; column?: (header: string) => string | undefined }): { texts: LongText[]; diagnostics: Diagnostic[] } {
  const texts: LongText[] = [];
  const diagnostics: Diagnostic[] = [];
  const fold = (text: string, header: string): string => {
    texts.push({ file: source.file, sheet: source.sheet, row: source.row, header, text });
    const column = source.column?.(header);
    diagnostics.push({
      code: 'cell-truncated',
      severity: 'warning',
      message: `该单元格有 ${text.length} 个字符，超过 Excel 单元格上限 ${EXCEL_CELL_UNITS}：台账中截断并注明，全文写在“超长文本”表`,
      location: { file: source.file, sheet: source.sheet, row: source.row, ...(column ? { column } : {}), header },
    });
    return cut(text, EXCEL_CELL_UNITS - TRUNCATION_MARKER.length) + TRUNCATION_MARKER;
  };
  lr.cells.forEach((v, i) => {
    if (typeof v === 'string' && v.length > EXCEL_CELL_UNITS) lr.cells[i] = fold(v, LEDGER_COLUMNS[i]?.header ?? '');
  });
  for (const [h, v] of Object.entries(lr.extra)) if (v.length > EXCEL_CELL_UNITS) lr.extra[h] = fold(v, h);
  return { texts, diagnostics };
}

/** Pieces of at most Excel's limit, cut between characters. */
export function chunks(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const piece = cut(rest, EXCEL_CELL_UNITS);
    out.push(piece);
    rest = rest.slice(piece.length);
  }
  return out;
}

function cut(text: string, units: number): string {
  if (text.length <= units) return text;
  const code = text.charCodeAt(units - 1);
  // Do not end on the first half of a surrogate pair.
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? units - 1 : units);
}
