/**
 * 治本攻坚三年行动 targets checked against the metrics. Each profile is named after the public document its
 * figures come from (national by default; a provincial or local profile is chosen in hazard.config.yaml), and each
 * check cites that document by issuer, title and 文号. A figure with no public threshold is marked as this tool's
 * proposal.
 */
import { overdueAt, rectifiedBy, STOCK_CUTOFF } from '../domain/lifecycle.js';
import { cohortMetrics } from './cohort-metrics.js';
import { monthEnd, monthsBetween, dynamicZeroAt } from './dynamic-zero.js';
import type { Fact } from './facts.js';
import { cnDate, percentText, targetPercent } from './percent.js';
import type { DynamicZeroVariant, OnTimeVariant, TargetCheck, TargetProfile } from './types.js';

/**
 * 全国重大事故隐患专项排查整治2023行动: 企业自查发现 7.74万项, 已整改 6.45万项, as published by 应急管理部 on
 * 2023-09-15. The 考核要点 asks for "高于…2023行动水平" without a figure; this ratio is the tool's reading of it.
 */
const NATIONAL_2023_SELF_RECTIFIED = 6.45 / 7.74;

const NATIONAL_PLAN = '国务院安全生产委员会《安全生产治本攻坚三年行动方案（2024—2026年）》（2024年1月印发）';
const NATIONAL_ASSESSMENT = '国务院安全生产委员会《2024年度省级政府安全生产和消防工作考核要点》（安委〔2024〕10号）附件《考核方式和直接评定指标说明》第8项';

/** Where each figure of a profile comes from. */
export interface TargetSources {
  /** 存量清零, 动态清零 (the three-year goals). */
  plan: string;
  /** 按期整改率 100% / 95%. */
  onTimeRates: string;
  /** 自查自改率 above the 2023 level. */
  selfRectified: string;
}

export interface NamedTargetProfile {
  profile: TargetProfile;
  sources: TargetSources;
}

const NATIONAL_FIGURES = {
  stockOnTimeRate: 1,
  stockClearBy: '2024-12-31',
  stockClearTolerance: 0,
  year2024OnTimeRate: 0.95,
  increment2025OverdueMax: 0,
  dynamicZeroYear: 2026,
  selfRectifiedRate: NATIONAL_2023_SELF_RECTIFIED,
} as const;

const SELF_RECTIFIED = `${NATIONAL_ASSESSMENT}（“高于全国重大事故隐患专项排查整治2023行动水平”；数值按应急管理部2023年9月15日通报的企业自查发现7.74万项、已整改6.45万项推算，为本工具口径）`;

/** The shipped profiles; `national` is the default. */
export const TARGET_PROFILES = {
  national: {
    profile: { id: 'national', name: '国家：安全生产治本攻坚三年行动方案及2024年度考核要点（安委〔2024〕10号）', ...NATIONAL_FIGURES },
    sources: { plan: NATIONAL_PLAN, onTimeRates: NATIONAL_ASSESSMENT, selfRectified: SELF_RECTIFIED },
  },
  shandong: {
    profile: { id: 'shandong', name: '山东省：山东省安全生产治本攻坚三年行动实施方案（鲁安发〔2024〕4号）', ...NATIONAL_FIGURES },
    sources: {
      plan: '山东省人民政府安全生产委员会《山东省安全生产治本攻坚三年行动实施方案（2024—2026年）》（鲁安发〔2024〕4号）',
      onTimeRates: NATIONAL_ASSESSMENT,
      selfRectified: SELF_RECTIFIED,
    },
  },
  feicheng: {
    profile: { id: 'feicheng', name: '肥城市：肥城市安全生产治本攻坚三年行动实施方案（肥安发〔2024〕5号）', ...NATIONAL_FIGURES },
    sources: {
      plan: '中共肥城市委 肥城市人民政府安全生产委员会《肥城市安全生产治本攻坚三年行动实施方案（2024—2026年）》（肥安发〔2024〕5号，“2024年底前全面消除”存量）',
      onTimeRates: NATIONAL_ASSESSMENT,
      selfRectified: SELF_RECTIFIED,
    },
  },
  jianan: {
    profile: { id: 'jianan', name: '许昌市建安区：安全生产治本攻坚三年行动2024年度工作提醒函', ...NATIONAL_FIGURES },
    sources: {
      plan: NATIONAL_PLAN,
      onTimeRates: `许昌市建安区安全生产委员会办公室《安全生产治本攻坚三年行动2024年度工作提醒函》转发的${NATIONAL_ASSESSMENT}`,
      selfRectified: SELF_RECTIFIED,
    },
  },
} as const satisfies Record<string, NamedTargetProfile>;

