/**
 * Metrics against answers worked by hand from the table in fixtures/report/cases.ts (asOf 2025-06-30).
 * In scope: M1–M8 (majors) and G1–G4 (generals); M9 (found after asOf), N1 (no found date), D1 (draft) are out.
 */
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  G1,
  INSPECTIONS,
  M3,
  PARTIAL_AS_OF,
  PARTIAL_RECORDS,
  RECORDS,
  ROSTER,
  ZERO_AS_OF,
  ZERO_RECORDS,
} from '../../fixtures/report/cases.js';
import { UsageError } from '../../src/errors.js';
import { buildReport } from '../../src/report/build-report.js';
import type { CohortMetrics } from '../../src/report/types.js';

const report = buildReport(RECORDS, { asOf: AS_OF, by: ['region', 'sup_level'] });

describe('scope', () => {
  it('leaves out hazards found after asOf, without a found date, and drafts', () => {
    expect(report.scope).toEqual({
      input: 15,
      included: 12,
      excluded: { foundAfterAsOf: 1, noFoundDate: 1, draft: 1 },
      unknownLevel: 0,
      undatedRectified: 1,
      determinationsApplied: 0,
    });
  });
});

describe('cohorts (due-based 按期整改率)', () => {
  it('majors: M1–M8', () => {
    // rectified M1 M2 M5 M7 M8; due = all but M3; on time M1 (on the day) M5 M8; overdue M4 M6;
    // late M2 M7; closed M1 M2 M7 M8; self M1 M3 M5 M6 M8, of which rectified M1 M5 M8; 五落实 short: M3 M6.
    const expected: CohortMetrics = {
      total: 8,
      newInMonth: 0,
      rectified: 5,
      rectificationRate: 5 / 8,
      open: 3,
      due: 7,
      onTime: 3,
      onTimeRate: 3 / 7,
      overdue: 2,
      lateRectified: 2,
      closed: 4,
      closedRate: 4 / 8,
      selfFound: 5,
      governmentFound: 3,
      selfFoundRate: 5 / 8,
      selfRectified: 3,
      selfRectifiedRate: 3 / 5,
      fiveInPlace: 6,
      fiveInPlaceRate: 6 / 8,
    };
    expect(report.cohorts.major).toEqual(expected);
  });

  it('generals: G1–G4 (G3 not yet due, G4 "已整改" without a date counts as open)', () => {
    expect(report.cohorts.general).toEqual({
      total: 4,
      newInMonth: 3,
      rectified: 2,
      rectificationRate: 2 / 4,
      open: 2,
      due: 3,
      onTime: 1,
      onTimeRate: 1 / 3,
      overdue: 1,
      lateRectified: 1,
      closed: 0,
      closedRate: 0,
      selfFound: 3,
      governmentFound: 1,
      selfFoundRate: 3 / 4,
      selfRectified: 2,
      selfRectifiedRate: 2 / 3,
      fiveInPlace: 0,
      fiveInPlaceRate: null,
    });
  });

  it('all: the sum of both', () => {
    expect(report.cohorts.all).toMatchObject({
      total: 12,
      rectified: 7,
      rectificationRate: 7 / 12,
      due: 10,
      onTime: 4,
      onTimeRate: 4 / 10,
      overdue: 3,
      lateRectified: 3,
      closed: 4,
      closedRate: 4 / 12,
      selfFoundRate: 8 / 12,
      selfRectifiedRate: 5 / 8,
      fiveInPlaceRate: 6 / 8,
    });
  });
});

describe('variants', () => {
  it('cohort-based 按期整改率 divides by the whole cohort', () => {
    const r = buildReport(RECORDS, { asOf: AS_OF, onTime: 'cohort' });
    expect(r.onTimeVariant).toBe('cohort');
    expect(r.cohorts.major.onTime).toBe(3);
    expect(r.cohorts.major.onTimeRate).toBe(3 / 8);
    expect(r.cohorts.general.onTimeRate).toBe(1 / 4);
  });

  it('strict mode: rectified on 验收/销号, so M1 M2 M5 M7 M8 are all late and G1 G2 open', () => {
    const r = buildReport(RECORDS, { asOf: AS_OF, strict: true });
    expect(r.cohorts.major).toMatchObject({ rectified: 5, onTime: 0, onTimeRate: 0, lateRectified: 5, overdue: 2 });
    expect(r.cohorts.general).toMatchObject({ rectified: 0, overdue: 3 });
    expect(r.stock.onTimeRate).toBe(0);
  });

  it('engine determinations override the recorded level', () => {
    const r = buildReport(RECORDS, { asOf: AS_OF, determinations: new Map([[G1, 'major'], [M3, 'not-major']]) });
    expect(r.scope.determinationsApplied).toBe(2);
    expect(r.cohorts.major.total).toBe(8);
    expect(r.cohorts.major.rectified).toBe(6);
    expect(r.cohorts.general.total).toBe(4);
    const parallel = RECORDS.map((rec) => (rec === M3 ? ('indeterminate' as const) : undefined));
    expect(buildReport(RECORDS, { asOf: AS_OF, determinations: parallel }).scope.determinationsApplied).toBe(0);
  });
});

