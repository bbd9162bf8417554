/**
 * An indexOf-based scanner over worksheet XML fed in text chunks. It keeps only the unfinished
 * tail of the last chunk, turns each complete `<row>` into a RawRow and never builds a DOM, so
 * memory does not grow with the sheet. Empty rows (e.g. thousands of styled blank rows) are dropped.
 */
import type { RawCell, RawRow } from './raw.js';
import { isNameEnd, richText } from './shared-strings.js';
import { decodeXmlText, rootPrefix } from './xml.js';

export interface SheetScanContext {
  sharedStrings: readonly string[];
  /** Indexed by the cell `s` attribute (cellXfs index). */
  dateStyles: readonly boolean[];
  date1904: boolean;
  /** Something in a cell could not be read as written; the cell is null or raw text. */
  report(problem: ScanProblem, row: number, column: number): void;
  /** True once the sheet part or the shared strings held bytes that are not UTF-8: cells with U+FFFD are reported. */
  invalidUtf8?: () => boolean;
}

export type ScanProblem = 'formula-without-value' | 'shared-string-missing' | 'invalid-utf8' | 'column-out-of-range' | 'date-invalid';

/** XFD, Excel's last column (0-based index 16 383): a reference past it is damage, never a cell to allocate for. */
export const MAX_COLUMN_INDEX = 16_383;

const CELL = { number: 0, shared: 1, str: 2, inline: 3, bool: 4, error: 5, date: 6 } as const;
type CellType = (typeof CELL)[keyof typeof CELL];

interface Tags { row: string; rowClose: string; c: string; cClose: string; v: string; vClose: string; f: string; dataEnd: string; dataEmpty: string }

export class SheetScanner {
  /** Set once `</sheetData>` was seen; the rest of the part holds no cells. */
  done = false;
  private buf = '';
  private tags: Tags | undefined;
  private prefix = '';
  private lastRow = 0;
  // Attributes of the start tag just read (set by readAttributes, avoids allocating per cell).
  private refColumn = -1;
  private refRow = -1;
  private type: CellType = CELL.number;
  private style = -1;

  constructor(private readonly context: SheetScanContext) {}

  /** Scans the complete rows now in the buffer and appends the non-empty ones to `out`. */
  push(text: string, out: RawRow[]): void {
    const b = this.buf.length === 0 ? text : this.buf + text;
    if (this.tags === undefined) {
      const prefix = rootPrefix(b);
      if (prefix === undefined) {
        this.buf = b;
        return;
      }
      this.prefix = prefix;
      this.tags = makeTags(prefix);
    }
    const t = this.tags;
    let pos = 0;
    for (;;) {
      const start = b.indexOf(t.row, pos);
      if (start < 0) {
        if (b.includes(t.dataEnd, pos) || b.includes(t.dataEmpty, pos)) {
          this.done = true;
          this.buf = '';
          return;
        }
        pos = Math.max(pos, b.length - t.dataEnd.length);
        break;
      }
      const after = b.charCodeAt(start + t.row.length);
      if (Number.isNaN(after)) {
        pos = start;
        break;
      }
      if (!isNameEnd(after)) {
        pos = start + 1;
        continue;
      }
      const tagEnd = b.indexOf('>', start);
      if (tagEnd < 0) {
        pos = start;
        break;
      }
      const selfClosing = b.charCodeAt(tagEnd - 1) === 47;
      const close = selfClosing ? tagEnd : b.indexOf(t.rowClose, tagEnd);
      if (close < 0) {
        pos = start;
        break;
      }
      this.readAttributes(b, start + t.row.length, selfClosing ? tagEnd - 1 : tagEnd);
      const rowNumber = this.refRow > 0 ? this.refRow : -1;
      if (selfClosing) {
        this.lastRow = rowNumber > 0 ? rowNumber : this.lastRow + 1;
        pos = tagEnd + 1;
        continue;
      }
      this.scanRow(b, tagEnd + 1, close, rowNumber, out);
      pos = close + t.rowClose.length;
    }
    this.buf = b.slice(pos);
  }

