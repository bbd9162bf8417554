/** 挂牌督办: counts and 整改率 by 督办级别 (the 月调度表's 挂牌隐患 block and 挂牌督办率; docs/report-model.md). */
import { closedBy, overdueAt, rectifiedBy } from '../domain/lifecycle.js';
import { rate } from './cohort-metrics.js';
import { SUP_LEVELS, SUP_LEVEL_UNSET, type Fact } from './facts.js';
import type { Supervision, SupervisionLevel } from './types.js';

function levelRow(level: string, facts: readonly Fact[], asOf: string): SupervisionLevel {
  const rectified = facts.filter((f) => rectifiedBy(f, asOf)).length;
  const closed = facts.filter((f) => closedBy(f, asOf)).length;
  return {
    level,
    total: facts.length,
    rectified,
    rectificationRate: rate(rectified, facts.length),
    closed,
    closedRate: rate(closed, facts.length),
    overdue: facts.filter((f) => overdueAt(f, asOf)).length,
  };
}

/** Supervised hazards of any level; the known levels always show, in rank order, then any others. */
export function supervision(facts: readonly Fact[], asOf: string): Supervision {
  const supervised = facts.filter((f) => f.supervised);
  const majors = facts.filter((f) => f.level === 'major').length;
  const others = [...new Set(supervised.map((f) => f.supLevel))].filter(
    (l) => !SUP_LEVELS.some((known) => known === l) && l !== SUP_LEVEL_UNSET,
  );
  const levels = [...SUP_LEVELS, ...others.sort(), SUP_LEVEL_UNSET]
    .map((level) => levelRow(level, supervised.filter((f) => f.supLevel === level), asOf))
    .filter((row) => row.total > 0 || SUP_LEVELS.some((known) => known === row.level));
  const all = levelRow('合计', supervised, asOf);
  const supervisedMajors = supervised.filter((f) => f.level === 'major').length;
  return {
    majors,
    supervised: supervised.length,
    supervisedMajors,
    supervisedRate: rate(supervisedMajors, majors),
    rectified: all.rectified,
    rectificationRate: all.rectificationRate,
    closed: all.closed,
    closedRate: all.closedRate,
    levels,
  };
}
