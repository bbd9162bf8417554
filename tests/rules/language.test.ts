import { describe, expect, it } from 'vitest';
import { resolveDeadlineText } from '../../src/dates/deadline.js';
import { absentDefect, negationAt } from '../../src/rules/negation.js';
import { findRebuttals } from '../../src/rules/rebuttals.js';
import { ClauseIndex } from '../../src/rules/retrieval.js';
import { comparisonCues, findComparisons } from '../../src/text/comparisons.js';
import { normaliseText } from '../../src/text/normalise.js';
import { extractQuantities } from '../../src/text/quantities.js';

function negated(text: string, term: string, between?: (from: number, to: number) => boolean): string | undefined {
  const t = normaliseText(text);
  const p = t.indexOf(term);
  if (p < 0) throw new Error(`${term} not in ${t}`);
  return negationAt(t, p, p + term.length, between);
}

describe('defect grammar', () => {
  it.each([
    ['航吊急停按钮按下去不断电', '急停'],
    ['5t电葫芦起重量限制器拆了', '起重量限制器'],
    ['叉车刹车不好使', '刹车'],
    ['回风隅角甲烷传感器被塑料布包着', '甲烷传感器'],
    ['塔吊力矩限制器的线被人剪了', '力矩限制器'],
    ['配电室的漏电保护，试了一下，不跳', '漏电保护'],
    ['大摆锤安全压杠锁不住', '压杠'],
    ['调压区的照明灯不是防爆的', '照明灯'],
    ['检修电工从来没做过培训', '培训'],
    ['有限空间作业没人监护', '监护'],
    ['渔船北斗终端被拔了电', '北斗终端'],
  ])('%s: %s is negated', (text, term) => expect(negated(text, term)).toBeDefined());

  it.each([
    // the predicate belongs to a record, not to the device
    ['甲烷传感器调校记录签字不全', '甲烷传感器'],
    ['监测报警装置检定报告过期', '监测报警装置'],
    ['有限空间作业审批单缺“检测时间”一栏', '检测'],
    // a clause that says the subject is fine stops a later clause's predicate
    ['急停按钮正常，限位器坏了', '急停按钮'],
    // 非煤 is a sector, not a negation of 煤矿
    ['非煤矿山', '煤矿'],
  ])('%s: %s is not negated', (text, term) => expect(negated(text, term)).toBeUndefined());

  it('another subject between the word and the predicate takes the predicate (通风口防雨罩缺失)', () => {
    const t = normaliseText('木粉料仓顶部通风口防雨罩缺失');
    const sub = t.indexOf('防雨');
    const between = (from: number, to: number): boolean => sub > from && sub + 2 <= to;
    expect(negated('木粉料仓顶部通风口防雨罩缺失', '通风', between)).toBeUndefined();
    expect(negated('木粉料仓顶部通风口防雨罩缺失', '通风')).toBe('缺失');
  });

  it('a defect noun written as absent is absent (没裂纹, 未发现泄漏), present otherwise', () => {
    const t = normaliseText('隔爆面有点锈，没裂纹');
    expect(absentDefect(t, '裂纹', t.indexOf('裂纹'))).toBe(true);
    const u = normaliseText('隔爆外壳有裂纹');
    expect(absentDefect(u, '裂纹', u.indexOf('裂纹'))).toBe(false);
    // an exceedance written as not happening
    const v = normaliseText('楼面材料堆放高度超过1.5m，未超设计荷载');
    expect(absentDefect(v, '超设计', v.indexOf('超设计'))).toBe(true);
    expect(absentDefect(v, '超过', v.indexOf('超过'))).toBe(false);
  });
});

