/**
 * What every report renderer shows, defined once: labels, the table columns (with the JSON path of each
 * cell, which the HTML marks as data-metric) and number display. Renderers differ only in layout.
 */
import { cnDate, percentText } from '../report/percent.js';
import type {
  CohortMetrics,
  CohortName,
  GroupRow,
  IncrementYear,
  ReportResult,
  SupervisionLevel,
  TargetCheck,
} from '../report/types.js';

export type ValueKind = 'count' | 'rate' | 'money' | 'signed' | 'decimal';

export interface Column<Row> {
  header: string;
  /** Path of the value inside one row object of the JSON. */
  path: string;
  kind: ValueKind;
  get: (row: Row) => number | null;
  /** Shown in the narrow text table too. */
  compact?: boolean;
}

export interface ColumnBlock<Row> {
  label: string;
  columns: Column<Row>[];
}

export function formatValue(kind: ValueKind, value: number | null): string {
  if (value === null) return '/';
  switch (kind) {
    case 'rate':
      return percentText(value);
    case 'money':
      return value.toFixed(2);
    case 'decimal':
      return value.toFixed(1);
    case 'signed':
      return value > 0 ? `+${value}` : String(value);
    default:
      return String(value);
  }
}

export const COHORT_LABELS: Readonly<Record<CohortName, string>> = {
  all: '全部隐患',
  major: '重大隐患',
  general: '一般隐患',
};

export const COHORT_ORDER: readonly CohortName[] = ['major', 'general', 'all'];

export const ON_TIME_VARIANT_LABELS = {
  due: '到期口径：只统计整改期限不晚于统计截止日的隐患',
  cohort: '全量口径：以全部隐患为分母',
} as const;

function col<Row>(header: string, path: string, kind: ValueKind, get: (row: Row) => number | null, compact = false): Column<Row> {
  return { header, path, kind, get, compact };
}

export const COHORT_COLUMNS: Column<CohortMetrics>[] = [
  col('隐患数', 'total', 'count', (m) => m.total, true),
  col('已整改', 'rectified', 'count', (m) => m.rectified, true),
  col('整改率', 'rectificationRate', 'rate', (m) => m.rectificationRate, true),
  col('到期数', 'due', 'count', (m) => m.due),
  col('按期整改', 'onTime', 'count', (m) => m.onTime),
  col('按期整改率', 'onTimeRate', 'rate', (m) => m.onTimeRate, true),
  col('逾期未整改', 'overdue', 'count', (m) => m.overdue, true),
  col('超期整改', 'lateRectified', 'count', (m) => m.lateRectified, true),
  col('已销号', 'closed', 'count', (m) => m.closed),
  col('销号率', 'closedRate', 'rate', (m) => m.closedRate, true),
  col('自查率', 'selfFoundRate', 'rate', (m) => m.selfFoundRate),
  col('自查自改率', 'selfRectifiedRate', 'rate', (m) => m.selfRectifiedRate),
  col('五落实完整率', 'fiveInPlaceRate', 'rate', (m) => m.fiveInPlaceRate),
];

