/**
 * Terminal report: the targets first as 达标/未达标 lines, then the tables. cli-table3 pads by display
 * width, so CJK columns line up. Pure: returns the string.
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { cnDate } from '../report/percent.js';
import type { Grouping, ReportResult } from '../report/types.js';
import {
  COHORT_COLUMNS,
  COHORT_LABELS,
  COHORT_ORDER,
  compactBlocks,
  dynamicZeroLine,
  formatValue,
  groupBlocks,
  INCREMENT_COLUMNS,
  reportTitle,
  scopeLines,
  stockLine,
  SUPERVISION_COLUMNS,
  supervisionRows,
  targetLine,
} from './report-shared.js';

export interface TextReportOptions {
  color?: boolean;
}

type Cell = string | { content: string; colSpan?: number; rowSpan?: number; hAlign?: 'left' | 'center' | 'right' };

function table(rows: Cell[][], head?: string[]): string {
  const t = new Table({ head: head ?? [], style: { head: [], border: [], compact: true } });
  t.push(...rows);
  return t.toString();
}

function right(content: string): Cell {
  return { content, hAlign: 'right' };
}

function cohortTable(result: ReportResult): string {
  const rows = COHORT_COLUMNS.map((c) => [
    c.header,
    ...COHORT_ORDER.map((name) => right(formatValue(c.kind, c.get(result.cohorts[name])))),
  ]);
  return table(rows, ['指标', ...COHORT_ORDER.map((n) => COHORT_LABELS[n])]);
}

function groupingTable(result: ReportResult, grouping: Grouping): string {
  const blocks = compactBlocks(groupBlocks(result, false));
  const columns = blocks.flatMap((b) => b.columns);
  const rows: Cell[][] = [
    [{ content: grouping.label, rowSpan: 2 }, ...blocks.map((b) => ({ content: b.label, colSpan: b.columns.length, hAlign: 'center' as const }))],
    columns.map((c) => c.header),
    ...[...grouping.rows, grouping.total].map((row) => [row.label, ...columns.map((c) => right(formatValue(c.kind, c.get(row))))]),
  ];
  return table(rows);
}

function monthsTable(result: ReportResult): string {
  const rows = result.dynamicZero.months.map((m) => [
    m.month,
    m.date,
    m.holds ? '清零' : '未清零',
    right(String(m.overdueMajors)),
    right(String(m.openMajors)),
    right(String(m.openMajorsMissingFiveInPlace)),
  ]);
  return table(rows, ['月份', '评估日', '动态清零', '逾期重大', '未整改重大', '五落实不全']);
}

function burnDownLines(result: ReportResult): string[] {
  const points = result.burnDown.map((p) => `${p.month} ${p.open}`);
  const lines: string[] = [];
  for (let i = 0; i < points.length; i += 6) lines.push(`  ${points.slice(i, i + 6).join('  ')}`);
  return lines;
}

function inspectionLines(result: ReportResult): string[] {
  const s = result.inspections;
  if (s === null) return [];
  const lines = [
    `检查与报送（${cnDate(s.from)}至${cnDate(s.to)}）`,
    `每千次检查发现重大事故隐患数：${formatValue('decimal', s.majorsPerThousand)}（${
      s.perThousandSource === 'government' ? '部门检查' : '全部检查'
    }发现重大隐患 ${s.majorsFound} 项 ÷ 检查 ${s.perThousandSource === 'government' ? s.governmentInspections : s.inspections} 次 × 1000）`,
  ];
  if (s.expected !== null) {
    lines.push(
      `报送率：${formatValue('rate', s.reportingRate)}（应报 ${s.expected} 家，已报 ${s.reported ?? 0} 家；本年有隐患或检查记录视为已报送）`,
    );
    if (s.notReported.length > 0) lines.push(`未报送单位：${s.notReported.join('、')}`);
  }
  if (s.enterprises.length > 0) {
    const rows = s.enterprises.map((e) => [
      e.org,
      e.highRisk ? '是' : '否',
      e.cadence === 'month' ? '每月' : '每季度',
      right(String(e.periods)),
      right(String(e.covered)),
      e.missing.length === 0 ? '—' : e.missing.join('、'),
    ]);
    lines.push('主要负责人带队检查', table(rows, ['单位', '高危', '频次', '应检期数', '已检期数', '缺漏']));
  }
  return lines;
}

export function renderReportText(result: ReportResult, options: TextReportOptions = {}): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const paint = (line: string): string =>
    line.startsWith('【达标') ? chalk.green(line) : line.startsWith('【未达标') ? chalk.red(line) : chalk.yellow(line);
  const supervision = result.supervision;
  const out = [
    chalk.bold(reportTitle(result)),
    ...scopeLines(result),
    '',
    chalk.bold('目标达成'),
    ...result.targets.map((t) => paint(targetLine(t))),
    '',
    chalk.bold('总体情况'),
    cohortTable(result),
    '',
    stockLine(result),
    chalk.bold('增量（按发现年份）'),
    table(
      result.increments.map((y) => [String(y.year), ...INCREMENT_COLUMNS.map((c) => right(formatValue(c.kind, c.get(y))))]),
      ['年份', ...INCREMENT_COLUMNS.map((c) => c.header)],
    ),
    '',
    chalk.bold(dynamicZeroLine(result)),
    monthsTable(result),
    '',
    chalk.bold('存量销号进度（月末未整改存量）'),
    ...burnDownLines(result),
    '',
    chalk.bold(
      `挂牌督办：${supervision.supervised} 项，重大隐患挂牌督办率 ${formatValue('rate', supervision.supervisedRate)}`,
    ),
    table(
      supervisionRows(result).map((l) => [l.level, ...SUPERVISION_COLUMNS.map((c) => right(formatValue(c.kind, c.get(l))))]),
      ['督办级别', ...SUPERVISION_COLUMNS.map((c) => c.header)],
    ),
    ...result.groupings.flatMap((g) => ['', chalk.bold(`月调度表（${g.label}）`), groupingTable(result, g)]),
  ];
  const inspections = inspectionLines(result);
  if (inspections.length > 0) out.push('', ...inspections);
  return `${out.join('\n')}\n`;
}