describe('存量, 增量, 挂牌督办', () => {
  it('stock = M7 (closed 2025) and M8 (on time)', () => {
    expect(report.stock).toEqual({ total: 2, rectified: 2, closed: 2, open: 0, due: 2, onTime: 1, onTimeRate: 1 / 2 });
  });

  it('increments 2024 (M5 M6) and 2025 (M1–M4)', () => {
    expect(report.increments).toEqual([
      { year: 2024, total: 2, change: 0, changeRate: 0, rectified: 1, closed: 0, due: 2, onTime: 1, onTimeRate: 1 / 2, overdue: 1 },
      { year: 2025, total: 4, change: 2, changeRate: 1, rectified: 2, closed: 2, due: 3, onTime: 1, onTimeRate: 1 / 3, overdue: 1 },
    ]);
  });

  it('supervision by level: M7 省级 closed, M4 code 4 = 县级 overdue', () => {
    const s = report.supervision;
    expect(s).toMatchObject({ majors: 8, supervised: 2, supervisedMajors: 2, supervisedRate: 2 / 8, rectified: 1, closed: 1 });
    expect(s.levels.map((l) => [l.level, l.total, l.rectified, l.overdue])).toEqual([
      ['国家级', 0, 0, 0],
      ['省级', 1, 1, 0],
      ['市级', 0, 0, 0],
      ['县级', 1, 0, 1],
      ['乡镇级', 0, 0, 0],
    ]);
    expect(s.levels[0]?.rectificationRate).toBeNull();
  });
});

describe('动态清零 and burn-down', () => {
  it('does not hold at asOf: M4 M6 overdue, M3 M6 short of 五落实', () => {
    const dz = report.dynamicZero;
    expect(dz).toMatchObject({ holds: false, overdueMajors: 2, openMajors: 3, openMajorsMissingFiveInPlace: 2, window: 12 });
    expect(dz.months.map((m) => m.month)).toEqual([
      '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12',
      '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06',
    ]);
    expect(dz.months.every((m) => !m.holds)).toBe(true);
    const at = (month: string) => dz.months.find((m) => m.month === month);
    // 2024-07-31: M7 overdue; M6 open within deadline but without 预案.
    expect(at('2024-07')).toMatchObject({ date: '2024-07-31', overdueMajors: 1, openMajors: 2, openMajorsMissingFiveInPlace: 1 });
    // 2024-08-31: M6's deadline day, not yet overdue.
    expect(at('2024-08')).toMatchObject({ overdueMajors: 1, openMajors: 2 });
    // 2025-01-31: M7 M6 overdue, M1 M2 open within deadline.
    expect(at('2025-01')).toMatchObject({ overdueMajors: 2, openMajors: 4, openMajorsMissingFiveInPlace: 1 });
    // 2025-03-31: M7 done 03-15; open M6 (overdue, no 预案) and M3 (no 时限).
    expect(at('2025-03')).toMatchObject({ overdueMajors: 1, openMajors: 2, openMajorsMissingFiveInPlace: 2 });
  });

  it('strip over a window with passing and failing month-ends, both variants', () => {
    const r = buildReport(ZERO_RECORDS, { asOf: ZERO_AS_OF, window: 6 });
    expect(r.dynamicZero.months.map((m) => [m.month, m.holds])).toEqual([
      ['2025-11', true],
      ['2025-12', false],
      ['2026-01', true],
      ['2026-02', true],
      ['2026-03', false],
      ['2026-04', true],
    ]);
    expect(r.dynamicZero.holds).toBe(true);
    const strict = buildReport(ZERO_RECORDS, { asOf: ZERO_AS_OF, window: 6, dynamicZero: 'strict' });
    expect(strict.dynamicZero.months.map((m) => m.holds)).toEqual([false, false, true, false, false, true]);
  });

  it('burn-down of open stock from 2023-12: M7 open until 2025-03', () => {
    expect(report.burnDown).toHaveLength(19);
    expect(report.burnDown[0]).toEqual({ month: '2023-12', date: '2023-12-31', open: 1 });
    expect(report.burnDown.filter((p) => p.open === 1).map((p) => p.month).at(-1)).toBe('2025-02');
    expect(report.burnDown.at(-1)).toEqual({ month: '2025-06', date: '2025-06-30', open: 0 });
  });
});

