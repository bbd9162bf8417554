import type { LedgerColumn, LedgerValue } from './ledger-columns.js';
import { STYLE, rowXml, type Cell, type StyleId } from '../writers/xlsx-workbook.js';
import { rowHeightFor } from '../writers/xlsx-look.js';

/** What rendering a ledger row needs besides the row: plain data, so a worker thread can receive it. */
export interface RenderSpec {
  /** Written columns: index into `LedgerRow.cells`, kind, and whether it is the 序号 column. */
  columns: { at: number; kind: LedgerColumn['kind']; seq: boolean; width?: number }[];
  /** Unmapped input headers, written after the ledger columns. */
  extras: string[];
}

/** A run of consecutive rows of one sheet: `bodies[i]` is the JSON of `[cells, extra]` (RowStore's line body). */
export interface RenderBatch {
  /** Sheet row number of the first row. */
  firstRow: number;
  /** 序号 of the first row. */
  firstSeq: number;
  bodies: string[];
  overdue: boolean[];
}

/** The sheet XML of a batch of rows. Pure: the main thread and the render worker give the same bytes. */
export function renderRows(spec: RenderSpec, batch: RenderBatch): string {
  let xml = '';
  // One array of cell objects reused for every row of the batch: no garbage per cell.
  const out: Cell[] = [];
  for (let i = 0; i < batch.bodies.length; i++) {
    const [cells, extra] = JSON.parse(batch.bodies[i] ?? '[[],{}]') as [LedgerValue[], Record<string, string>];
    xml += rowXml(batch.firstRow + i, fillCells(out, spec, cells, extra, batch.firstSeq + i, batch.overdue[i] === true), heightOf(spec, cells));
  }
  return xml;
}

/** The cells of one row with their styles, written into `out` (reused across rows); 逾期 rows are highlighted. */
function fillCells(out: Cell[], spec: RenderSpec, cells: readonly LedgerValue[], extra: Readonly<Record<string, string>>, seq: number, alert: boolean): Cell[] {
  let n = 0;
  const put = (v: LedgerValue, s: StyleId): void => {
    const cell = out[n];
    if (cell) {
      cell.v = v;
      cell.s = s;
    } else out[n] = { v, s };
    n++;
  };
  for (const col of spec.columns) {
    const v: LedgerValue = col.seq ? seq : (cells[col.at] ?? null);
    put(v, styleFor(col.kind, v, alert));
  }
  for (const h of spec.extras) put(extra[h] ?? null, alert ? STYLE.alertText : STYLE.text);
  out.length = n;
  return out;
}

/** The height the row's wrapped printed cells need (columns with a `width`); undefined for one line. */
function heightOf(spec: RenderSpec, cells: readonly LedgerValue[]): number | undefined {
  const wrapped: { text: string; width: number }[] = [];
  for (const col of spec.columns) {
    const v = cells[col.at];
    if (col.width !== undefined && typeof v === 'string') wrapped.push({ text: v, width: col.width });
  }
  return rowHeightFor(wrapped);
}

function styleFor(kind: LedgerColumn['kind'], v: LedgerValue, alert: boolean): StyleId {
  if (v !== null && typeof v === 'object') return alert ? STYLE.alertDate : STYLE.date;
  if (kind === 'wrap') return alert ? STYLE.alertWrap : STYLE.wrap;
  if (typeof v === 'number') return alert ? STYLE.alertNumber : STYLE.number;
  return alert ? STYLE.alertText : STYLE.text;
}
