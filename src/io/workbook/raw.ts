// The raw-spreadsheet contract between the low-level readers (xlsx, csv) and header detection /
// normalisation: rows of untyped cells with their Excel positions, nothing interpreted yet.

/** A number cell whose style is a date format: kept as the serial so no timezone is applied. */
export interface ExcelDateCell { serial: number; date1904: boolean }
export type RawCell = null | string | number | boolean | ExcelDateCell;
/** One worksheet row; `row` is the Excel row number as Excel shows it (CSV: 1-based record number, header included). cells[0] is column A. */
export interface RawRow { row: number; cells: RawCell[] }
/** A merged cell range: rows 1-based as Excel shows them, columns 0-based (A = 0). */
export interface CellRange { top: number; left: number; bottom: number; right: number }
export interface SheetSource {
  name: string; index: number; hidden: boolean;
  /**
   * xlsx: the sheet's merged ranges (read before the rows; Excel writes them after the cell data), or undefined
   * when the sheet is too large to read twice. CSV has none.
   */
  merges?(): Promise<CellRange[] | undefined>;
  /** Rows in order, in batches of about 1000; empty rows may be skipped. Diagnostics for unreadable parts are pushed to WorkbookSource.diagnostics. */
  rows(): AsyncIterable<RawRow[]>;
}
export interface WorkbookSource {
  file: string; format: 'xlsx' | 'csv';
  /** CSV only: the encoding actually used (utf-8, utf-8-bom, utf-16le, utf-16be, gb18030). */
  encoding?: string;
  sheets: SheetSource[];
  diagnostics: import('../../diagnostic.js').Diagnostic[];
}
export interface OpenOptions {
  encoding?: string;
  /** cap on total inflated bytes (zip bomb), default 2 GiB */
  maxInflatedBytes?: number;
  csvDelimiter?: string;
  /**
   * The whole file, already read by the caller (small client workbooks): every part is then served from memory
   * instead of a dozen open/read/close round trips through the thread pool, which dominate a 20-row workbook.
   */
  preloaded?: Buffer;
  /** xlsx: read each sheet on a worker thread when one is available (large files). */
  rowsInWorker?: boolean;
}

/** Rows per batch yielded by `SheetSource.rows()`. */
export const ROW_BATCH_SIZE = 1000;

/** Default cap on inflated bytes per workbook (zip-bomb guard). */
export const DEFAULT_MAX_INFLATED_BYTES = 2 * 1024 ** 3;

/** True when the cell is a date-styled number kept as an Excel serial. */
export function isExcelDate(c: RawCell): c is ExcelDateCell {
  return typeof c === 'object' && c !== null && typeof c.serial === 'number';
}