/** The 月调度 columns (docs/report-model.md), in blocks; the 检查次数 column only when a log was given. */
export function groupBlocks(result: ReportResult, withInspections: boolean): ColumnBlock<GroupRow>[] {
  const year = Number(result.asOf.slice(0, 4));
  const base: Column<GroupRow>[] = [col('排查单位数', 'orgCount', 'count', (r) => r.orgCount)];
  if (withInspections) base.push(col('检查次数', 'inspections', 'count', (r) => r.inspections));
  return [
    { label: '基数', columns: base },
    {
      label: '一般隐患',
      columns: [
        col('累计发现', 'general.total', 'count', (r) => r.general.total, true),
        col('本月新增', 'general.newInMonth', 'count', (r) => r.general.newInMonth),
        col('已整改', 'general.rectified', 'count', (r) => r.general.rectified),
        col('未整改', 'general.open', 'count', (r) => r.general.open, true),
        col('整改率', 'general.rectificationRate', 'rate', (r) => r.general.rectificationRate, true),
      ],
    },
    {
      label: '重大隐患',
      columns: [
        col('累计发现', 'major.total', 'count', (r) => r.major.total, true),
        col('本月新增', 'major.newInMonth', 'count', (r) => r.major.newInMonth),
        col('企业自查', 'major.selfFound', 'count', (r) => r.major.selfFound),
        col('部门检查', 'major.governmentFound', 'count', (r) => r.major.governmentFound),
        col('已整改', 'major.rectified', 'count', (r) => r.major.rectified),
        col('已销号', 'major.closed', 'count', (r) => r.major.closed),
        col('未整改', 'major.open', 'count', (r) => r.major.open, true),
        col('逾期未整改', 'major.overdue', 'count', (r) => r.major.overdue, true),
        col('整改率', 'major.rectificationRate', 'rate', (r) => r.major.rectificationRate, true),
        col('按期整改率', 'major.onTimeRate', 'rate', (r) => r.major.onTimeRate, true),
      ],
    },
    {
      label: '存量(2023年及以前)',
      columns: [
        col('总数', 'stock.total', 'count', (r) => r.stock.total),
        col('已销号', 'stock.closed', 'count', (r) => r.stock.closed),
        col('未整改', 'stock.open', 'count', (r) => r.stock.open),
      ],
    },
    {
      label: `${year}年增量`,
      columns: [
        col('总数', 'currentYear.total', 'count', (r) => r.currentYear.total),
        col('已销号', 'currentYear.closed', 'count', (r) => r.currentYear.closed),
      ],
    },
    {
      label: '挂牌督办',
      columns: [
        col('挂牌数', 'supervised.total', 'count', (r) => r.supervised.total, true),
        col('已销号', 'supervised.closed', 'count', (r) => r.supervised.closed),
        col('整改率', 'supervised.rectificationRate', 'rate', (r) => r.supervised.rectificationRate, true),
      ],
    },
    {
      label: '五落实/治理计划',
      columns: [
        col('五落实完整', 'major.fiveInPlace', 'count', (r) => r.major.fiveInPlace),
        col('列入治理计划', 'inPlan', 'count', (r) => r.inPlan),
        col('治理资金(万元)', 'fundsWan', 'money', (r) => r.fundsWan),
      ],
    },
  ];
}

export function compactBlocks(blocks: ColumnBlock<GroupRow>[]): ColumnBlock<GroupRow>[] {
  return blocks
    .map((b) => ({ label: b.label, columns: b.columns.filter((c) => c.compact) }))
    .filter((b) => b.columns.length > 0);
}

export const INCREMENT_COLUMNS: Column<IncrementYear>[] = [
  col('重大隐患数', 'total', 'count', (y) => y.total),
  col('同比增减', 'change', 'signed', (y) => y.change),
  col('已整改', 'rectified', 'count', (y) => y.rectified),
  col('已销号', 'closed', 'count', (y) => y.closed),
  col('按期整改率', 'onTimeRate', 'rate', (y) => y.onTimeRate),
  col('逾期未整改', 'overdue', 'count', (y) => y.overdue),
];

export const SUPERVISION_COLUMNS: Column<SupervisionLevel>[] = [
  col('挂牌数', 'total', 'count', (l) => l.total),
  col('已整改', 'rectified', 'count', (l) => l.rectified),
  col('整改率', 'rectificationRate', 'rate', (l) => l.rectificationRate),
  col('已销号', 'closed', 'count', (l) => l.closed),
  col('销号率', 'closedRate', 'rate', (l) => l.closedRate),
  col('逾期未整改', 'overdue', 'count', (l) => l.overdue),
];

export function targetStatus(t: TargetCheck): string {
  if (t.met === true) return t.interim ? '达标（阶段）' : '达标';
  if (t.met === false) return '未达标';
  return t.actual === null ? '未考核' : '进行中';
}

