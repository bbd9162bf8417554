import { describe, expect, it } from 'vitest';
import { resolveDeadlineText } from '../../src/dates/deadline.js';
import { AS_OF, finding, G2, M1, M2, M3, M4, M5, M6, M7, M8, N1 } from '../../fixtures/report/cases.js';
import {
  addMonths,
  doneDate,
  dueDate,
  effectiveLevel,
  fingerprint,
  isClosedBy,
  isLate,
  isOnTime,
  isOverdue,
  isRectified,
  lifecycle,
  missingFiveInPlace,
  overdueDays,
  stockOrIncrement,
} from '../../src/domain/lifecycle.js';

describe('dueDate', () => {
  it('takes the resolved date, resolves 立即 and relative text against the found date, and has none for 长期', () => {
    expect(dueDate(M1)).toBe('2025-02-10');
    expect(dueDate(G2)).toBe('2025-06-15');
    expect(dueDate(M4)).toBe('2025-06-01');
    expect(dueDate(M3)).toBeUndefined();
  });

  it.each([
    ['立即整改', '2025-03-05'],
    ['7天', '2025-03-12'],
    ['限期30日', '2025-04-04'],
    ['两周内', '2025-03-19'],
    ['1个月内', '2025-04-05'],
    ['三个月', '2025-06-05'],
    ['长期', undefined],
  ])('resolves %s from 2025-03-05', (text, expected) => {
    expect(resolveDeadlineText(text, '2025-03-05')).toBe(expected);
  });

  it('clamps month arithmetic to the month end', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });
});

describe('rectified, overdue, on time', () => {
  it('closed on the deadline day is on time; the day after is late', () => {
    expect(isOnTime(M1, AS_OF)).toBe(true);
    expect(isLate(M1, AS_OF)).toBe(false);
    expect(isOnTime(M2, AS_OF)).toBe(false);
    expect(isLate(M2, AS_OF)).toBe(true);
  });

  it('ignores dates after asOf', () => {
    expect(isRectified(M1, '2025-02-09')).toBe(false);
    expect(isOverdue(M1, '2025-02-10')).toBe(false);
    expect(isOnTime(M1, '2025-02-09')).toBe(false);
    expect(isRectified(M7, '2024-12-31')).toBe(false);
    expect(isOverdue(M7, '2024-12-31')).toBe(true);
  });

  it('counts a hazard without a deadline as neither overdue nor judged', () => {
    expect(isOverdue(M3, AS_OF)).toBe(false);
    expect(lifecycle(M3, AS_OF).onTime).toBeNull();
  });

  it('overdue days run from the deadline to asOf', () => {
    expect(isOverdue(M4, AS_OF)).toBe(true);
    expect(overdueDays(M4, AS_OF)).toBe(29);
    expect(overdueDays(M1, AS_OF)).toBe(0);
  });

  it('strict mode uses the acceptance date, else the closing date', () => {
    expect(doneDate(M5)).toBe('2024-04-20');
    expect(doneDate(M5, { strict: true })).toBe('2024-05-10');
    expect(isOnTime(M5, AS_OF)).toBe(true);
    expect(isLate(M5, AS_OF, { strict: true })).toBe(true);
    expect(doneDate(M2, { strict: true })).toBe('2025-02-20');
    expect(doneDate(G2, { strict: true })).toBeUndefined();
  });

  it('a rejected acceptance counts as open', () => {
    expect(doneDate(M6)).toBeUndefined();
    expect(isRectified(M6, AS_OF)).toBe(false);
    expect(isOverdue(M6, AS_OF)).toBe(true);
    expect(isClosedBy(M6, AS_OF)).toBe(false);
  });

  it('closed by asOf uses the 销号 date', () => {
    expect(isClosedBy(M7, '2025-03-19')).toBe(false);
    expect(isClosedBy(M7, '2025-03-20')).toBe(true);
    expect(isClosedBy(M5, AS_OF)).toBe(false);
  });
});

describe('五落实', () => {
  it('names what is missing; fi_* flags override content; funds 0 needs the 无需资金 flag', () => {
    expect(missingFiveInPlace(M1)).toEqual([]);
    expect(missingFiveInPlace(M3)).toEqual(['deadline']);
    expect(missingFiveInPlace(M4)).toEqual([]);
    expect(missingFiveInPlace(M6)).toEqual(['plan']);
    expect(missingFiveInPlace(M8)).toEqual([]);
    const noFlag = finding({ ...M8.fields, funds_not_needed: undefined });
    expect(missingFiveInPlace(noFlag)).toEqual(['funds']);
    const textFlag = finding({ ...M8.fields, funds: undefined, funds_not_needed: undefined });
    textFlag.raw.funds = { column: 'T', header: '整改资金', raw: '无需资金' };
    expect(missingFiveInPlace(textFlag)).toEqual([]);
    const flagged = finding({ ...M1.fields, owner: undefined, fi_owner: true, fi_measures: false });
    expect(missingFiveInPlace(flagged)).toEqual(['measures']);
  });
});

describe('存量/增量, level, fingerprint', () => {
  it('splits at 2023-12-31 by found date', () => {
    expect(stockOrIncrement(M7)).toBe('存量');
    expect(stockOrIncrement(M5)).toBe(2024);
    expect(stockOrIncrement(M1)).toBe(2025);
    expect(stockOrIncrement(N1)).toBeUndefined();
  });

  it('the engine determination overrides the recorded level unless indeterminate', () => {
    expect(effectiveLevel(G2, 'major')).toBe('major');
    expect(effectiveLevel(M1, 'not-major')).toBe('general');
    expect(effectiveLevel(M1, 'indeterminate')).toBe('major');
    expect(effectiveLevel(M1)).toBe('major');
  });

  it('fingerprints by org + 隐患编号, else by org, date, place and normalised description', () => {
    expect(fingerprint(M1)).toMatch(/^[0-9a-f]{12}$/);
    expect(fingerprint(M1)).toBe(fingerprint(finding({ ...M1.fields, description: '另一描述' })));
    expect(fingerprint(M1)).not.toBe(fingerprint(M2));
    const a = finding({ org_name: '甲公司', found_date: '2025-01-01', location: '罐区', description: '未设置 泄爆装置。' });
    const b = finding({ org_name: '甲公司 ', found_date: '2025-01-01', location: '罐区', description: '未设置泄爆装置', hazard_id: 'row:9' });
    const c = finding({ org_name: '甲公司', found_date: '2025-01-02', location: '罐区', description: '未设置泄爆装置' });
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(a)).not.toBe(fingerprint(c));
  });
});
