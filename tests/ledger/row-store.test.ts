import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEDGER_COLUMNS, cellIndex, type LedgerRow, type LedgerValue } from '../../src/ledger/ledger-columns.js';
import { RowStore } from '../../src/ledger/row-store.js';

const SEQ = cellIndex('seq');
const DESCRIPTION = cellIndex('description');

function row(key: string, seq: number, text: string): LedgerRow {
  const cells: LedgerValue[] = LEDGER_COLUMNS.map(() => null);
  cells[SEQ] = seq;
  cells[DESCRIPTION] = text;
  return { key, org: key.slice(0, 2), cells, extra: {}, overdue: false, level: undefined, determination: 'not-major', grading: 'unrecorded', rectified: false, closed: false };
}

describe('RowStore (external merge sort)', () => {
  it('spills sorted runs and merges them: key order, input order for equal keys, every row back, temp files removed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-rowstore-'));
    const store = new RowStore(dir, 20_000);
    const n = 65_000; // four runs: three on disk, one in memory
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const expected: { key: string; seq: number }[] = [];
    for (let i = 0; i < n; i++) {
      const key = `单位${Math.floor(rand() * 300)}\u0001${Math.floor(rand() * 20)}`;
      // Text with newlines, quotes and 4-byte characters must survive the line-based temp file.
      store.add(row(key, i, i % 1000 === 0 ? `第${i}行\n"引号"𠀀` : `隐患${i}`));
      expected.push({ key, seq: i });
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('.hazard-ledger-')).length).toBe(3);
    expected.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq));
    const got = [...store.sorted()].map((r) => ({ key: r.key, seq: r.cells[SEQ] }));
    expect(got).toEqual(expected);
    const again = [...store.sorted()].find((r) => r.cells[SEQ] === 1000);
    expect(again?.cells[DESCRIPTION]).toBe('第1000行\n"引号"𠀀');
    store.dispose();
    expect(readdirSync(dir).filter((f) => f.startsWith('.hazard-ledger-'))).toEqual([]);
  });

  it('runs double in size every 64 runs, so a huge ledger keeps the number of temp files in the hundreds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-rowstore-'));
    const store = new RowStore(dir, 10);
    // 64 runs of 10 rows, then runs of 20: 640 + 64 × 20 = 1 920 rows make 128 files; 40 more make one more.
    for (let i = 0; i < 1_960; i++) store.add(row(`k${(i * 7919) % 1000}`, i, `t${i}`));
    expect(readdirSync(dir).filter((f) => f.startsWith('.hazard-ledger-')).length).toBe(129);
    const keys = [...store.sorted()].map((r) => r.key);
    expect(keys).toHaveLength(1_960);
    expect(keys.every((k, i) => i === 0 || (keys[i - 1] ?? '') <= k)).toBe(true);
    store.dispose();
  });

  it('small ledgers stay in memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-rowstore-'));
    const store = new RowStore(dir);
    for (const k of ['b', 'a', 'b', 'a']) store.add(row(k, store.size, k));
    expect([...store.sorted()].map((r) => `${r.key}${String(r.cells[SEQ])}`)).toEqual(['a1', 'a3', 'b0', 'b2']);
    expect(readdirSync(dir)).toEqual([]);
  });
});