/** The target's actual value as displayed. */
export function targetActual(t: TargetCheck): string {
  if (t.actual === null) return '/';
  if (t.actualKind === 'rate') return percentText(t.actual);
  return t.actualKind === 'months' ? `${t.actual}个月未清零` : `${t.actual}项`;
}

export function targetActualKind(t: TargetCheck): ValueKind {
  return t.actualKind === 'rate' ? 'rate' : 'count';
}

/** The target's line without the status: the gap when there is one, else the actual against the target. */
export function targetText(t: TargetCheck): string {
  const text =
    t.gap === null ? `${t.name} ${targetActual(t)}（目标${t.target}）` : t.gap.startsWith(t.name) ? t.gap : `${t.name}：${t.gap}`;
  return t.proposal ? `${text}［建议口径］` : text;
}

/** The one-line headline of a target. */
export function targetLine(t: TargetCheck): string {
  return `【${targetStatus(t)}】${targetText(t)}`;
}

/** The 督办级别 rows and a 合计 row. */
export function supervisionRows(result: ReportResult): SupervisionLevel[] {
  const s = result.supervision;
  const total: SupervisionLevel = {
    level: '合计',
    total: s.supervised,
    rectified: s.rectified,
    rectificationRate: s.rectificationRate,
    closed: s.closed,
    closedRate: s.closedRate,
    overdue: s.levels.reduce((sum, l) => sum + l.overdue, 0),
  };
  return [...s.levels, total];
}

export function reportTitle(result: ReportResult): string {
  return `${result.title ?? ''}重大事故隐患整改情况报告（截至${cnDate(result.asOf)}）`;
}

/** The lines under the title: the 按期 variant, the rectified rule and what was left out. */
export function scopeLines(result: ReportResult): string[] {
  const s = result.scope;
  const lines = [
    `按期整改率口径：${ON_TIME_VARIANT_LABELS[result.onTimeVariant]}`,
    `整改完成判定：${result.strict ? '严格（以验收日期或销号日期为准）' : '以整改完成日期为准'}；动态清零：${
      result.dynamicZero.variant === 'strict' ? '无未整改重大隐患' : '无逾期重大隐患且未整改重大隐患五落实齐全'
    }；目标配置：${result.targetProfileName}`,
    ...(result.configFile === null ? [] : [`配置文件：${result.configFile}`]),
    ...(result.failedInputs.length ? [`未能读取 ${result.failedInputs.length} 个输入文件，其中的隐患未计入任何统计：${result.failedInputs.map((f) => `${f.file}（${f.reason}）`).join('；')}`] : []),
    `纳入统计 ${s.included} 项（共读入 ${s.input} 项）；未计入：发现日期晚于截止日 ${s.excluded.foundAfterAsOf} 项、缺发现日期 ${s.excluded.noFoundDate} 项、草稿 ${s.excluded.draft} 项`,
  ];
  const notes: string[] = [];
  if (s.unknownLevel > 0) notes.push(`隐患等级不明 ${s.unknownLevel} 项（只计入全部隐患）`);
  if (s.undatedRectified > 0) notes.push(`标为已整改但无日期 ${s.undatedRectified} 项（按未整改计）`);
  if (s.determinationsApplied > 0) notes.push(`按判定规则改定等级 ${s.determinationsApplied} 项`);
  if (notes.length > 0) lines.push(`注意：${notes.join('；')}`);
  return lines;
}

export function dynamicZeroLine(result: ReportResult): string {
  const dz = result.dynamicZero;
  return `动态清零：${dz.holds ? '成立' : '不成立'}（逾期重大隐患 ${dz.overdueMajors} 项，未整改重大隐患 ${dz.openMajors} 项，其中五落实不全 ${dz.openMajorsMissingFiveInPlace} 项）`;
}

export function stockLine(result: ReportResult): string {
  const s = result.stock;
  return `存量（2023年及以前发现的重大隐患）：总数 ${s.total} 项，已整改 ${s.rectified} 项，已销号 ${s.closed} 项，未整改 ${s.open} 项，按期整改率 ${percentText(s.onTimeRate)}`;
}