  private scanRow(b: string, from: number, to: number, rowAttr: number, out: RawRow[]): void {
    const t = this.tags;
    if (t === undefined) return;
    const cells: RawCell[] = [];
    let row = rowAttr;
    let column = -1;
    let pos = from;
    for (;;) {
      const start = b.indexOf(t.c, pos);
      if (start < 0 || start >= to) break;
      if (!isNameEnd(b.charCodeAt(start + t.c.length))) {
        pos = start + 1;
        continue;
      }
      const tagEnd = b.indexOf('>', start);
      const selfClosing = b.charCodeAt(tagEnd - 1) === 47;
      this.readAttributes(b, start + t.c.length, selfClosing ? tagEnd - 1 : tagEnd);
      column = this.refColumn >= 0 ? this.refColumn : column + 1;
      if (row < 0 && this.refRow > 0) row = this.refRow;
      if (selfClosing) {
        pos = tagEnd + 1;
        continue;
      }
      const end = b.indexOf(t.cClose, tagEnd);
      if (end < 0 || end > to) break;
      pos = end + t.cClose.length;
      if (column > MAX_COLUMN_INDEX) {
        // ZZZZZZZZ3 would allocate ~2e11 slots: the cell is reported and skipped, the row read on.
        this.context.report('column-out-of-range', row < 0 ? this.lastRow + 1 : row, column);
        column = cells.length - 1;
        continue;
      }
      const value = this.cellValue(b, tagEnd + 1, end, row < 0 ? this.lastRow + 1 : row, column);
      if (value === null) continue;
      if (typeof value === 'string' && value.includes('\uFFFD') && this.context.invalidUtf8?.() === true) this.context.report('invalid-utf8', row < 0 ? this.lastRow + 1 : row, column);
      if (column < cells.length) {
        cells[column] = value;
      } else {
        while (cells.length < column) cells.push(null);
        cells.push(value);
      }
    }
    this.lastRow = row < 0 ? this.lastRow + 1 : row;
    if (cells.length > 0) out.push({ row: this.lastRow, cells });
  }

  /** The value of the cell whose content is b[from, to), by the type/style just read. */
  private cellValue(b: string, from: number, to: number, row: number, column: number): RawCell {
    const t = this.tags;
    if (t === undefined) return null;
    const type = this.type;
    if (type === CELL.inline) return nonEmpty(richText(b.slice(from, to), this.prefix));
    let vStart: number;
    if (b.startsWith(t.v, from) && b.charCodeAt(from + t.v.length) === 62) {
      vStart = from + t.v.length + 1;
    } else {
      const at = findTag(b, t.v, from, to);
      if (at < 0 || b.charCodeAt(b.indexOf('>', at) - 1) === 47) {
        if (findTag(b, t.f, from, to) >= 0) this.context.report('formula-without-value', row, column);
        return null;
      }
      vStart = b.indexOf('>', at) + 1;
    }
    const vEnd = b.indexOf(t.vClose, vStart);
    if (vEnd < 0 || vEnd > to) return null;
    switch (type) {
      case CELL.shared: {
        const index = parseDigits(b, vStart, vEnd);
        const text = this.context.sharedStrings[index];
        if (text === undefined) {
          this.context.report('shared-string-missing', row, column);
          return null;
        }
        return nonEmpty(text);
      }
      case CELL.str:
        return nonEmpty(decodeXmlText(b.substring(vStart, vEnd)));
      case CELL.bool:
        return b.charCodeAt(vStart) === 49 || b.startsWith('true', vStart);
      case CELL.error:
        return nonEmpty(b.substring(vStart, vEnd));
      case CELL.date: {
        const text = b.substring(vStart, vEnd);
        const serial = isoToSerial(text, this.context.date1904);
        // 2024-02-30 is no day: kept as the text written (never rolled over to 03-01), and said.
        if (serial === undefined && text.trim() !== '') this.context.report('date-invalid', row, column);
        return serial === undefined ? nonEmpty(text) : { serial, date1904: this.context.date1904 };
      }
      default: {
        const text = b.substring(vStart, vEnd);
        const value = Number(text);
        if (text.trim().length === 0) return null;
        if (Number.isNaN(value)) return text;
        return this.style >= 0 && this.context.dateStyles[this.style] === true
          ? { serial: value, date1904: this.context.date1904 }
          : value;
      }
    }
  }

