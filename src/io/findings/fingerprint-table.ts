/**
 * Row fingerprints seen so far in a workbook, for duplicate detection: 64-bit hashes in an open-addressing
 * table of typed arrays (12 bytes a row) instead of a Map of strings (~100 bytes a row), so a million-row
 * workbook does not hold a million keys as heap objects.
 */
export class FingerprintTable {
  private hi: Int32Array;
  private lo: Int32Array;
  private rows: Int32Array;
  private used = 0;

  constructor(capacity = 1024) {
    this.hi = new Int32Array(capacity);
    this.lo = new Int32Array(capacity);
    this.rows = new Int32Array(capacity);
  }

  /** The row first seen with this key, or undefined (and the row is recorded). */
  firstOrAdd(key: string, row: number): number | undefined {
    // Row numbers are stored +1 so that 0 marks an empty slot.
    if ((this.used + 1) * 2 > this.rows.length) this.grow();
    // Two 32-bit multiplicative lanes over the UTF-16 units, cross-mixed at the end (cyrb53's scheme, all 64
    // bits kept). Not cryptographic, and need not be: the keys are the user's own rows; a SHA-1 object per row
    // cost ten times as much. Collision odds for a million rows ≈ 10⁶² / 2⁶⁵ ≈ 3·10⁻⁸.
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let k = 0; k < key.length; k++) {
      const ch = key.charCodeAt(k);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const hi = h2 | 0;
    const lo = h1 | 0;
    const mask = this.rows.length - 1;
    let i = (lo ^ (hi >>> 7)) & mask;
    for (;;) {
      const r = this.rows[i] ?? 0;
      if (r === 0) {
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.rows[i] = row + 1;
        this.used++;
        return undefined;
      }
      if (this.hi[i] === hi && this.lo[i] === lo) return r - 1;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const { hi, lo, rows } = this;
    const size = rows.length * 2;
    this.hi = new Int32Array(size);
    this.lo = new Int32Array(size);
    this.rows = new Int32Array(size);
    this.used = 0;
    const mask = size - 1;
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j] ?? 0;
      if (r === 0) continue;
      const h = hi[j] ?? 0;
      const l = lo[j] ?? 0;
      let i = (l ^ (h >>> 7)) & mask;
      while ((this.rows[i] ?? 0) !== 0) i = (i + 1) & mask;
      this.hi[i] = h;
      this.lo[i] = l;
      this.rows[i] = r;
      this.used++;
    }
  }
}
