import { describe, expect, it } from 'vitest';
import { FingerprintTable } from '../../src/io/findings/fingerprint-table.js';

describe('FingerprintTable', () => {
  it('returns the first row for a repeated key, across table growth', () => {
    const t = new FingerprintTable(4);
    for (let i = 0; i < 5000; i++) expect(t.firstOrAdd(`k${i}`, i + 2)).toBeUndefined();
    for (let i = 0; i < 5000; i += 7) expect(t.firstOrAdd(`k${i}`, 99999)).toBe(i + 2);
    expect(t.firstOrAdd('new', 7)).toBeUndefined();
    expect(t.firstOrAdd('new', 8)).toBe(7);
  });

  it('keeps row 0 distinct from an empty slot', () => {
    const t = new FingerprintTable();
    expect(t.firstOrAdd('a', 0)).toBeUndefined();
    expect(t.firstOrAdd('a', 5)).toBe(0);
  });

  it('no false duplicates among 300 000 near-identical Chinese keys (one character or digit apart)', () => {
    // The shape of real duplicate keys: same org and date, descriptions differing in a number or one character.
    const t = new FingerprintTable();
    const chars = '一二三四五六七八九十甲乙丙丁';
    let clashes = 0;
    for (let i = 0; i < 300_000; i++) {
      const key = `t\u0001某某机械制造有限公司\u00012024-03-05\u0001${i % 97}号车间\u0001除尘器未设置泄爆装置${chars[i % chars.length]}${i}`;
      if (t.firstOrAdd(key, i) !== undefined) clashes++;
    }
    expect(clashes).toBe(0);
  });
});
