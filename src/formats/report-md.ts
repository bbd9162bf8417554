/** Markdown report (GFM tables). Merged 月调度 headers become "块·列" column titles. Pure. */
import { cnDate } from '../report/percent.js';
import type { Grouping, ReportResult } from '../report/types.js';
import {
  COHORT_COLUMNS,
  COHORT_LABELS,
  COHORT_ORDER,
  dynamicZeroLine,
  formatValue,
  groupBlocks,
  INCREMENT_COLUMNS,
  reportTitle,
  scopeLines,
  stockLine,
  SUPERVISION_COLUMNS,
  supervisionRows,
  targetStatus,
  targetText,
} from './report-shared.js';

function escape(cell: string): string {
  return cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A GFM table; by default the first column is left-aligned and the others (numbers) right-aligned. */
export function mdTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: (column: number) => boolean = (i) => i > 0,
): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(escape).join(' | ')} |`;
  const align = head.map((_, i) => (numeric(i) ? '---:' : ':---'));
  return [line(head), line(align), ...rows.map(line)].join('\n');
}

function groupingTable(result: ReportResult, grouping: Grouping): string {
  const blocks = groupBlocks(result, result.inspections !== null);
  const columns = blocks.flatMap((b) => b.columns.map((c) => ({ ...c, title: b.label === '基数' ? c.header : `${b.label}·${c.header}` })));
  return mdTable(
    [grouping.label, ...columns.map((c) => c.title)],
    [...grouping.rows, grouping.total].map((row) => [row.label, ...columns.map((c) => formatValue(c.kind, c.get(row)))]),
  );
}

function inspectionSection(result: ReportResult): string[] {
  const s = result.inspections;
  if (s === null) return [];
  const out = [
    `## 检查与报送（${cnDate(s.from)}至${cnDate(s.to)}）`,
    '',
    `- 每千次检查发现重大事故隐患数：${formatValue('decimal', s.majorsPerThousand)}（发现重大隐患 ${s.majorsFound} 项，${
      s.perThousandSource === 'government' ? `部门检查 ${s.governmentInspections}` : `检查 ${s.inspections}`
    } 次）`,
  ];
  if (s.expected !== null) {
    out.push(`- 报送率：${formatValue('rate', s.reportingRate)}（应报 ${s.expected} 家，已报 ${s.reported ?? 0} 家；本年有隐患或检查记录视为已报送）`);
    if (s.notReported.length > 0) out.push(`- 未报送单位：${s.notReported.join('、')}`);
  }
  if (s.enterprises.length > 0) {
    out.push(
      '',
      '### 主要负责人带队检查',
      '',
      mdTable(
        ['单位', '高危', '频次', '应检期数', '已检期数', '缺漏'],
        s.enterprises.map((e) => [
          e.org,
          e.highRisk ? '是' : '否',
          e.cadence === 'month' ? '每月' : '每季度',
          String(e.periods),
          String(e.covered),
          e.missing.join('、') || '—',
        ]),
        (i) => i === 3 || i === 4,
      ),
    );
  }
  return [...out, ''];
}

export function renderReportMd(result: ReportResult): string {
  const out = [
    `# ${reportTitle(result)}`,
    '',
    ...scopeLines(result).map((l) => `> ${l}  `),
    '',
    '## 目标达成',
    '',
    mdTable(
      ['状态', '目标', '要求', '实际', '依据'],
      result.targets.map((t) => [
        targetStatus(t),
        targetText(t),
        t.target,
        formatValue(t.actualKind === 'rate' ? 'rate' : 'count', t.actual),
        t.basis,
      ]),
      (i) => i === 3,
    ),
    '',
    '## 总体情况',
    '',
    mdTable(
      ['指标', ...COHORT_ORDER.map((n) => COHORT_LABELS[n])],
      COHORT_COLUMNS.map((c) => [c.header, ...COHORT_ORDER.map((n) => formatValue(c.kind, c.get(result.cohorts[n])))]),
    ),
    '',
    '## 存量与增量',
    '',
    stockLine(result),
    '',
    mdTable(
      ['年份', ...INCREMENT_COLUMNS.map((c) => c.header)],
      result.increments.map((y) => [String(y.year), ...INCREMENT_COLUMNS.map((c) => formatValue(c.kind, c.get(y)))]),
    ),
    '',
    '## 动态清零',
    '',
    dynamicZeroLine(result),
    '',
    mdTable(
      ['月份', '评估日', '动态清零', '逾期重大', '未整改重大', '五落实不全'],
      result.dynamicZero.months.map((m) => [
        m.month,
        m.date,
        m.holds ? '清零' : '未清零',
        String(m.overdueMajors),
        String(m.openMajors),
        String(m.openMajorsMissingFiveInPlace),
      ]),
      (i) => i >= 3,
    ),
    '',
    '### 存量销号进度（月末未整改存量）',
    '',
    mdTable(
      ['月份', '未整改存量'],
      result.burnDown.map((p) => [p.month, String(p.open)]),
    ),
    '',
    '## 挂牌督办',
    '',
    `挂牌督办 ${result.supervision.supervised} 项，重大隐患挂牌督办率 ${formatValue('rate', result.supervision.supervisedRate)}。`,
    '',
    mdTable(
      ['督办级别', ...SUPERVISION_COLUMNS.map((c) => c.header)],
      supervisionRows(result).map((l) => [l.level, ...SUPERVISION_COLUMNS.map((c) => formatValue(c.kind, c.get(l)))]),
    ),
    '',
    ...result.groupings.flatMap((g) => [`## 月调度表（${g.label}）`, '', groupingTable(result, g), '']),
    ...inspectionSection(result),
  ];
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
