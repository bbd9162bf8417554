import { columnLetters } from './cell-ref.js';
import type { CellRange, RawCell, RawRow } from './raw.js';

/**
 * Vertically merged cells in the data area (单位名称 merged over all of an enterprise's rows is the usual case):
 * Excel keeps the value in the top cell only, a person reads it on every row of the range. Rows must be given in
 * order; each empty cell under a merge's top cell, in the merge's first column, gets the top cell's value.
 */
export class MergeFill {
  private readonly ranges: CellRange[];
  private next = 0;
  private active: { range: CellRange; value: RawCell }[] = [];
  filled = 0;
  example: { ref: string; value: string } | undefined;

  constructor(ranges: readonly CellRange[], firstDataRow: number) {
    this.ranges = ranges.filter((r) => r.bottom > r.top && r.top >= firstDataRow).sort((a, b) => a.top - b.top);
  }

  /** The row as read, with merged values filled in (a new cells array when anything was filled). */
  apply(row: RawRow): RawRow {
    if (this.ranges.length === 0) return row;
    while (this.next < this.ranges.length && (this.ranges[this.next]?.top ?? Infinity) <= row.row) {
      const range = this.ranges[this.next++];
      if (range) this.active.push({ range, value: null });
    }
    if (this.active.length === 0) return row;
    this.active = this.active.filter((a) => a.range.bottom >= row.row);
    let cells = row.cells;
    for (const a of this.active) {
      const col = a.range.left;
      if (a.range.top === row.row) {
        a.value = cells[col] ?? null;
        continue;
      }
      const here = cells[col];
      if (a.value === null || a.value === '' || (here !== null && here !== undefined && here !== '')) continue;
      if (cells === row.cells) cells = [...row.cells];
      while (cells.length <= col) cells.push(null);
      cells[col] = a.value;
      this.filled++;
      this.example ??= { ref: `${columnLetters(col)}${a.range.top}:${columnLetters(a.range.right)}${a.range.bottom}`, value: typeof a.value === 'string' ? a.value : String(a.value) };
    }
    return cells === row.cells ? row : { row: row.row, cells };
  }
}