describe('quantities as written', () => {
  const q = (s: string) => extractQuantities(normaliseText(s)).map((x) => [x.unit, x.lo, x.hi]);
  it.each([
    ['三米多', [['m', 3, 4]]],
    ['10余人', [['人', 10, 20]]],
    ['十几个人', [['人', 11, 19]]],
    ['五六米', [['m', 5, 6]]],
    ['近百吨', [['t', 85, 100]]],
    ['约500平', [['m2', 450, 550]]],
    ['三成', [['%', 30, 30]]],
    ['核定90万吨', [['t', 900_000, 900_000]]],
    ['约5度电', [['kwh', 4.5, 5.5]]],
  ])('%s', (s, want) => expect(q(s)).toEqual(want));
});

describe('two numbers compared in one finding', () => {
  const cue = (s: string) => comparisonCues(normaliseText(s));
  it('over the reference: 超过核定, the excess, and the word for it', () => {
    expect(cue('装药工房核定4人，进去一看有8个人在干')).toContain('超员');
    expect(cue('装药工房核定4人，进去一看有8个人在干')).toContain('超过核定100%');
    expect(cue('成品中转库核定500公斤，估了下堆了快一吨')).toContain('超量');
    expect(cue('设计年产30万吨，去年实际干了38万吨')).toContain('超能力生产');
    expect(cue('在船15人，核定12人')).toContain('超员');
  });
  it('under the reference: the actual value as a share of it', () => {
    expect(cue('掘进面需风量450m³/min，实测只有300')).toContain('为需风量的66.7%');
    expect(cue('安全出口总净宽需9.6m，实测7.2m')).toContain('为规定值的75%');
  });
  it('no reference word, or an overlapping interval: nothing is said', () => {
    expect(cue('车间内作业人员8人')).toBe('');
    expect(findComparisons(normaliseText('核定10人，实际约10人'))).toHaveLength(1);
    expect(cue('核定10人，实际约10人')).toBe('');
  });
});

describe('rebuttals', () => {
  it.each([
    ['KTV后门安全出口堆放酒箱，当场清走', 'remedied'],
    ['中频炉停产检修，炉坑里有积水还没抽', 'not-in-use'],
    ['休息室设在机加工跨，跟浇注跨中间隔着一道墙', 'elsewhere'],
    ['电葫芦钢丝绳有几根断丝，没到报废标准', 'within-limits'],
    ['露天矿宿舍离崩落区两百多米，评估不在影响范围', 'elsewhere'],
    ['钢水吊运跨边交接班室设在地坪区外，已隔离', 'elsewhere'],
  ])('%s → %s', (text, kind) => expect(findRebuttals(normaliseText(text)).map((r) => r.kind)).toContain(kind));

  it.each(['施工升降机附墙架间距过大，不符合规范要求', '反应釜已恢复生产，爆破片未回装', '可燃气体报警器损坏，已停运三天'])('%s has none', (text) =>
    expect(findRebuttals(normaliseText(text))).toEqual([]),
  );
});

describe('near-miss retrieval', () => {
  it('ranks the clause that shares the technical compounds first', () => {
    const index = new ClauseIndex(
      [
        { rule: 0, text: '有限空间作业未审批、未先通风再检测后作业或无监护人员' },
        { rule: 1, text: '粉尘爆炸危险场所未设置泄爆装置' },
        { rule: 2, text: '起重机械急停开关缺失或失效' },
      ],
      3,
    );
    const got = index.query(normaliseText('除尘系统泄爆口被封堵'), () => true, 3);
    expect(got[0]?.rule).toBe(1);
    expect(index.query(normaliseText('除尘系统泄爆口被封堵'), (r) => r !== 1, 3)[0]?.rule).not.toBe(1);
  });
});

describe('one deadline grammar', () => {
  it.each([
    ['立即整改', '2025-03-05'],
    ['半个月', '2025-03-20'],
    ['10个工作日', '2025-03-15'],
    ['2024年度内', undefined],
    ['3月底前后', undefined],
    ['待定', undefined],
  ])('%s from 2025-03-05 → %s', (text, want) => expect(resolveDeadlineText(text, '2025-03-05')).toBe(want));
});
