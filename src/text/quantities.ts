import { parseChineseNumber } from './numerals.js';
/** A quantity written in a finding, as an interval so that 超过9人 and 10余人 compare correctly. */
export interface Quantity {
  unit: string;
  lo: number;
  hi: number;
  loOpen: boolean;
  hiOpen: boolean;
  start: number;
  end: number;
  text: string;
}

/** unit as written (normalised, lower-case) → [canonical unit, factor to canonical]. */
const UNITS: Record<string, readonly [string, number]> = {
  t: ['t', 1],
  吨: ['t', 1],
  kg: ['t', 0.001],
  公斤: ['t', 0.001],
  千克: ['t', 0.001],
  kpa: ['kpa', 1],
  千帕: ['kpa', 1],
  mpa: ['kpa', 1000],
  兆帕: ['kpa', 1000],
  pa: ['kpa', 0.001],
  帕: ['kpa', 0.001],
  m: ['m', 1],
  米: ['m', 1],
  mm: ['m', 0.001],
  毫米: ['m', 0.001],
  cm: ['m', 0.01],
  厘米: ['m', 0.01],
  km: ['m', 1000],
  公里: ['m', 1000],
  千米: ['m', 1000],
  人: ['人', 1],
  名: ['人', 1],
  个人: ['人', 1],
  '%': ['%', 1],
  '℃': ['℃', 1],
  '°c': ['℃', 1],
  度: ['℃', 1],
  h: ['h', 1],
  小时: ['h', 1],
  min: ['h', 1 / 60],
  分钟: ['h', 1 / 60],
  d: ['d', 1],
  天: ['d', 1],
  日: ['d', 1],
  个月: ['月', 1],
  月: ['月', 1],
  年: ['年', 1],
  m3: ['m3', 1],
  'm³': ['m3', 1],
  立方米: ['m3', 1],
  立方: ['m3', 1],
  方: ['m3', 1],
  l: ['m3', 0.001],
  升: ['m3', 0.001],
  kv: ['kv', 1],
  千伏: ['kv', 1],
  v: ['kv', 0.001],
  伏: ['kv', 0.001],
  层: ['层', 1],
  台: ['台', 1],
  处: ['处', 1],
  次: ['次', 1],
  辆: ['辆', 1],
  座: ['座', 1],
  'km/h': ['km/h', 1],
};

/** Canonical form of a unit written in a criteria file, or undefined when unknown. */
export function canonicalUnit(unit: string): string | undefined {
  return UNITS[unit.normalize('NFKC').toLowerCase()]?.[0];
}

const unitAlternation = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');

const CN_DIGITS = '零〇一二两三四五六七八九十百千万';
// Qualifiers turn a point into an interval: 超过9人 → (9, ∞), 9人以上 → [9, ∞), 10余人 → (10, ∞), 不足30kpa → (-∞, 30).
const NUMBER_RE = new RegExp(
  `(超过|超出|大于|多于|高于|超|不足|少于|低于|小于|不到|达到|达)?(百分之)?(\\d+(?:\\.\\d+)?|[${CN_DIGITS}]+(?:点[${CN_DIGITS}]+)?)(余|多)?(${unitAlternation})?(以上|以下|以内|及以上|及以下)?`,
  'gu',
);

/** Every number with a known unit in normalised text, with its position. */
export function extractQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  NUMBER_RE.lastIndex = 0;
  for (let m = NUMBER_RE.exec(text); m !== null; m = NUMBER_RE.exec(text)) {
    const [whole, pre, percentWord, digits, approx, unitRaw, post] = m;
    if (whole === '' || digits === undefined) {
      NUMBER_RE.lastIndex++;
      continue;
    }
    const unitText = percentWord ? '%' : unitRaw;
    if (unitText === undefined) continue;
    const unit = UNITS[unitText];
    if (!unit) continue;
    const n = parseNumber(digits);
    if (n === undefined) continue;
    // A lone CJK digit before a unit is often a word, not a count (一名, 一年): keep it, it is still a quantity.
    const v = n * unit[1];
    let lo = v;
    let hi = v;
    let loOpen = false;
    let hiOpen = false;
    if (pre && /^(超过|超出|大于|多于|高于|超)$/.test(pre)) [hi, loOpen, hiOpen] = [Infinity, true, true];
    else if (pre && /^(不足|少于|低于|小于|不到)$/.test(pre)) [lo, loOpen, hiOpen] = [-Infinity, true, true];
    if (approx) [hi, loOpen, hiOpen] = [Infinity, true, true];
    if (post === '以上' || post === '及以上') [hi, hiOpen] = [Infinity, true];
    else if (post === '以下' || post === '以内' || post === '及以下') [lo, loOpen] = [-Infinity, true];
    out.push({ unit: unit[0], lo, hi, loOpen, hiOpen, start: m.index, end: m.index + whole.length, text: whole });
  }
  return out;
}

/** Arabic or Chinese numerals: 12, 1.5, 十二, 三十, 一百二十, 两, 一点五. */
export function parseNumber(s: string): number | undefined {
  return s === '半' ? undefined : parseChineseNumber(s);
}

export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq';
export type Tri = 0 | 1 | 2; // 0 false, 1 unknown, 2 true

/** Three-valued comparison of an interval with a threshold: true only when every value in it satisfies the op. */
export function compareQuantity(q: Quantity, op: CompareOp, t: number): Tri {
  const sat = (x: number, open: boolean, side: 'lo' | 'hi'): boolean => {
    // Does the extreme x (excluded when open) satisfy op? Used to test both ends of the interval.
    switch (op) {
      case 'gt':
        return x > t || (x === t && open && side === 'lo');
      case 'gte':
        return x >= t;
      case 'lt':
        return x < t || (x === t && open && side === 'hi');
      case 'lte':
        return x <= t;
      case 'eq':
        return x === t;
    }
  };
  const loSat = sat(q.lo, q.loOpen, 'lo');
  const hiSat = sat(q.hi, q.hiOpen, 'hi');
  if (op === 'eq') return q.lo === q.hi ? (q.lo === t ? 2 : 0) : t > q.lo && t < q.hi ? 1 : 0;
  if (loSat && hiSat) return 2;
  if (!loSat && !hiSat) return 0;
  return 1;
}