export type TargetProfileId = keyof typeof TARGET_PROFILES;

/** The shipped profile `id` names, else undefined. */
export function namedProfile(id: string): NamedTargetProfile | undefined {
  return Object.entries(TARGET_PROFILES).find(([k]) => k === id)?.[1];
}

export const TARGET_PROFILE_IDS: readonly string[] = Object.keys(TARGET_PROFILES);

export const DEFAULT_TARGET_PROFILE: TargetProfile = TARGET_PROFILES.national.profile;

/** “有效遏制增量” is a goal without a published figure: the tool proposes 0 overdue and says so. */
const PROPOSAL_BASIS = `本工具建议口径：${NATIONAL_PLAN}要求2025年底前“有效遏制重大事故隐患增量”，无公开数值标准，本工具以“2025年发现的重大隐患年底逾期未整改为0项”检验`;

function sourcesOf(id: string): TargetSources {
  const found = namedProfile(id);
  return found ? found.sources : { plan: `目标配置“${id}”（自定义）`, onTimeRates: `目标配置“${id}”（自定义）`, selfRectified: `目标配置“${id}”（自定义）` };
}

export interface TargetContext {
  asOf: string;
  variant: OnTimeVariant;
  dynamicZeroVariant: DynamicZeroVariant;
  profile: TargetProfile;
  majors: readonly Fact[];
}

/** Smallest number of further hazards that would lift num/den to the threshold (≥, or > when strict). */
function shortfall(num: number, den: number, threshold: number, above = false): number {
  const need = above ? Math.floor(threshold * den - num + 1e-9) + 1 : Math.ceil(threshold * den - num - 1e-9);
  return Math.max(0, Math.min(need, den - num));
}

function earlier(a: string, b: string): string {
  return a < b ? a : b;
}

function rateTarget(
  id: string,
  name: string,
  cohort: readonly Fact[],
  threshold: number,
  basis: string,
  ctx: TargetContext,
): TargetCheck {
  const m = cohortMetrics(cohort, ctx.asOf, ctx.variant);
  const den = ctx.variant === 'due' ? m.due : m.total;
  const base = { id, name, target: `≥${targetPercent(threshold)}`, basis, proposal: false, evaluatedAt: ctx.asOf };
  const met = m.onTimeRate === null ? null : m.onTime >= threshold * den - 1e-9;
  const gap =
    m.onTimeRate === null
      ? `没有${ctx.variant === 'due' ? '已到整改期限的' : ''}${name.replace('按期整改率', '')}，无法计算`
      : met
        ? null
        : `${name} ${percentText(m.onTimeRate)}，低于${targetPercent(threshold)}目标，差 ${shortfall(m.onTime, den, threshold)} 项`;
  return { ...base, interim: false, actual: m.onTimeRate, actualKind: 'rate', met, gap };
}

function stockCleared(ctx: TargetContext): TargetCheck {
  const { profile, asOf } = ctx;
  const at = earlier(asOf, profile.stockClearBy);
  const interim = asOf < profile.stockClearBy;
  const open = ctx.majors.filter((f) => f.found <= STOCK_CUTOFF && f.found <= at && !rectifiedBy(f, at)).length;
  const ok = open <= profile.stockClearTolerance;
  const gap = ok
    ? null
    : interim
      ? `截至${cnDate(at)}，2023年及以前重大隐患尚有 ${open} 项未整改（期限${cnDate(profile.stockClearBy)}）`
      : `截至${cnDate(at)}，2023年及以前重大隐患仍有 ${open} 项未整改，未按期清零`;
  return {
    id: 'stock-cleared',
    name: '2023年及以前重大隐患存量清零',
    target: `${cnDate(profile.stockClearBy)}前未整改≤${profile.stockClearTolerance}项`,
    basis: `${sourcesOf(profile.id).plan}${profile.id === 'feicheng' ? '' : `；“基本消除”无公开数值口径，本工具按未整改≤${profile.stockClearTolerance}项检验`}`,
    proposal: false,
    evaluatedAt: at,
    interim,
    actual: open,
    actualKind: 'count',
    met: ok ? true : interim ? null : false,
    gap,
  };
}

