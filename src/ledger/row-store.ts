import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LedgerRow } from './ledger-columns.js';

// Above this many rows, rows go to a temp file and only sort keys stay in memory, so a 1M-row ledger
// sorts without holding 1M row objects (memory stays flat with row count).
const IN_MEMORY_LIMIT = 20_000;

interface Slot {
  key: string;
  offset: number;
  length: number;
}

/** Collects ledger rows and gives them back in key order, spilling to disk past a threshold. */
export class RowStore {
  private memory: LedgerRow[] = [];
  private slots: Slot[] = [];
  private fd: number | undefined;
  private path: string | undefined;
  private offset = 0;
  private count = 0;
  /** Cell keys that had a value in some row (decides which optional columns appear). */
  readonly used = new Set<string>();
  readonly extraHeaders = new Set<string>();

  constructor(private readonly tempDir: string = tmpdir()) {}

  get size(): number {
    return this.count;
  }

  add(row: LedgerRow): void {
    this.count++;
    for (const [k, v] of Object.entries(row.cells)) if (v !== null && v !== '') this.used.add(k);
    for (const h of Object.keys(row.extra)) this.extraHeaders.add(h);
    if (this.fd === undefined && this.memory.length < IN_MEMORY_LIMIT) {
      this.memory.push(row);
      return;
    }
    if (this.fd === undefined) {
      this.path = join(this.tempDir, `.hazard-ledger-${randomBytes(6).toString('hex')}.ndjson`);
      this.fd = openSync(this.path, 'w+');
      for (const r of this.memory) this.spill(r);
      this.memory = [];
    }
    this.spill(row);
  }

  private spill(row: LedgerRow): void {
    const buf = Buffer.from(JSON.stringify(row), 'utf8');
    writeSync(this.fd ?? -1, buf, 0, buf.length, this.offset);
    this.slots.push({ key: row.key, offset: this.offset, length: buf.length });
    this.offset += buf.length;
  }

  /** Rows in key order (stable for equal keys). */
  *sorted(): Generator<LedgerRow> {
    if (this.fd === undefined) {
      const rows = this.memory.map((r, i) => ({ r, i }));
      rows.sort((a, b) => compare(a.r.key, b.r.key) || a.i - b.i);
      for (const { r } of rows) yield r;
      return;
    }
    const order = this.slots.map((s, i) => ({ s, i }));
    order.sort((a, b) => compare(a.s.key, b.s.key) || a.i - b.i);
    let buf = Buffer.alloc(64 * 1024);
    for (const { s } of order) {
      if (s.length > buf.length) buf = Buffer.alloc(s.length * 2);
      readSync(this.fd, buf, 0, s.length, s.offset);
      const parsed: unknown = JSON.parse(buf.toString('utf8', 0, s.length));
      if (isLedgerRow(parsed)) yield parsed;
    }
  }

  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.path) rmSync(this.path, { force: true });
    this.fd = undefined;
    this.path = undefined;
  }
}

// Chinese organisation names sort by code point here: stable and fast; pinyin collation would need ICU per compare.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isLedgerRow(v: unknown): v is LedgerRow {
  return typeof v === 'object' && v !== null && 'key' in v && 'cells' in v;
}
