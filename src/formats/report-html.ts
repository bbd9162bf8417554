/**
 * One self-contained HTML file: inline CSS, inline SVG, no script and no network (a CSP forbids it).
 * Targets come first as cards. Every number carries data-metric="<JSON path>" so tests can hold the
 * page to the JSON. Prints on A4; the wide 月调度 tables get landscape pages.
 */
import { cnDate } from '../report/percent.js';
import type { Grouping, ReportResult, TargetCheck } from '../report/types.js';
import {
  COHORT_COLUMNS,
  COHORT_LABELS,
  COHORT_ORDER,
  formatValue,
  groupBlocks,
  INCREMENT_COLUMNS,
  reportTitle,
  scopeLines,
  SUPERVISION_COLUMNS,
  targetStatus,
  type ValueKind,
} from './report-shared.js';
import { barChart, burnDownChart, escapeXml as esc, monthStrip, type Bar } from './report-svg.js';

const FONT_STACK =
  '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei", sans-serif';

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: ${FONT_STACK}; color: #1f2933; margin: 24px auto; max-width: 1100px; padding: 0 16px; line-height: 1.5; font-size: 14px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; border-left: 4px solid #1f5f99; padding-left: 8px; margin: 28px 0 10px; }
.scope { color: #52606d; font-size: 12px; margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 12px; }
.card { border: 1px solid #cbd2d9; border-top: 5px solid #9aa5b1; border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.card.met { border-top-color: #2e7d32; } .card.unmet { border-top-color: #c0392b; } .card.pending { border-top-color: #d69e2e; }
.card .status { font-weight: bold; font-size: 13px; }
.card.met .status { color: #2e7d32; } .card.unmet .status { color: #c0392b; } .card.pending .status { color: #b7791f; }
.card .name { font-weight: bold; margin: 2px 0; }
.card .actual { font-size: 24px; font-weight: bold; }
.card .gap { font-size: 13px; margin: 4px 0; }
.card .basis { color: #7b8794; font-size: 11px; }
.tag { display: inline-block; font-size: 11px; border: 1px solid #d69e2e; color: #b7791f; border-radius: 3px; padding: 0 4px; margin-left: 4px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid #cbd2d9; padding: 3px 6px; }
th { background: #f0f4f8; font-weight: bold; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td, tr.total th { font-weight: bold; background: #f7f9fb; }
.scroll { overflow-x: auto; }
table.dispatch { font-size: 12px; }
table.dispatch th { font-size: 11px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
svg.chart { max-width: 100%; height: auto; }
.summary { margin: 4px 0; }
.chart-note { margin: 6px 0; padding: 8px 12px; background: #f7f9fb; border: 1px dashed #cbd2d9; border-radius: 4px; font-size: 13px; flex: 1 1 100%; }
/* 月调度表 headers: room for a two- or three-character line, never one character per line. */
table.dispatch thead tr:last-child th { min-width: 3.6em; }
table.dispatch thead th[rowspan], table.dispatch tbody th { min-width: 6em; text-align: left; }
table.dispatch th { word-break: keep-all; overflow-wrap: break-word; }
/* A heading travels with what follows it: each section is one unit unless it is taller than a page. */
section > h2 { break-after: avoid; page-break-after: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 32px; color: #7b8794; font-size: 11px; border-top: 1px solid #e4e7eb; padding-top: 8px; }
@page { size: A4 portrait; margin: 12mm; }
@page wide { size: A4 landscape; margin: 10mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  .card, svg.chart, table { break-inside: avoid; }
  .scroll { overflow: visible; }
  .wide { page: wide; }
  table.dispatch { font-size: 7pt; width: 100%; }
  table.dispatch th { font-size: 6.5pt; }
  /* On paper the table must fit the landscape width: headers may break inside a word, but keep 3 characters a line. */
  table.dispatch th { word-break: normal; }
  table.dispatch thead tr:last-child th { min-width: 3.2em; }
  table.dispatch thead th[rowspan], table.dispatch tbody th { min-width: 4.5em; }
  section { break-inside: avoid; page-break-inside: avoid; }
  table.dispatch th, table.dispatch td { padding: 1px 2px; }
  .cards { grid-template-columns: repeat(3, 1fr); }
}`;

function num(kind: ValueKind, value: number | null, metric: string, tag: 'td' | 'span' = 'td'): string {
  const cls = tag === 'td' ? ' class="num"' : '';
  return `<${tag}${cls} data-metric="${metric}" data-kind="${kind}">${formatValue(kind, value)}</${tag}>`;
}

function targetCard(t: TargetCheck, i: number): string {
  const cls = t.met === true ? 'met' : t.met === false ? 'unmet' : 'pending';
  const kind: ValueKind = t.actualKind === 'rate' ? 'rate' : 'count';
  const unit = t.actual === null || t.actualKind === 'rate' ? '' : t.actualKind === 'months' ? '个月未清零' : '项';
  return `<article class="card ${cls}" data-target="${esc(t.id)}">
<div class="status">${targetStatus(t)}${t.proposal ? '<span class="tag">建议口径</span>' : ''}</div>
<div class="name">${esc(t.name)}</div>
<div class="actual">${num(kind, t.actual, `targets.${i}.actual`, 'span')}${unit}</div>
<div class="gap">目标：${esc(t.target)}${t.gap === null ? '' : `<br>${esc(t.gap)}`}</div>
<div class="basis">评估日 ${t.evaluatedAt}${t.interim ? '（期限未到）' : ''}；依据：${esc(t.basis)}</div>
</article>`;
}

function cohortTable(result: ReportResult): string {
  const head = `<tr><th>指标</th>${COHORT_ORDER.map((n) => `<th>${COHORT_LABELS[n]}</th>`).join('')}</tr>`;
  const rows = COHORT_COLUMNS.map(
    (c) =>
      `<tr><th scope="row">${c.header}</th>${COHORT_ORDER.map((n) => num(c.kind, c.get(result.cohorts[n]), `cohorts.${n}.${c.path}`)).join('')}</tr>`,
  );
  return `<table class="cohorts"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function dispatchTable(result: ReportResult, grouping: Grouping, gi: number): string {
  const blocks = groupBlocks(result, result.inspections !== null);
  const columns = blocks.flatMap((b) => b.columns);
  const top = `<tr><th rowspan="2">${esc(grouping.label)}</th>${blocks.map((b) => `<th colspan="${b.columns.length}">${esc(b.label)}</th>`).join('')}</tr>`;
  const sub = `<tr>${columns.map((c) => `<th>${esc(c.header)}</th>`).join('')}</tr>`;
  const rows = grouping.rows.map(
    (row, ri) =>
      `<tr><th scope="row">${esc(row.label)}</th>${columns.map((c) => num(c.kind, c.get(row), `groupings.${gi}.rows.${ri}.${c.path}`)).join('')}</tr>`,
  );
  const total = `<tr class="total"><th scope="row">合计</th>${columns.map((c) => num(c.kind, c.get(grouping.total), `groupings.${gi}.total.${c.path}`)).join('')}</tr>`;
  return `<section class="wide"><h2>月调度表（${esc(grouping.label)}）</h2><div class="scroll"><table class="dispatch"><thead>${top}${sub}</thead><tbody>${rows.join('')}${total}</tbody></table></div></section>`;
}

/**
 * A chart only when it shows something: bars need at least two groups and one non-zero value; otherwise one
 * sentence says what the chart would have shown (a lone "合计 0" bar tells a reader nothing).
 */
function overdueChart(result: ReportResult): string {
  const bars = overdueBars(result);
  if (bars.length >= 2 && bars.some((b) => b.value > 0)) return barChart('逾期未整改重大隐患（按分组）', bars);
  const total = result.cohorts.major.overdue;
  const grouped = result.groupings.some((g) => g.rows.length > 0);
  return `<p class="chart-note" data-chart="overdue"><strong>逾期未整改重大隐患：</strong>${total === 0 ? '无' : `${num('count', total, 'cohorts.major.overdue', 'span')} 项`}${grouped ? (total === 0 ? '（各分组均为 0 项）' : '') : '（未分组；加 --by 按区县、行业或单位作图）'}。</p>`;
}

/** The burn-down line, unless every month-end is 0 (a flat line on a 0–1 axis): then one sentence. */
function burnDownOrNote(result: ReportResult): string {
  const points = result.burnDown;
  if (points.some((p) => p.open > 0)) return burnDownChart('存量重大隐患销号进度（月末未整改）', points, 'burnDown');
  const first = points[0];
  const last = points.at(-1);
  const span = first && last ? `${cnDate(first.date)}至${cnDate(last.date)}各月末` : '统计期内';
  return `<p class="chart-note" data-chart="burn-down"><strong>存量重大隐患销号进度：</strong>${result.stock.total === 0 ? '没有2023年及以前发现的重大隐患（无存量）' : `${span}未整改存量均为 0 项`}。</p>`;
}

function overdueBars(result: ReportResult): Bar[] {
  const gi = result.groupings.findIndex((g) => g.rows.length > 0);
  const grouping = result.groupings[gi];
  if (grouping === undefined) {
    return [{ label: '合计', value: result.cohorts.major.overdue, metric: 'cohorts.major.overdue' }];
  }
  return grouping.rows.map((r, ri) => ({ label: r.label, value: r.major.overdue, metric: `groupings.${gi}.rows.${ri}.major.overdue` }));
}

function stockSection(result: ReportResult): string {
  const s = result.stock;
  const stock = `<table><thead><tr><th>存量总数</th><th>已整改</th><th>已销号</th><th>未整改</th><th>到期数</th><th>按期整改率</th></tr></thead><tbody><tr>${[
    num('count', s.total, 'stock.total'),
    num('count', s.rectified, 'stock.rectified'),
    num('count', s.closed, 'stock.closed'),
    num('count', s.open, 'stock.open'),
    num('count', s.due, 'stock.due'),
    num('rate', s.onTimeRate, 'stock.onTimeRate'),
  ].join('')}</tr></tbody></table>`;
  const head = `<tr><th>年份</th>${INCREMENT_COLUMNS.map((c) => `<th>${c.header}</th>`).join('')}</tr>`;
  const rows = result.increments.map(
    (y, i) => `<tr><th scope="row">${y.year}</th>${INCREMENT_COLUMNS.map((c) => num(c.kind, c.get(y), `increments.${i}.${c.path}`)).join('')}</tr>`,
  );
  return `<h2>存量与增量</h2><p class="summary">存量：2023年及以前发现的重大隐患；增量：2024年起各年发现的重大隐患。</p>${stock}<table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function dynamicZeroSection(result: ReportResult): string {
  const dz = result.dynamicZero;
  return `<h2>动态清零</h2><p class="summary">截至${cnDate(result.asOf)}：<strong>${dz.holds ? '成立' : '不成立'}</strong>。逾期重大隐患 ${num('count', dz.overdueMajors, 'dynamicZero.overdueMajors', 'span')} 项，未整改重大隐患 ${num('count', dz.openMajors, 'dynamicZero.openMajors', 'span')} 项，其中五落实不全 ${num('count', dz.openMajorsMissingFiveInPlace, 'dynamicZero.openMajorsMissingFiveInPlace', 'span')} 项。</p>`;
}

function supervisionSection(result: ReportResult): string {
  const s = result.supervision;
  const head = `<tr><th>督办级别</th>${SUPERVISION_COLUMNS.map((c) => `<th>${c.header}</th>`).join('')}</tr>`;
  const rows = s.levels.map(
    (l, i) => `<tr><th scope="row">${esc(l.level)}</th>${SUPERVISION_COLUMNS.map((c) => num(c.kind, c.get(l), `supervision.levels.${i}.${c.path}`)).join('')}</tr>`,
  );
  const overdue = s.levels.reduce((sum, l) => sum + l.overdue, 0);
  const total = `<tr class="total"><th scope="row">合计</th>${[
    num('count', s.supervised, 'supervision.supervised'),
    num('count', s.rectified, 'supervision.rectified'),
    num('rate', s.rectificationRate, 'supervision.rectificationRate'),
    num('count', s.closed, 'supervision.closed'),
    num('rate', s.closedRate, 'supervision.closedRate'),
    `<td class="num">${overdue}</td>`,
  ].join('')}</tr>`;
  return `<h2>挂牌督办</h2><p class="summary">重大隐患挂牌督办率 ${num('rate', s.supervisedRate, 'supervision.supervisedRate', 'span')}</p><table><thead>${head}</thead><tbody>${rows.join('')}${total}</tbody></table>`;
}

function inspectionSection(result: ReportResult): string {
  const s = result.inspections;
  if (s === null) return '';
  const lines = [
    `<p class="summary">每千次检查发现重大事故隐患数：${num('decimal', s.majorsPerThousand, 'inspections.majorsPerThousand', 'span')}（发现重大隐患 ${num('count', s.majorsFound, 'inspections.majorsFound', 'span')} 项，${
      s.perThousandSource === 'government' ? '部门检查' : '检查'
    } ${num('count', s.perThousandSource === 'government' ? s.governmentInspections : s.inspections, s.perThousandSource === 'government' ? 'inspections.governmentInspections' : 'inspections.inspections', 'span')} 次）</p>`,
  ];
  if (s.expected !== null) {
    lines.push(
      `<p class="summary">报送率：${num('rate', s.reportingRate, 'inspections.reportingRate', 'span')}（应报 ${num('count', s.expected, 'inspections.expected', 'span')} 家，已报 ${num('count', s.reported, 'inspections.reported', 'span')} 家；本年有隐患或检查记录视为已报送）${
        s.notReported.length > 0 ? `。未报送：${esc(s.notReported.join('、'))}` : ''
      }</p>`,
    );
  }
  if (s.enterprises.length > 0) {
    const rows = s.enterprises.map(
      (e, i) =>
        `<tr><th scope="row">${esc(e.org)}</th><td>${e.highRisk ? '是' : '否'}</td><td>${e.cadence === 'month' ? '每月' : '每季度'}</td>${num('count', e.periods, `inspections.enterprises.${i}.periods`)}${num('count', e.covered, `inspections.enterprises.${i}.covered`)}<td>${esc(e.missing.join('、') || '—')}</td></tr>`,
    );
    lines.push(
      `<table><thead><tr><th>单位</th><th>高危</th><th>频次</th><th>应检期数</th><th>已带队检查期数</th><th>缺漏</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  return `<h2>主要负责人带队检查与报送（${cnDate(s.from)}至${cnDate(s.to)}）</h2>${lines.join('')}`;
}

export function renderReportHtml(result: ReportResult): string {
  const title = reportTitle(result);
  const charts = [
    overdueChart(result),
    monthStrip(`动态清零月末情况（近${result.dynamicZero.window}个月）`, result.dynamicZero.months, 'dynamicZero.months'),
    burnDownOrNote(result),
  ];
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}
</style>
</head>
<body>
<header><h1>${esc(title)}</h1>${scopeLines(result)
    .map((l) => `<p class="scope">${esc(l)}</p>`)
    .join('')}</header>
<section><h2>目标达成</h2><div class="cards">${result.targets.map(targetCard).join('\n')}</div></section>
<section><h2>总体情况</h2>${cohortTable(result)}</section>
<section><h2>图表</h2><div class="charts">${charts.join('\n')}</div></section>
<section>${stockSection(result)}</section>
<section>${dynamicZeroSection(result)}</section>
<section>${supervisionSection(result)}</section>
${result.groupings.map((g, gi) => dispatchTable(result, g, gi)).join('\n')}
${result.inspections === null ? '' : `<section>${inspectionSection(result)}</section>`}
<footer>由 hazard-toolkit 生成（报告数据版本 ${result.schemaVersion}，统计截止 ${result.asOf}）。目标配置：${esc(result.targetProfileName)}；各项目标的依据文件见“目标达成”各卡片。标注“建议口径”者为本工具提出的检验方法，非公开发布的指标。</footer>
</body>
</html>
`;
}