describe('targets', () => {
  const byId = (id: string) => report.targets.find((t) => t.id === id);

  it('lists the profile targets in order, labelled with their source', () => {
    expect(report.targetProfile).toBe('national');
    expect(report.targetProfileName).toContain('安委〔2024〕10号');
    expect(report.targets.map((t) => t.id)).toEqual([
      'stock-on-time',
      'stock-cleared',
      'year-2024-on-time',
      'increment-2025-overdue',
      'dynamic-zero-2026',
      'self-rectified',
    ]);
    expect(report.targets.every((t) => t.basis.length > 0)).toBe(true);
    expect(report.targets.filter((t) => t.proposal).map((t) => t.id)).toEqual(['increment-2025-overdue']);
  });

  it('cites public documents by issuer, title and 文号, never a working file', () => {
    const bases = report.targets.map((t) => t.basis).join('\n');
    expect(bases).not.toMatch(/种子|domain\.md|seed|§/);
    expect(byId('stock-on-time')?.basis).toContain('国务院安全生产委员会《2024年度省级政府安全生产和消防工作考核要点》（安委〔2024〕10号）');
    expect(byId('dynamic-zero-2026')?.basis).toContain('国务院安全生产委员会《安全生产治本攻坚三年行动方案（2024—2026年）》');
    expect(byId('increment-2025-overdue')?.basis).toMatch(/^本工具建议口径：.*无公开数值标准/);
    expect(byId('stock-cleared')?.basis).toContain('“基本消除”无公开数值口径');
  });

  it('a provincial profile chosen by id cites its own plan', () => {
    const r = buildReport(RECORDS, { asOf: AS_OF, targets: { id: 'shandong' } });
    expect(r.targetProfileName).toContain('鲁安发〔2024〕4号');
    expect(r.targets.find((t) => t.id === 'stock-cleared')?.basis).toContain('山东省人民政府安全生产委员会《山东省安全生产治本攻坚三年行动实施方案（2024—2026年）》（鲁安发〔2024〕4号）');
  });

  it('judges each target with a Chinese gap line', () => {
    expect(byId('stock-on-time')).toMatchObject({
      actual: 0.5,
      met: false,
      gap: '2023年及以前重大隐患按期整改率 50.0%，低于100%目标，差 1 项',
    });
    expect(byId('stock-cleared')).toMatchObject({
      evaluatedAt: '2024-12-31',
      interim: false,
      actual: 1,
      met: false,
      gap: '截至2024年12月31日，2023年及以前重大隐患仍有 1 项未整改，未按期清零',
    });
    expect(byId('year-2024-on-time')).toMatchObject({
      actual: 0.5,
      met: false,
      gap: '2024年重大隐患按期整改率 50.0%，低于95%目标，差 1 项',
    });
    expect(byId('increment-2025-overdue')).toMatchObject({
      interim: true,
      actual: 1,
      met: null,
      gap: '截至2025年6月30日，2025年发现的重大隐患逾期未整改 1 项，目标为 0 项',
    });
    expect(byId('dynamic-zero-2026')).toMatchObject({ actual: null, met: null, gap: '统计日早于2026年，尚未开始考核' });
    expect(byId('self-rectified')).toMatchObject({
      actual: 0.6,
      met: false,
      gap: '重大隐患企业自查自改率 60.0%，未高于2023年全国水平83.3%，差 2 项',
    });
  });

  it('passes a met stock target in time and reports 2026 month-ends', () => {
    const r = buildReport(ZERO_RECORDS, { asOf: ZERO_AS_OF });
    const dz = r.targets.find((t) => t.id === 'dynamic-zero-2026');
    expect(dz).toMatchObject({ actual: 1, met: false, gap: '2026年有 1 个月末未实现动态清零（2026-03）' });
    expect(r.targets.find((t) => t.id === 'increment-2025-overdue')).toMatchObject({
      evaluatedAt: '2025-12-31',
      interim: false,
      actual: 1,
      met: false,
    });
    expect(r.targets.find((t) => t.id === 'stock-cleared')).toMatchObject({ actual: 0, met: true });
    const partial = buildReport(PARTIAL_RECORDS, { asOf: PARTIAL_AS_OF });
    expect(partial.targets.find((t) => t.id === 'dynamic-zero-2026')).toMatchObject({
      actual: 0,
      met: null,
      gap: '截至2026年2月15日尚未动态清零（当月未结束）',
    });
  });

  it('takes overrides from the profile', () => {
    const r = buildReport(RECORDS, { asOf: AS_OF, targets: { id: 'local', year2024OnTimeRate: 0.5, selfRectifiedRate: null } });
    expect(r.targetProfile).toBe('local');
    expect(r.targetProfileName).toBe('自定义目标配置 local');
    expect(r.targets.find((t) => t.id === 'year-2024-on-time')?.met).toBe(true);
    expect(r.targets.some((t) => t.id === 'self-rectified')).toBe(false);
  });
});

