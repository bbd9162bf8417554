/**
 * Two numbers compared inside one finding: 核定4人，进去一看有8个人; 设计年产30万吨，去年实际干了38万吨; 需风量450m³/min，
 * 实测只有300; 防火间距规范要12米，实际就8米. The standards' thresholds are relative (超过核定人数, 小于需风量75%, 小于规定值
 * 的80%), so the engine is handed what the comparison says as words a rule can read: 超过核定 / 超员 / 超量 / 超能力 and
 * the excess as a percentage, or 低于规定 with the actual value as a percentage of the reference.
 */
import { extractQuantities, type Quantity } from './quantities.js';

/** A reference value (核定, 设计, 规定 …) and the actual value written against it, in one sentence. */
export interface Comparison {
  refWord: string;
  reference: Quantity;
  actual: Quantity;
  /** actual ÷ reference, from the conservative ends of both intervals. */
  ratioLo: number;
  ratioHi: number;
}

const REF_WORD = /(核定|设计|额定|规定值|规定|规范|要求|应为|需风量|需要|需|允许|限定|限量|批准|核准|定员|限员|标准值|标准|控制值|控制|上限|最大)[^,，。;；\d零〇一二两三四五六七八九十百千万几]{0,6}$/u;
const ACTUAL_WORD = /(实际|实测|实存|现有|现场|检查时|发现|达到|出了|干了|堆了|存了|存放|滞留|只有|仅有|仅安装|仅|累计|显示|测得|就|才|有)[^。;；\d零〇一二两三四五六七八九十百千万几]{0,4}$/u;
const HAS_REF = /核定|设计|额定|规定|规范|要求|应为|需|允许|限定|限量|批准|核准|定员|限员|标准|控制|上限|最大/u;
const SENTENCE = /[。;；\n]/u;
const BARE = /(实际|实测|只有|仅有|现有|就|才)[^,，。;；\d]{0,3}(\d+(?:\.\d+)?)(?![\d.%a-z\u4e00-\u9fff])/gu;

const COUNT_UNITS = new Set(['人', '台', '处', '辆', '座', '层', '次', '个']);
/** Same unit, or a bare count (个) against a count unit (核定4人，实际干活7个). */
const sameUnit = (a: Quantity, b: Quantity): boolean => a.unit === b.unit || ((a.unit === '个' || b.unit === '个') && COUNT_UNITS.has(a.unit) && COUNT_UNITS.has(b.unit));

/** The comparisons a finding makes between a reference value and an actual one (same unit, one sentence). */
export function findComparisons(text: string): Comparison[] {
  if (!HAS_REF.test(text)) return [];
  const qs = extractQuantities(text);
  const out: Comparison[] = [];
  let start = 0;
  for (const sentence of text.split(SENTENCE)) {
    const end = start + sentence.length;
    // A bound (设计不小于100m, 不大于45°) compares by its finite end.
    const inside = qs
      .filter((q) => q.start >= start && q.end <= end && (Number.isFinite(q.lo) || Number.isFinite(q.hi)))
      .map((q) => (Number.isFinite(q.lo) && Number.isFinite(q.hi) ? q : { ...q, lo: Number.isFinite(q.lo) ? q.lo : q.hi, hi: Number.isFinite(q.hi) ? q.hi : q.lo }));
    const refs = inside.flatMap((q) => {
      const before = text.slice(Math.max(start, q.start - 12), q.start);
      const m = REF_WORD.exec(before);
      // 实测最大32m is a measurement, not a reference (最大 after 实测/实际).
      if (!m?.[1] || /(实测|实际|测得)[^,，。;；]{0,2}$/u.test(before.slice(0, before.length - m[0].length))) return [];
      return [{ q, word: m[1] }];
    });
    for (const ref of refs) {
      // Which number is the actual one: one after the reference with an actual word (实际、实测、有…), then one before it
      // with such a word, a bare number after 实测/只有, then the nearest one before the reference (在船15人，核定12人),
      // and last any later one (设计3层，堆了5层).
      const notRef = (q: Quantity): boolean => q !== ref.q && sameUnit(q, ref.q) && !REF_WORD.test(text.slice(Math.max(start, q.start - 12), q.start));
      const actual =
        inside.find((q) => q !== ref.q && sameUnit(q, ref.q) && q.start > ref.q.end && ACTUAL_WORD.test(text.slice(Math.max(ref.q.end, q.start - 10), q.start))) ??
        inside.find((q) => q !== ref.q && sameUnit(q, ref.q) && q.end < ref.q.start && ACTUAL_WORD.test(text.slice(Math.max(start, q.start - 10), q.start))) ??
        bareActual(text, ref.q, end) ??
        [...inside].reverse().find((q) => notRef(q) && q.end < ref.q.start) ??
        inside.find((q) => notRef(q) && q.start > ref.q.end);
      if (!actual || ref.q.hi <= 0 || ref.q.lo <= 0) continue;
      out.push({ refWord: ref.word, reference: ref.q, actual, ratioLo: actual.lo / ref.q.hi, ratioHi: actual.hi / ref.q.lo });
    }
    start = end + 1;
  }
  return out;
}

