import { describe, expect, it } from 'vitest';
import { compareQuantity, extractQuantities, parseNumber } from '../../src/text/quantities.js';
import { normaliseText } from '../../src/text/normalise.js';

describe('parseNumber', () => {
  it.each([
    ['12', 12],
    ['1.5', 1.5],
    ['十', 10],
    ['十二', 12],
    ['三十', 30],
    ['一百二十', 120],
    ['两', 2],
    ['一点五', 1.5],
    ['三万', 30000],
  ])('%s → %d', (s, n) => expect(parseNumber(s)).toBe(n));
});

describe('extractQuantities', () => {
  const q = (s: string) => extractQuantities(normaliseText(s));
  it('reads units in several forms and converts them', () => {
    expect(q('液氨储量30吨')[0]).toMatchObject({ unit: 't', lo: 30, hi: 30 });
    expect(q('储量30t')[0]).toMatchObject({ unit: 't', lo: 30 });
    expect(q('储量三十吨')[0]).toMatchObject({ unit: 't', lo: 30 });
    expect(q('储罐 500 kg')[0]).toMatchObject({ unit: 't', lo: 0.5 });
    expect(q('水封压力0.02MPa')[0]).toMatchObject({ unit: 'kpa', lo: 20 });
    expect(q('水封压力２５ｋＰａ')[0]).toMatchObject({ unit: 'kpa', lo: 25 });
    // 超过核定生产能力15%: the excess itself is 15 %, not "more than 15 %".
    expect(q('超过核定生产能力15%')[0]).toMatchObject({ unit: '%', lo: 15, hi: 15 });
    expect(q('百分之十五')[0]).toMatchObject({ unit: '%', lo: 15 });
  });
  it('turns qualifiers into intervals', () => {
    expect(q('超过9人')[0]).toMatchObject({ lo: 9, loOpen: true, hi: Infinity });
    expect(q('10余人')[0]).toMatchObject({ lo: 10, loOpen: true });
    expect(q('9人以上')[0]).toMatchObject({ lo: 9, loOpen: false, hi: Infinity });
    expect(q('不足30kPa')[0]).toMatchObject({ lo: -Infinity, hi: 30, hiOpen: true });
  });
  it('ignores numbers without a unit', () => {
    expect(q('3#车间2号线')).toEqual([]);
  });
});

describe('compareQuantity is three-valued', () => {
  const one = (s: string) => extractQuantities(normaliseText(s))[0]!;
  it('decides when the interval is on one side', () => {
    expect(compareQuantity(one('12人'), 'gt', 9)).toBe(2);
    expect(compareQuantity(one('9人'), 'gt', 9)).toBe(0);
    expect(compareQuantity(one('超过9人'), 'gt', 9)).toBe(2);
    expect(compareQuantity(one('9人以上'), 'gt', 9)).toBe(1);
    expect(compareQuantity(one('超过5人'), 'gt', 9)).toBe(1);
    expect(compareQuantity(one('不足30kPa'), 'lt', 30)).toBe(2);
    expect(compareQuantity(one('30kPa'), 'lt', 30)).toBe(0);
  });
});