  /** Reads r, t and s from the attributes in b[from, to) into fields (no allocation per cell). */
  private readAttributes(b: string, from: number, to: number): void {
    this.refColumn = -1;
    this.refRow = -1;
    this.type = CELL.number;
    this.style = -1;
    let pos = from;
    while (pos < to) {
      const eq = b.indexOf('=', pos);
      if (eq < 0 || eq >= to) return;
      let nameStart = pos;
      while (nameStart < eq && b.charCodeAt(nameStart) <= 32) nameStart++;
      let quote = eq + 1;
      while (quote < to && b.charCodeAt(quote) <= 32) quote++;
      const valueEnd = b.indexOf(b.charCodeAt(quote) === 39 ? "'" : '"', quote + 1);
      if (valueEnd < 0 || valueEnd > to) return;
      const name = nameStart + 1 === eq || b.charCodeAt(nameStart + 1) <= 32 ? b.charCodeAt(nameStart) : 0;
      if (name === 114 /* r */) this.readReference(b, quote + 1, valueEnd);
      else if (name === 115 /* s */) this.style = parseDigits(b, quote + 1, valueEnd);
      else if (name === 116 /* t */) this.type = cellType(b, quote + 1, valueEnd);
      pos = valueEnd + 1;
    }
  }

  /** "AB12" → column 27, row 12; a row's r is digits only. */
  private readReference(b: string, from: number, to: number): void {
    let column = 0;
    let pos = from;
    for (; pos < to; pos++) {
      const code = b.charCodeAt(pos) & ~32;
      if (code < 65 || code > 90) break;
      column = column * 26 + code - 64;
    }
    this.refColumn = column - 1;
    this.refRow = pos < to ? parseDigits(b, pos, to) : -1;
  }
}

function makeTags(p: string): Tags {
  return {
    row: `<${p}row`, rowClose: `</${p}row>`, c: `<${p}c`, cClose: `</${p}c>`, v: `<${p}v`, vClose: `</${p}v>`,
    f: `<${p}f`, dataEnd: `</${p}sheetData`, dataEmpty: `<${p}sheetData/`,
  };
}

function findTag(b: string, tag: string, from: number, to: number): number {
  let at = b.indexOf(tag, from);
  while (at >= 0 && at < to) {
    if (isNameEnd(b.charCodeAt(at + tag.length))) return at;
    at = b.indexOf(tag, at + 1);
  }
  return -1;
}

function cellType(b: string, from: number, to: number): CellType {
  const first = b.charCodeAt(from);
  const length = to - from;
  if (first === 115 /* s */) return length === 1 ? CELL.shared : CELL.str;
  if (first === 105 /* i */) return CELL.inline;
  if (first === 98 /* b */) return CELL.bool;
  if (first === 101 /* e */) return CELL.error;
  if (first === 100 /* d */) return CELL.date;
  return CELL.number;
}

function parseDigits(b: string, from: number, to: number): number {
  let n = 0;
  let pos = from;
  while (pos < to && b.charCodeAt(pos) <= 32) pos++;
  for (; pos < to; pos++) {
    const digit = b.charCodeAt(pos) - 48;
    if (digit < 0 || digit > 9) break;
    n = n * 10 + digit;
  }
  return n;
}

function nonEmpty(text: string): string | null {
  return text.length === 0 ? null : text;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/;

/** A `t="d"` ISO 8601 value → Excel serial in the workbook's date system, without any timezone. */
function isoToSerial(text: string, date1904: boolean): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) return undefined;
  const days = utc.getTime() / 86_400_000;
  const seconds = Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0);
  // 25569 = serial of 1970-01-01 in the 1900 system; the 1904 system starts 1462 days later.
  return days + 25569 - (date1904 ? 1462 : 0) + seconds / 86_400;
}
