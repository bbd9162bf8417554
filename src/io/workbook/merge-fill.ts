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
  // At most one live range per column: merges may not overlap, and when a damaged or hostile file overlaps them
  // the later one wins. Keeps each row's work bounded by the sheet's width, not by the number of merges.
  private readonly active = new Map<number, { range: CellRange; value: RawCell }>();
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
      if (range && range.bottom >= row.row) this.active.set(range.left, { range, value: null });
    }
    if (this.active.size === 0) return row;
    for (const [col, a] of this.active) if (a.range.bottom < row.row) this.active.delete(col);
    let cells = row.cells;
    for (const a of this.active.values()) {
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
