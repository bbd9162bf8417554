import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FingerprintTable } from '../../src/io/fingerprint-table.js';

const digest = (s: string): Buffer => createHash('sha1').update(s).digest();

describe('FingerprintTable', () => {
  it('returns the first row for a repeated fingerprint, across table growth', () => {
    const t = new FingerprintTable(4);
    for (let i = 0; i < 5000; i++) expect(t.firstOrAdd(digest(`k${i}`), i + 2)).toBeUndefined();
    for (let i = 0; i < 5000; i += 7) expect(t.firstOrAdd(digest(`k${i}`), 99999)).toBe(i + 2);
    expect(t.firstOrAdd(digest('new'), 7)).toBeUndefined();
    expect(t.firstOrAdd(digest('new'), 8)).toBe(7);
  });

  it('keeps row 0 distinct from an empty slot', () => {
    const t = new FingerprintTable();
    expect(t.firstOrAdd(digest('a'), 0)).toBeUndefined();
    expect(t.firstOrAdd(digest('a'), 5)).toBe(0);
  });
});
