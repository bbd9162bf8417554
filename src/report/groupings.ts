/** The 月调度 tables: one row per group key plus a 合计 row (docs/report-model.md). */
import { closedBy, rectifiedBy, STOCK_CUTOFF } from '../domain/lifecycle.js';
import { normaliseKey } from './facts.js';
import { cohortMetrics, rate } from './cohort-metrics.js';
import { NOT_SUPERVISED, SUP_LEVELS, SUP_LEVEL_UNSET, UNSET, type Fact, type SeenGroups } from './facts.js';
import type { GroupBy, Grouping, GroupRow, OnTimeVariant } from './types.js';

export const GROUP_LABELS: Readonly<Record<GroupBy | 'none', string>> = {
  region: '所属区县',
  industry: '所属行业',
  org: '单位名称',
  sup_level: '督办级别',
  none: '全部',
};

export const TOTAL_LABEL = '合计';

export interface GroupContext {
  asOf: string;
  variant: OnTimeVariant;
  seen: SeenGroups;
  /** Inspections in the year of asOf by org key; undefined without a log. */
  inspectionsByOrg?: ReadonlyMap<string, number>;
  /** Region and industry of each org key (roster first, then the ledger). */
  orgRegion: ReadonlyMap<string, string>;
  orgIndustry: ReadonlyMap<string, string>;
  /** Keys to show even when no hazard falls in them (roster regions, industries, orgs). */
  extraKeys: Readonly<Record<'region' | 'industry' | 'org', ReadonlyMap<string, string>>>;
  /** Industry text → its sector group (ReportOptions.sectorOf). */
  sectorOf?: (industry: string | undefined) => string | undefined;
}

function keyOf(fact: Fact, by: GroupBy): string {
  switch (by) {
    case 'region':
      return fact.region;
    case 'industry':
      return fact.sector;
    case 'org':
      return fact.org.key;
    case 'sup_level':
      return fact.supLevel;
  }
}

function groupRow(key: string, label: string, facts: readonly Fact[], ctx: GroupContext, orgKeys?: Set<string>): GroupRow {
  const { asOf, variant } = ctx;
  const majors = facts.filter((f) => f.level === 'major');
  const year = Number(asOf.slice(0, 4));
  const stock = majors.filter((f) => f.found <= STOCK_CUTOFF);
  const stockClosed = stock.filter((f) => closedBy(f, asOf)).length;
  const current = majors.filter((f) => f.found.startsWith(String(year)));
  const supervised = facts.filter((f) => f.supervised);
  const supRectified = supervised.filter((f) => rectifiedBy(f, asOf)).length;
  const funded = majors.filter((f) => f.funds !== undefined);
  let inspections: number | null = null;
  if (ctx.inspectionsByOrg !== undefined && orgKeys !== undefined) {
    inspections = 0;
    for (const org of orgKeys) inspections += ctx.inspectionsByOrg.get(org) ?? 0;
  }
  return {
    key,
    label,
    orgCount: new Set(facts.map((f) => f.org.key)).size,
    all: cohortMetrics(facts, asOf, variant),
    major: cohortMetrics(majors, asOf, variant),
    general: cohortMetrics(
      facts.filter((f) => f.level === 'general'),
      asOf,
      variant,
    ),
    stock: {
      total: stock.length,
      closed: stockClosed,
      open: stock.filter((f) => !rectifiedBy(f, asOf)).length,
    },
    currentYear: { year, total: current.length, closed: current.filter((f) => closedBy(f, asOf)).length },
    supervised: {
      total: supervised.length,
      rectified: supRectified,
      closed: supervised.filter((f) => closedBy(f, asOf)).length,
      rectificationRate: rate(supRectified, supervised.length),
    },
    inPlan: majors.filter((f) => f.inPlan).length,
    fundsWan: funded.length === 0 ? null : funded.reduce((sum, f) => sum + (f.funds ?? 0), 0) / 10_000,
    inspections,
  };
}

const collator = new Intl.Collator('zh-Hans-CN');

function orderKeys(by: GroupBy, keys: Iterable<string>, labelOf: (key: string) => string): string[] {
  const rank = (key: string): number => {
    if (by === 'sup_level') {
      const i = SUP_LEVELS.findIndex((l) => l === key);
      if (i >= 0) return i;
      return key === SUP_LEVEL_UNSET ? 90 : key === NOT_SUPERVISED ? 99 : 50;
    }
    return key === '' || key === 'name:' ? 99 : 0;
  };
  return [...new Set(keys)].sort((a, b) => rank(a) - rank(b) || collator.compare(labelOf(a), labelOf(b)));
}

function candidateKeys(by: GroupBy, ctx: GroupContext): Iterable<string> {
  if (by === 'sup_level') return [];
  const extra = ctx.extraKeys[by].keys();
  if (by === 'org') return [...ctx.seen.org.keys(), ...extra];
  return [...ctx.seen[by], ...extra];
}

/** Orgs whose inspections count towards a group: by the org's region/industry, or the org itself. */
function orgsOfGroup(by: GroupBy, key: string, ctx: GroupContext): Set<string> | undefined {
  if (ctx.inspectionsByOrg === undefined || by === 'sup_level') return undefined;
  if (by === 'org') return new Set([key]);
  const map = by === 'region' ? ctx.orgRegion : ctx.orgIndustry;
  const groupOf = (v: string): string => (by === 'industry' && ctx.sectorOf ? normaliseKey(ctx.sectorOf(v)) : v);
  return new Set([...map].filter(([, v]) => groupOf(v) === key).map(([org]) => org));
}

export function buildGrouping(by: GroupBy | 'none', facts: readonly Fact[], ctx: GroupContext): Grouping {
  const allOrgs = ctx.inspectionsByOrg === undefined ? undefined : new Set(ctx.orgRegion.keys());
  const total = groupRow('', TOTAL_LABEL, facts, ctx, allOrgs);
  if (by === 'none') return { by, label: GROUP_LABELS.none, rows: [], total };
  const buckets = new Map<string, Fact[]>();
  for (const f of facts) {
    const key = keyOf(f, by);
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, [f]);
    else bucket.push(f);
  }
  const labelOf = (key: string): string => {
    if (by === 'org') return ctx.seen.org.get(key)?.label ?? ctx.extraKeys.org.get(key) ?? UNSET;
    return key === '' ? UNSET : key;
  };
  const keys = orderKeys(by, [...candidateKeys(by, ctx), ...buckets.keys()], labelOf);
  const rows = keys.map((key) => groupRow(key, labelOf(key), buckets.get(key) ?? [], ctx, orgsOfGroup(by, key, ctx)));
  return { by, label: GROUP_LABELS[by], rows, total };
}