describe('groupings', () => {
  const region = report.groupings[0];

  it('one row per region in pinyin order, 北区 empty, and a 合计 row equal to the cohorts', () => {
    expect(region?.by).toBe('region');
    expect(region?.rows.map((r) => r.label)).toEqual(['北区', '东区', '西区']);
    expect(region?.total.major).toEqual(report.cohorts.major);
    const north = region?.rows[0];
    expect(north).toMatchObject({ orgCount: 0, fundsWan: null });
    expect(north?.all.total).toBe(0);
    expect(north?.major.rectificationRate).toBeNull();
    expect(north?.major.onTimeRate).toBeNull();
  });

  it('东区 and 西区 by hand', () => {
    const east = region?.rows[1];
    const west = region?.rows[2];
    expect(east?.orgCount).toBe(2);
    expect(east?.major).toMatchObject({ total: 4, rectified: 4, due: 4, onTime: 2, overdue: 0, lateRectified: 2, closed: 3 });
    expect(east?.general).toMatchObject({ total: 2, rectified: 1, due: 1, onTime: 1, onTimeRate: 1 });
    expect(east?.stock).toEqual({ total: 1, closed: 1, open: 0 });
    expect(east?.currentYear).toEqual({ year: 2025, total: 2, closed: 2 });
    expect(east?.supervised).toEqual({ total: 1, rectified: 1, closed: 1, rectificationRate: 1 });
    expect(east?.fundsWan).toBe(20);
    expect(west?.major).toMatchObject({ total: 4, rectified: 1, due: 3, onTime: 1, onTimeRate: 1 / 3, overdue: 2, closed: 1 });
    expect(west?.general).toMatchObject({ total: 2, rectified: 1, due: 2, onTime: 0, onTimeRate: 0, overdue: 1 });
    expect(west?.supervised.rectificationRate).toBe(0);
    expect(west?.inspections).toBeNull();
  });

  it('groups by 督办级别 with 未挂牌 last', () => {
    const sup = report.groupings[1];
    expect(sup?.rows.map((r) => [r.label, r.all.total])).toEqual([
      ['省级', 1],
      ['县级', 1],
      ['未挂牌', 10],
    ]);
  });

  it('without a grouping there is only the 合计 row', () => {
    const r = buildReport(RECORDS, { asOf: AS_OF });
    expect(r.groupings).toHaveLength(1);
    expect(r.groupings[0]?.rows).toEqual([]);
    expect(r.groupings[0]?.total.all).toEqual(r.cohorts.all);
  });
});

describe('inspection log and roster', () => {
  const r = buildReport(RECORDS, { asOf: AS_OF, by: 'region', inspections: INSPECTIONS, roster: ROSTER });
  const s = r.inspections;

  it('每千次检查: 2 majors found by 部门检查 in 2025 (M2 M4) over 4 government inspections', () => {
    expect(s).toMatchObject({ from: '2025-01-01', to: AS_OF, inspections: 17, governmentInspections: 4, majorsFound: 2, majorsPerThousand: 500 });
  });

  it('主要负责人带队检查: monthly for 高危, quarterly otherwise, only ended periods', () => {
    expect(s?.enterprises.map((e) => [e.org, e.highRisk, e.cadence, e.periods, e.covered, e.missing])).toEqual([
      ['甲化工有限公司', true, 'month', 6, 5, ['2025-05']],
      ['乙商贸有限公司', false, 'quarter', 2, 1, ['2025Q2']],
      ['丙化工有限公司', true, 'month', 6, 6, []],
      ['丁物流有限公司', true, 'month', 6, 0, ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']],
      ['己食品有限公司', false, 'quarter', 2, 0, ['2025Q1', '2025Q2']],
    ]);
  });

  it('enterprises that did not report: 己 has neither hazards nor inspections in 2025', () => {
    expect(s).toMatchObject({ expected: 5, reported: 4, reportingRate: 0.8, notReported: ['己食品有限公司'] });
  });

  it('roster regions show as groups, with inspection counts', () => {
    const rows = r.groupings[0]?.rows ?? [];
    expect(rows.map((g) => [g.label, g.inspections])).toEqual([
      ['北区', 0],
      ['东区', 8],
      ['南区', 0],
      ['西区', 9],
    ]);
    expect(r.groupings[0]?.total.inspections).toBe(17);
  });
});

describe('options', () => {
  it('rejects a bad asOf, window or grouping', () => {
    expect(() => buildReport(RECORDS, { asOf: '2025-02-30' })).toThrow(UsageError);
    expect(() => buildReport(RECORDS, { asOf: AS_OF, window: 0 })).toThrow(UsageError);
    // @ts-expect-error an unknown grouping from an untyped caller
    expect(() => buildReport(RECORDS, { asOf: AS_OF, by: 'city' })).toThrow(UsageError);
  });
});