/** 需风量450m³/min，实测只有300: a bare number after 实测/只有 takes the reference's unit. */
function bareActual(text: string, ref: Quantity, sentenceEnd: number): Quantity | undefined {
  BARE.lastIndex = ref.end;
  const m = BARE.exec(text);
  if (!m?.[2] || m.index >= sentenceEnd) return undefined;
  const raw = Number(m[2]);
  // The bare number is in the unit the reference was written in: scale it as the reference was scaled.
  const refRaw = Number(/\d+(?:\.\d+)?/u.exec(ref.text)?.[0] ?? Number.NaN);
  const factor = Number.isFinite(refRaw) && refRaw !== 0 ? ref.lo / refRaw : 1;
  const v = raw * (Number.isFinite(factor) && factor > 0 ? factor : 1);
  const at = m.index + m[0].length - m[2].length;
  return { unit: ref.unit, lo: v, hi: v, loOpen: false, hiOpen: false, start: at, end: at + m[2].length, text: m[2] };
}

/** How the cue names the reference: 需 / 要求 / 规范 are all the required (规定) value. */
const DISPLAY: Readonly<Record<string, string>> = { 控制: '控制值', 需: '规定', 需要: '规定', 要求: '规定', 应为: '规定', 规范: '规定', 标准: '规定', 标准值: '规定', 规定值: '规定', 上限: '规定', 最大: '规定', 限量: '核定' };

const pct = (x: number): string => String(Math.round(x * 1000) / 10);

/**
 * Words a rule can read for each comparison, appended to the finding as a sentence of its own so that no window of the
 * original text changes: 超过核定，超过核定100%，超员 / 低于规定，为规定值的66.7%.
 */
export function comparisonCues(text: string): string {
  const cs = findComparisons(text);
  if (cs.length === 0) return '';
  const parts: string[] = [];
  for (const c of cs) {
    const word = DISPLAY[c.refWord] ?? c.refWord;
    // An approximate side (约28万吨) gives an approximate share: 约 makes the reader take it as a range, so a threshold
    // inside the range is 待核实 rather than decided by one end of it.
    const approx = c.ratioLo !== c.ratioHi ? '约' : '';
    const mid = (c.ratioLo + c.ratioHi) / 2;
    if (c.ratioLo > 1) {
      parts.push(`实际超过${word}，超过${word}${approx}${pct(mid - 1)}%，${overWord(c, text)}`);
    } else if (c.ratioHi < 1) {
      parts.push(`实际低于${word}，为${word}${word.endsWith('量') ? '' : '值'}的${approx}${pct(mid)}%`);
    }
  }
  return parts.length ? `。${parts.join('。')}` : '';
}

function overWord(c: Comparison, text: string): string {
  if (c.actual.unit === '人') return '超员';
  if (/产量|年产|月产|产能|生产能力|出煤|出矿|出了|干了/u.test(text)) return '超能力生产';
  if (c.actual.unit === 't' || c.actual.unit === 'm3') return '超量';
  if (c.actual.unit === '层') return '超层';
  return '超标';
}
