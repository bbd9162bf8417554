import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LedgerRow } from './ledger-columns.js';

// Rows are collected in runs of this many; a full run is sorted and written to a temp file in one write, and
// the sorted runs are merged at the end (external merge sort). Memory holds one run plus one read buffer per
// run, whatever the row count: a 1M-row ledger sorts in the same memory as a 20k-row one.
const RUN_ROWS = 20_000;
const READ_CHUNK = 256 * 1024;

/** Collects ledger rows and gives them back in key order (stable for equal keys), spilling sorted runs to disk. */
export class RowStore {
  private buffer: LedgerRow[] = [];
  private readonly runs: string[] = [];
  private count = 0;
  private readonly tag = randomBytes(6).toString('hex');
  /** Cell keys that had a value in some row (decides which optional columns appear). */
  readonly used = new Set<string>();
  readonly extraHeaders = new Set<string>();

  constructor(private readonly tempDir: string = tmpdir()) {}

  get size(): number {
    return this.count;
  }

  add(row: LedgerRow): void {
    this.count++;
    for (const k in row.cells) {
      const v = row.cells[k];
      if (v !== null && v !== '' && v !== undefined) this.used.add(k);
    }
    for (const h in row.extra) this.extraHeaders.add(h);
    this.buffer.push(row);
    if (this.buffer.length >= RUN_ROWS) this.flushRun();
  }

  private flushRun(): void {
    const sorted = sortStable(this.buffer);
    this.buffer = [];
    const path = join(this.tempDir, `.hazard-ledger-${this.tag}-${this.runs.length}.ndjson`);
    this.runs.push(path);
    const fd = openSync(path, 'w');
    try {
      // JSON.stringify escapes newlines inside strings, so one row is exactly one line.
      let chunk = '';
      for (const row of sorted) {
        chunk += `${JSON.stringify(this.encode(row))}\n`;
        if (chunk.length > 4 * 1024 * 1024) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      if (chunk) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  }

  /** Rows in key order (stable for equal keys: input order). */
  *sorted(): Generator<LedgerRow> {
    if (this.runs.length === 0) {
      yield* sortStable(this.buffer);
      return;
    }
    // The rows still in memory form the last run; ties go to the earlier run, which keeps input order.
    const decode = (v: unknown): LedgerRow => this.decode(v);
    const sources: RowSource[] = this.runs.map((p) => new RunReader(p, decode));
    if (this.buffer.length) sources.push(new ArraySource(sortStable(this.buffer)));
    const heap = new MergeHeap();
    sources.forEach((source, run) => {
      const row = source.next();
      if (row) heap.push({ row, run });
    });
    try {
      for (let top = heap.pop(); top; top = heap.pop()) {
        yield top.row;
        const next = sources[top.run]?.next();
        if (next) heap.push({ row: next, run: top.run });
      }
    } finally {
      for (const s of sources) s.close();
    }
  }

  // Rows go to disk as positional arrays, cells aligned to a key registry: half the bytes of the object form,
  // so less to stringify, write, read and parse.
  private readonly cellKeys: string[] = [];
  private readonly cellIndex = new Map<string, number>();

  private encode(r: LedgerRow): unknown[] {
    const cells: LedgerRow['cells'][string][] = [];
    for (const k in r.cells) {
      let i = this.cellIndex.get(k);
      if (i === undefined) {
        i = this.cellKeys.length;
        this.cellKeys.push(k);
        this.cellIndex.set(k, i);
      }
      cells[i] = r.cells[k] ?? null;
    }
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    return [r.key, r.org, r.overdue ? 1 : 0, r.level ?? 0, r.determination, r.grading, r.rectified ? 1 : 0, r.fingerprint, r.closed ? 1 : 0, cells, r.extra];
  }

  private decode(v: unknown): LedgerRow {
    if (!Array.isArray(v) || v.length !== 11) throw new Error('ledger temp file is corrupt');
    const [key, org, overdue, level, determination, grading, rectified, fingerprint, closed, cells, extra] = v as [string, string, number, LedgerRow['level'] | 0, LedgerRow['determination'], LedgerRow['grading'], number, string, number, LedgerRow['cells'][string][], Record<string, string>];
    const out: LedgerRow['cells'] = {};
    cells.forEach((c, i) => {
      const k = this.cellKeys[i];
      if (k !== undefined) out[k] = c;
    });
    return { key, org, cells: out, extra, overdue: overdue === 1, level: level === 0 ? undefined : level, determination, grading, rectified: rectified === 1, fingerprint, closed: closed === 1 };
  }

  dispose(): void {
    for (const p of this.runs) rmSync(p, { force: true });
    this.runs.length = 0;
    this.buffer = [];
  }
}

// Chinese organisation names sort by code point here: stable and fast; pinyin collation would need ICU per compare.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortStable(rows: LedgerRow[]): LedgerRow[] {
  // Array.prototype.sort is stable (ES2019), so equal keys keep input order.
  return rows.sort((a, b) => compare(a.key, b.key));
}

interface RowSource {
  next(): LedgerRow | undefined;
  close(): void;
}

class ArraySource implements RowSource {
  private i = 0;
  constructor(private readonly rows: LedgerRow[]) {}
  next(): LedgerRow | undefined {
    return this.rows[this.i++];
  }
  close(): void {}
}

/** Reads one sorted run back line by line with a fixed buffer. */
class RunReader implements RowSource {
  private readonly fd: number;
  private buf = Buffer.alloc(READ_CHUNK);
  private start = 0;
  private end = 0;
  private eof = false;
  private closed = false;

  constructor(
    path: string,
    private readonly decode: (v: unknown) => LedgerRow,
  ) {
    this.fd = openSync(path, 'r');
  }

  next(): LedgerRow | undefined {
    for (;;) {
      const nl = this.buf.indexOf(0x0a, this.start);
      if (nl >= 0 && nl < this.end) {
        const line = this.buf.toString('utf8', this.start, nl);
        this.start = nl + 1;
        return this.decode(JSON.parse(line));
      }
      if (this.eof) return undefined;
      this.fill();
    }
  }

  private fill(): void {
    const pending = this.end - this.start;
    // A row longer than the buffer: grow it (rare, very long descriptions).
    if (pending === this.buf.length) {
      const bigger = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(bigger, 0, this.start, this.end);
      this.buf = bigger;
    } else if (this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.end);
    }
    this.start = 0;
    this.end = pending;
    const n = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, null);
    if (n === 0) this.eof = true;
    this.end += n;
  }

  close(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
  }
}

interface HeapItem {
  row: LedgerRow;
  run: number;
}

/** Min-heap on (key, run): equal keys come out in run order, i.e. input order. */
class MergeHeap {
  private readonly items: HeapItem[] = [];

  private less(a: HeapItem, b: HeapItem): boolean {
    const c = compare(a.row.key, b.row.key);
    return c < 0 || (c === 0 && a.run < b.run);
  }

  push(item: HeapItem): void {
    const h = this.items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      if (!parent || !this.less(item, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = item;
  }

  pop(): HeapItem | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const left = h[l];
      const right = h[r];
      const child = right && left && this.less(right, left) ? r : l;
      const c = h[child];
      if (!c || !this.less(c, last)) break;
      h[i] = c;
      i = child;
    }
    h[i] = last;
    return top;
  }
}
