/**
 * The report: pure function of the records (plus optional engine determinations, inspection log and
 * roster) at asOf. Hazards found after asOf, without a found date, or still drafts are left out and
 * counted in `scope`.
 */
import { closedBy, isoDay, STOCK_CUTOFF } from '../domain/lifecycle.js';
import type { FindingRecord } from '../domain/finding-record.js';
import { cohortMetrics, rate } from './cohort-metrics.js';
import { burnDown, dynamicZero } from './dynamic-zero.js';
import { deriveFacts, makeOrgResolver, normaliseKey, type Fact, type SeenGroups } from './facts.js';
import { buildGrouping, type GroupContext } from './groupings.js';
import { inspectionSummary } from './inspections.js';
import { supervision } from './supervision.js';
import { DEFAULT_TARGET_PROFILE, evaluateTargets, namedProfile } from './targets.js';
import type { GroupBy, IncrementYear, OnTimeVariant, ReportOptions, ReportResult, ReportScope, StockMetrics } from './types.js';

export const DEFAULT_WINDOW = 12;

function stockMetrics(majors: readonly Fact[], asOf: string, variant: OnTimeVariant): StockMetrics {
  const stock = majors.filter((f) => f.found <= STOCK_CUTOFF);
  const m = cohortMetrics(stock, asOf, variant);
  return {
    total: m.total,
    rectified: m.rectified,
    closed: stock.filter((f) => closedBy(f, asOf)).length,
    open: m.open,
    due: m.due,
    onTime: m.onTime,
    onTimeRate: m.onTimeRate,
  };
}

/** 增量 I_y for 2024 … year of asOf; `change` compares with the majors found the year before. */
function increments(majors: readonly Fact[], asOf: string, variant: OnTimeVariant): IncrementYear[] {
  const out: IncrementYear[] = [];
  const countIn = (year: number): number => majors.filter((f) => f.found.startsWith(String(year))).length;
  for (let year = 2024; year <= Number(asOf.slice(0, 4)); year++) {
    const cohort = majors.filter((f) => f.found.startsWith(String(year)));
    const m = cohortMetrics(cohort, asOf, variant);
    const previous = countIn(year - 1);
    out.push({
      year,
      total: m.total,
      change: m.total - previous,
      changeRate: rate(m.total - previous, previous),
      rectified: m.rectified,
      closed: m.closed,
      due: m.due,
      onTime: m.onTime,
      onTimeRate: m.onTimeRate,
      overdue: m.overdue,
    });
  }
  return out;
}

function groupByList(by: ReportOptions['by']): (GroupBy | 'none')[] {
  if (by === undefined || by === 'none') return ['none'];
  if (typeof by === 'string') return [by];
  return by.length === 0 ? ['none'] : [...by];
}

function groupContext(
  options: ReportOptions,
  facts: readonly Fact[],
  seen: GroupContext['seen'],
  resolveOrg: ReturnType<typeof makeOrgResolver>,
): GroupContext {
  const orgRegion = new Map<string, string>();
  const orgIndustry = new Map<string, string>();
  const extra = { region: new Map<string, string>(), industry: new Map<string, string>(), org: new Map<string, string>() };
  for (const r of options.roster ?? []) {
    const org = resolveOrg(r.org, r.uscc);
    const region = normaliseKey(r.region);
    const industry = normaliseKey(r.industry);
    orgRegion.set(org.key, region);
    orgIndustry.set(org.key, industry);
    extra.org.set(org.key, org.label);
    if (region !== '') extra.region.set(region, region);
    const sector = options.sectorOf ? normaliseKey(options.sectorOf(industry)) : industry;
    if (sector !== '') extra.industry.set(sector, sector);
  }
  for (const f of facts) {
    if (!orgRegion.get(f.org.key)) orgRegion.set(f.org.key, f.region);
    if (!orgIndustry.get(f.org.key)) orgIndustry.set(f.org.key, f.industry);
  }
  let inspectionsByOrg: Map<string, number> | undefined;
  if (options.inspections !== undefined) {
    inspectionsByOrg = new Map();
    const from = `${options.asOf.slice(0, 4)}-01-01`;
    for (const i of options.inspections) {
      const day = isoDay(i.date);
      if (day === undefined || day < from || day > options.asOf) continue;
      const key = resolveOrg(i.org, i.uscc).key;
      inspectionsByOrg.set(key, (inspectionsByOrg.get(key) ?? 0) + 1);
      if (!orgRegion.has(key)) orgRegion.set(key, '');
      if (!orgIndustry.has(key)) orgIndustry.set(key, '');
    }
  }
  return {
    asOf: options.asOf,
    variant: options.onTime ?? 'due',
    seen,
    inspectionsByOrg,
    orgRegion,
    orgIndustry,
    extraKeys: extra,
    ...(options.sectorOf ? { sectorOf: options.sectorOf } : {}),
  };
}

/** All metrics, groupings, targets and monthly series of the report (the 月调度 layout and the 治本攻坚 metrics). */
export function computeReport(records: readonly FindingRecord[], options: ReportOptions): ReportResult {
  const resolveOrg = makeOrgResolver(options.roster);
  return computeReportFromFacts(deriveFacts(records, options, resolveOrg), options, resolveOrg);
}

/** The same, from facts collected while streaming (`FactCollector`, built with the same org resolver). */
export function computeReportFromFacts(
  collected: { facts: readonly Fact[]; scope: ReportScope; seen: SeenGroups },
  options: ReportOptions,
  resolveOrg: ReturnType<typeof makeOrgResolver>,
): ReportResult {
  const { asOf } = options;
  const variant = options.onTime ?? 'due';
  const window = options.window ?? DEFAULT_WINDOW;
  const dzVariant = options.dynamicZero ?? 'managed';
  const chosen = options.targets?.id ? namedProfile(options.targets.id)?.profile : undefined;
  const profile = { ...(chosen ?? DEFAULT_TARGET_PROFILE), ...(chosen || !options.targets?.id ? {} : { name: `自定义目标配置 ${options.targets.id}` }), ...options.targets };
  const { facts, scope, seen } = collected;
  const majors = facts.filter((f) => f.level === 'major');
  const ctx = groupContext(options, facts, seen, resolveOrg);

  return {
    schemaVersion: 1,
    tool: 'hazard-toolkit',
    title: options.title ?? null,
    asOf,
    onTimeVariant: variant,
    strict: options.strict === true,
    targetProfile: profile.id,
    targetProfileName: profile.name,
    configFile: options.configFile ?? null,
    failedInputs: [...(options.failedInputs ?? [])],
    scope,
    cohorts: {
      all: cohortMetrics(facts, asOf, variant),
      major: cohortMetrics(majors, asOf, variant),
      general: cohortMetrics(
        facts.filter((f) => f.level === 'general'),
        asOf,
        variant,
      ),
    },
    groupings: groupByList(options.by).map((by) => buildGrouping(by, facts, ctx)),
    stock: stockMetrics(majors, asOf, variant),
    increments: increments(majors, asOf, variant),
    dynamicZero: dynamicZero(majors, asOf, window, dzVariant),
    supervision: supervision(facts, asOf),
    burnDown: burnDown(majors, asOf),
    targets: evaluateTargets({ asOf, variant, dynamicZeroVariant: dzVariant, profile, majors }),
    inspections: inspectionSummary({
      asOf,
      facts,
      inspections: options.inspections,
      roster: options.roster,
      perThousand: options.perThousand ?? 'government',
      resolveOrg,
      orgIndustry: ctx.orgIndustry,
      highRiskOf: options.highRiskOf,
      highRiskOverride: options.highRiskOverride,
    }),
  };
}
