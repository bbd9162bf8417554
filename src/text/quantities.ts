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
  // 面积：平/平方/平米/平方米/㎡（NFKC → m2）
  m2: ['m2', 1],
  平方米: ['m2', 1],
  平米: ['m2', 1],
  平方: ['m2', 1],
  平: ['m2', 1],
  亩: ['m2', 666.67],
  // 三成 = 30 %
  成: ['%', 10],
  // 角度：45°（NFKC 后仍为 °）；坡角、倾角
  '°': ['°', 1],
  // 荷载：kN/㎡（NFKC → kn/m2）
  'kn/m2': ['kn/m2', 1],
  'kn/㎡': ['kn/m2', 1],
  kpa每平方米: ['kn/m2', 1],
  // 度电 = kWh (锂电池约5度电), before 度 = ℃ (longest unit first)
  度电: ['kwh', 1],
  kwh: ['kwh', 1],
  'kw·h': ['kwh', 1],
  'kw.h': ['kwh', 1],
  千瓦时: ['kwh', 1],
  // 个: a count whose noun is elsewhere (实际干活7个, 就剩一个); comparisons accept it against any count unit
  个: ['个', 1],
  mw: ['mw', 1],
  兆瓦: ['mw', 1],
  kw: ['mw', 0.001],
  千瓦: ['mw', 0.001],
};

/** Canonical form of a unit written in a criteria file, or undefined when unknown. */
export function canonicalUnit(unit: string): string | undefined {
  return UNITS[unit.normalize('NFKC').toLowerCase()]?.[0];
}

const unitAlternation = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');

const CN_DIGITS = '零〇一二两三四五六七八九十百千万几半';
// Qualifiers turn a point into an interval: 超过9人 → (9, ∞), 9人以上 → [9, ∞), 不足30kpa → (-∞, 30); approximations
// keep their width: 10余人 → (10, 20), 三米多 → (3, 4), 十几个人 → [11, 19], 五六米 → [5, 6], 近百吨 → [85, 100],
// 约500平 / 500平左右 → [450, 550]. 万/千/亿 after Arabic digits multiply (90万吨, 10.5万吨).
const NUMBER_RE = new RegExp(
  `(不小于|不低于|不少于|不大于|不超过|不高于|不多于|超过|超出|大于|多于|高于|超|不足|少于|低于|小于|不到|达到|达|将近|接近|近|快|差不多|大约|大概|约|估计)?(百分之)?(\\d+(?:\\.\\d+)?(?:万|千|亿)?|[${CN_DIGITS}]+(?:点[${CN_DIGITS}]+)?)(余|多|来)?(${unitAlternation})?(多|余)?(以上|以下|以内|及以上|及以下|左右|上下)?`,
  'gu',
);

const PEOPLE_AFTER = /^(工人|员工|人员|职工|作业人员|操作工|师傅|民工|学徒|游客|乘客|船员|矿工)/u;
const MULTIPLIER: Readonly<Record<string, number>> = { 万: 10_000, 千: 1000, 亿: 100_000_000 };
const CN_PAIR = /^([一二两三四五六七八])([二三四五六七八九])(十|百|千|万)?$/u;
const CN_SMALL: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SCALE: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10_000 };

/** The value range a numeral denotes: 12 → [12, 12], 五六十 → [50, 60], 十几 → [11, 19], 几十 → [20, 90]. */
function numeralRange(digits: string): [number, number] | undefined {
  // 半吨, 半小时; 一半 and 两半 are not quantities.
  if (digits === '半') return [0.5, 0.5];
  if (digits.includes('半')) return undefined;
  const mul = /^(\d+(?:\.\d+)?)(万|千|亿)$/u.exec(digits);
  if (mul?.[1] && mul[2]) {
    const v = Number(mul[1]) * (MULTIPLIER[mul[2]] ?? 1);
    return [v, v];
  }
  const pair = CN_PAIR.exec(digits);
  if (pair?.[1] && pair[2]) {
    const a = CN_SMALL[pair[1]] ?? 0;
    const b = CN_SMALL[pair[2]] ?? 0;
    const scale = pair[3] ? (SCALE[pair[3]] ?? 1) : 1;
    if (b === a + 1) return [a * scale, b * scale];
  }
  if (digits.includes('几')) {
    const lo = parseNumber(digits.replace(/几/gu, digits.startsWith('几') ? '二' : '一'));
    const hi = parseNumber(digits.replace(/几/gu, '九'));
    return lo === undefined || hi === undefined ? undefined : [lo, hi];
  }
  const n = parseNumber(digits);
  return n === undefined ? undefined : [n, n];
}

/** The width a 多/余/来 adds: 10余人 → 10, 三米多 → 1, 1.5米多 → 0.1. */
function approxStep(digits: string, n: number): number {
  if (/[十百千万]$/u.test(digits) || (/^\d+$/u.test(digits) && n >= 10 && n % 10 === 0)) {
    return 10 ** Math.floor(Math.log10(Math.max(n, 1)));
  }
  return Number.isInteger(n) ? 1 : 0.1;
}

/** Every number with a known unit in normalised text, with its position. */
export function extractQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  NUMBER_RE.lastIndex = 0;
  for (let m = NUMBER_RE.exec(text); m !== null; m = NUMBER_RE.exec(text)) {
    const [whole, pre, percentWord, digits, approx, unitRaw, approxAfter, post] = m;
    if (whole === '' || digits === undefined) {
      NUMBER_RE.lastIndex++;
      continue;
    }
    const unitText = percentWord ? '%' : unitRaw;
    if (unitText === undefined) continue;
    let unit = UNITS[unitText];
    if (!unit) continue;
    // 8个工人, 十来个员工: a bare 个 before a word for people counts people.
    if (unit[0] === '个' && PEOPLE_AFTER.test(text.slice(m.index + whole.length, m.index + whole.length + 4))) unit = ['人', 1];
    const range = numeralRange(digits);
    if (range === undefined) continue;
    // A lone CJK digit before a unit is often a word, not a count (一名, 一年): keep it, it is still a quantity.
    const f = unit[1];
    let lo = range[0] * f;
    let hi = range[1] * f;
    let loOpen = false;
    let hiOpen = false;
    // 设计不小于100m is a bound, not a value below 100: [100, ∞); 不大于45° is (−∞, 45].
    if (pre && /^(不小于|不低于|不少于)$/.test(pre)) [hi, hiOpen] = [Infinity, true];
    else if (pre && /^(不大于|不超过|不高于|不多于)$/.test(pre)) [lo, loOpen] = [-Infinity, true];
    else if (pre && /^(超过|超出|大于|多于|高于|超)$/.test(pre)) [hi, loOpen, hiOpen] = [Infinity, true, true];
    else if (pre && /^(不足|少于|低于|小于|不到)$/.test(pre)) [lo, loOpen, hiOpen] = [-Infinity, true, true];
    else if (pre && /^(将近|接近|近|快)$/.test(pre)) [lo, hiOpen] = [lo * 0.85, false];
    else if (pre && /^(差不多|大约|大概|约|估计)$/.test(pre)) [lo, hi] = [lo * 0.9, hi * 1.1];
    const more = approx ?? approxAfter;
    if (more && Number.isFinite(hi)) [hi, loOpen, hiOpen] = [hi + approxStep(digits, range[1]) * f, true, true];
    if (post === '以上' || post === '及以上') [hi, hiOpen] = [Infinity, true];
    else if (post === '以下' || post === '以内' || post === '及以下') [lo, loOpen] = [-Infinity, true];
    else if (post === '左右' || post === '上下') [lo, hi] = [lo * 0.9, hi * 1.1];
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
