import { describe, expect, it } from 'vitest';
import { isValidUscc, parseBoolean, parseDateCell, parseDeadline, parseLevel, parseMoney, parseSource, parseStatus, serialToIso } from '../../src/io/findings/normalise-values.js';

describe('dates', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024.03.05', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024年3月5号', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['２０２４年３月５日', '2024-03-05'],
    ['2024-03-05 10:12:12', '2024-03-05'],
    ['24.3.5', '2024-03-05'],
    ['24年3月5日', '2024-03-05'],
    ['2024年03月05日 上午', '2024-03-05'],
    ['2024.3.5.', '2024-03-05'],
    ['2024年3月5日前', '2024-03-05'],
    ['2024年3月5日止', '2024-03-05'],
    ['2024–03–05', '2024-03-05'],
    ['二〇二四年三月五日', '2024-03-05'],
    ['二〇二四年十二月三十一日', '2024-12-31'],
  ])('%s → %s', (text, iso) => expect(parseDateCell(text).date).toBe(iso));

  it('a ten-day period (上旬/中旬/下旬) is its first day, or its last day for a deadline', () => {
    expect(parseDateCell('2024年3月上旬', { role: 'end' }).date).toBe('2024-03-10');
    expect(parseDateCell('2024年2月下旬', { role: 'end' }).date).toBe('2024-02-29');
    expect(parseDateCell('2024年3月中旬', { role: 'start' }).date).toBe('2024-03-11');
    expect(parseDateCell('前').ok).toBe(false);
    expect(parseDateCell('底', { yearHint: 2024 }).ok).toBe(false);
  });

  it('reads Excel serials in both date systems, with the 1900 leap-year bug', () => {
    expect(parseDateCell({ serial: 45356, date1904: false }).date).toBe('2024-03-05');
    expect(parseDateCell({ serial: 45356 - 1462, date1904: true }).date).toBe('2024-03-05');
    expect(serialToIso(59, false)).toBe('1900-02-28');
    expect(serialToIso(61, false)).toBe('1900-03-01');
    expect(parseDateCell(45356.4169).date).toBe('2024-03-05');
    expect(parseDateCell(12).ok).toBe(false);
    // CSV: the serial arrives as text; accepted only in the 2000–2099 window, and said so.
    expect(parseDateCell('45480')).toMatchObject({ date: '2024-07-07', ok: true });
    expect(parseDateCell('45480').note).toContain('序列号');
    expect(parseDateCell('12345').ok).toBe(false);
  });

  it('fills a missing year or day and says so', () => {
    expect(parseDateCell('3月5日', { yearHint: 2024 })).toMatchObject({ date: '2024-03-05', ok: true });
    expect(parseDateCell('2024年3月', { role: 'end' }).date).toBe('2024-03-31');
    expect(parseDateCell('2024年2月', { role: 'start' }).date).toBe('2024-02-01');
    expect(parseDateCell('2024-02-30')).toMatchObject({ ok: false });
    expect(parseDateCell('去年春天')).toMatchObject({ ok: false });
  });
});

describe('deadlines', () => {
  it.each([
    ['立即', { kind: 'immediate', date: '2024-03-05' }],
    ['即查即改', { kind: 'immediate', date: '2024-03-05' }],
    ['7天', { kind: 'relative', date: '2024-03-12' }],
    ['7日内', { kind: 'relative', date: '2024-03-12' }],
    ['1周内', { kind: 'relative', date: '2024-03-12' }],
    ['1个月内', { kind: 'relative', date: '2024-04-05' }],
    ['限期30日', { kind: 'relative', date: '2024-04-04' }],
    ['三日内', { kind: 'relative', date: '2024-03-08' }],
    ['年底前', { kind: 'date', date: '2024-12-31' }],
    ['2024年6月底前', { kind: 'date', date: '2024-06-30' }],
    ['2024年3月5日前', { kind: 'date', date: '2024-03-05' }],
    ['即时', { kind: 'immediate', date: '2024-03-05' }],
    ['长期', { kind: 'none' }],
    ['待定', { kind: 'none' }],
    ['—', { kind: 'none' }],
    ['2024-04-30', { kind: 'date', date: '2024-04-30' }],
    ['看情况', { kind: 'unparsed' }],
  ])('%s', (text, expected) => expect(parseDeadline(text, '2024-03-05')).toMatchObject(expected));

  it('month-end arithmetic clamps: 1个月 from Jan 31 is Feb 29 in 2024', () => {
    expect(parseDeadline('1个月内', '2024-01-31').date).toBe('2024-02-29');
  });
});

describe('levels, statuses, sources, booleans, money, USCC', () => {
  it('levels: 重大 first, 较大/重点 are general with a note, boolean columns', () => {
    expect(parseLevel('重大隐患（挂牌）')).toEqual({ level: 'major' });
    expect(parseLevel('一般隐患')).toEqual({ level: 'general' });
    expect(parseLevel('较大')).toMatchObject({ level: 'general', sublevel: '较大' });
    expect(parseLevel('B').level).toBeUndefined();
    expect(parseLevel('是', true)).toEqual({ level: 'major' });
    expect(parseLevel('否', true)).toEqual({ level: 'general' });
  });
  it.each([
    ['未整改', 'open'],
    ['待整改', 'open'],
    ['逾期未整改', 'open'],
    ['整改中', 'in-progress'],
    ['限期整改', 'in-progress'],
    ['已整改', 'rectified'],
    ['已完成', 'rectified'],
    ['待验收', 'rectified'],
    ['超期已整改', 'rectified'],
    ['整改完成', 'rectified'],
    ['立行立改', 'rectified'],
    ['未完成整改', 'open'],
    ['未整改完成', 'open'],
    ['已验收', 'accepted'],
    ['复查合格', 'accepted'],
    ['已销号', 'closed'],
    ['办结', 'closed'],
    ['验收不通过', 'rejected'],
    ['草稿', 'draft'],
  ])('status %s → %s', (text, state) => expect(parseStatus(text).state).toBe(state));
  it('sources bucket into 自查 / 部门 / 举报', () => {
    expect(parseSource('企业自查')).toBe('self');
    expect(parseSource('节假日前排查')).toBe('self');
    expect(parseSource('执法检查')).toBe('government');
    expect(parseSource('明查暗访')).toBe('government');
    expect(parseSource('12350举报')).toBe('report');
  });
  it('booleans and money with header units', () => {
    expect(['是', '√', 'Y', '1', '有'].map(parseBoolean)).toEqual([true, true, true, true, true]);
    expect(['否', '×', 'N', '0', '无'].map(parseBoolean)).toEqual([false, false, false, false, false]);
    expect(parseMoney(1.5, '万元').value).toBe(15000);
    expect(parseMoney('2.4万', undefined).value).toBe(24000);
    expect(parseMoney('300元', '万元').value).toBe(300);
    expect(parseMoney('很多', undefined).note).toBeDefined();
  });
  it('USCC check character (GB 32100-2015)', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('913709836')).toBe(false);
  });
});