function increment2025(ctx: TargetContext): TargetCheck {
  const { asOf, profile } = ctx;
  const yearEnd = '2025-12-31';
  const at = earlier(asOf, yearEnd);
  const started = asOf >= '2025-01-01';
  const overdue = ctx.majors.filter((f) => f.found.startsWith('2025') && f.found <= at && overdueAt(f, at)).length;
  const ok = overdue <= profile.increment2025OverdueMax;
  const interim = asOf < yearEnd;
  return {
    id: 'increment-2025-overdue',
    name: '2025年重大隐患增量逾期未整改',
    target: `${cnDate(yearEnd)}逾期未整改≤${profile.increment2025OverdueMax}项`,
    basis: PROPOSAL_BASIS,
    proposal: true,
    evaluatedAt: at,
    interim,
    actual: started ? overdue : null,
    actualKind: 'count',
    met: !started ? null : ok ? true : interim ? null : false,
    gap: !started
      ? '统计日早于2025年，尚未开始考核'
      : ok
        ? null
        : `截至${cnDate(at)}，2025年发现的重大隐患逾期未整改 ${overdue} 项，目标为 ${profile.increment2025OverdueMax} 项`,
  };
}

function dynamicZero2026(ctx: TargetContext): TargetCheck {
  const year = ctx.profile.dynamicZeroYear;
  const yearEnd = `${year}-12-31`;
  const base = {
    id: `dynamic-zero-${year}`,
    name: `${year}年每月末重大隐患动态清零`,
    target: '每月末均动态清零',
    basis: sourcesOf(ctx.profile.id).plan,
    proposal: false,
    actualKind: 'months' as const,
    interim: ctx.asOf < yearEnd,
  };
  if (ctx.asOf < `${year}-01-01`) {
    return { ...base, evaluatedAt: ctx.asOf, actual: null, met: null, gap: `统计日早于${year}年，尚未开始考核` };
  }
  const months = monthsBetween(`${year}-01`, earlier(ctx.asOf, yearEnd)).map((m) => ({
    ...m,
    final: m.date === monthEnd(m.month),
    holds: dynamicZeroAt(ctx.majors, m.date, ctx.dynamicZeroVariant).holds,
  }));
  const failed = months.filter((m) => m.final && !m.holds).map((m) => m.month);
  const pending = months.some((m) => !m.final && !m.holds);
  const evaluatedAt = months.at(-1)?.date ?? ctx.asOf;
  const met = failed.length > 0 ? false : pending ? null : true;
  const gap =
    failed.length > 0
      ? `${year}年有 ${failed.length} 个月末未实现动态清零（${failed.join('、')}）`
      : pending
        ? `截至${cnDate(evaluatedAt)}尚未动态清零（当月未结束）`
        : null;
  return { ...base, evaluatedAt, actual: failed.length, met, gap };
}

function selfRectified(ctx: TargetContext, level: number): TargetCheck {
  const m = cohortMetrics(ctx.majors, ctx.asOf, ctx.variant);
  const r = m.selfRectifiedRate;
  const met = r === null ? null : r > level;
  const name = '重大隐患企业自查自改率';
  return {
    id: 'self-rectified',
    name,
    target: `>${targetPercent(level)}`,
    basis: sourcesOf(ctx.profile.id).selfRectified,
    proposal: false,
    evaluatedAt: ctx.asOf,
    interim: false,
    actual: r,
    actualKind: 'rate',
    met,
    gap:
      r === null
        ? '没有企业自查发现的重大隐患，无法计算'
        : met
          ? null
          : `${name} ${percentText(r)}，未高于2023年全国水平${targetPercent(level)}，差 ${shortfall(m.selfRectified, m.selfFound, level, true)} 项`,
  };
}

/** The profile's targets in a fixed order: 存量 rate, 存量清零, 2024 rate, 2025 增量, 2026 动态清零, 自查自改. */
export function evaluateTargets(ctx: TargetContext): TargetCheck[] {
  const { asOf, majors, profile } = ctx;
  const stock = majors.filter((f) => f.found <= STOCK_CUTOFF);
  const checks = [
    rateTarget('stock-on-time', '2023年及以前重大隐患按期整改率', stock, profile.stockOnTimeRate, sourcesOf(profile.id).onTimeRates, ctx),
    stockCleared(ctx),
  ];
  const y2024 = rateTarget(
    'year-2024-on-time',
    '2024年重大隐患按期整改率',
    majors.filter((f) => f.found.startsWith('2024')),
    profile.year2024OnTimeRate,
    sourcesOf(profile.id).onTimeRates,
    ctx,
  );
  checks.push(
    asOf < '2024-01-01' ? { ...y2024, actual: null, met: null, gap: '统计日早于2024年，尚未开始考核' } : y2024,
    increment2025(ctx),
    dynamicZero2026(ctx),
  );
  if (profile.selfRectifiedRate !== null) checks.push(selfRectified(ctx, profile.selfRectifiedRate));
  return checks;
}
