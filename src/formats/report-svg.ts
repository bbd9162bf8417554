/**
 * Inline SVG charts for the HTML report, drawn here so the page needs no script and no network:
 * a bar chart of overdue majors by group, the 动态清零 month strip and the 存量 burn-down line.
 * Each value carries the data-metric path of its JSON number.
 */
import type { BurnDownPoint, DynamicZeroMonth } from '../report/types.js';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Bar {
  label: string;
  value: number;
  metric: string;
}

const FONT = 'font-size="12" fill="#1f2933"';

/** Horizontal bars, one per group; zero bars still show their label and 0. */
export function barChart(title: string, bars: readonly Bar[]): string {
  const labelWidth = 120;
  const barArea = 440;
  const row = 24;
  const height = bars.length * row + 30;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const body = bars
    .map((b, i) => {
      const y = 24 + i * row;
      const w = Math.round((b.value / max) * barArea);
      return [
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" ${FONT}>${escapeXml(b.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${row - 8}" rx="2" fill="${b.value > 0 ? '#c0392b' : '#cbd2d9'}"><title>${escapeXml(b.label)}：${b.value}</title></rect>`,
        `<text x="${labelWidth + w + 6}" y="${y + 15}" ${FONT} data-metric="${b.metric}" data-kind="count">${b.value}</text>`,
      ].join('');
    })
    .join('\n');
  const width = labelWidth + barArea + 50;
  return `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" xmlns="http://www.w3.org/2000/svg">
<title>${escapeXml(title)}</title>
<text x="0" y="14" font-size="13" font-weight="bold" fill="#1f2933">${escapeXml(title)}</text>
${body}
</svg>`;
}

/** One cell per month-end: green when 动态清零 holds, red when not. */
export function monthStrip(title: string, months: readonly DynamicZeroMonth[], metricBase: string): string {
  const cell = 52;
  const width = Math.max(months.length * cell, cell);
  const cells = months
    .map((m, i) => {
      const x = i * cell;
      const tip = `${m.month}（${m.date}）${m.holds ? '清零' : '未清零'}：逾期 ${m.overdueMajors}，未整改 ${m.openMajors}，五落实不全 ${m.openMajorsMissingFiveInPlace}`;
      return [
        `<rect x="${x + 2}" y="22" width="${cell - 4}" height="30" rx="3" fill="${m.holds ? '#2e7d32' : '#c0392b'}" data-metric="${metricBase}.${i}.holds" data-value="${m.holds}"><title>${escapeXml(tip)}</title></rect>`,
        `<text x="${x + cell / 2}" y="42" text-anchor="middle" font-size="12" fill="#fff">${m.holds ? '清零' : '未清'}</text>`,
        `<text x="${x + cell / 2}" y="68" text-anchor="middle" font-size="11" fill="#52606d">${m.month.slice(2)}</text>`,
      ].join('');
    })
    .join('\n');
  return `<svg class="chart strip" role="img" viewBox="0 0 ${width} 76" width="${width}" xmlns="http://www.w3.org/2000/svg">
<title>${escapeXml(title)}</title>
<text x="0" y="14" font-size="13" font-weight="bold" fill="#1f2933">${escapeXml(title)}</text>
${cells}
</svg>`;
}

/** Open 存量 at each month-end as a line with labelled points. */
export function burnDownChart(title: string, points: readonly BurnDownPoint[], metricBase: string): string {
  const left = 40;
  const top = 26;
  const plotW = 560;
  const plotH = 150;
  const max = Math.max(1, ...points.map((p) => p.open));
  const step = points.length > 1 ? plotW / (points.length - 1) : 0;
  const x = (i: number): number => Math.round(left + (points.length > 1 ? i * step : plotW / 2));
  const y = (v: number): number => Math.round(top + plotH - (v / max) * plotH);
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const labelEvery = Math.max(1, Math.ceil(points.length / 12));
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${left}" x2="${left + plotW}" y1="${y(t)}" y2="${y(t)}" stroke="#e4e7eb"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11" fill="#52606d">${t}</text>`,
    )
    .join('');
  const line = points.map((p, i) => `${x(i)},${y(p.open)}`).join(' ');
  const dots = points
    .map((p, i) => {
      const dot = `<circle cx="${x(i)}" cy="${y(p.open)}" r="3" fill="#1f5f99" data-metric="${metricBase}.${i}.open" data-value="${p.open}"><title>${p.month}：未整改存量 ${p.open} 项</title></circle>`;
      const label =
        i % labelEvery === 0 || i === points.length - 1
          ? `<text x="${x(i)}" y="${top + plotH + 16}" text-anchor="middle" font-size="10" fill="#52606d">${p.month.slice(2)}</text>`
          : '';
      return dot + label;
    })
    .join('\n');
  const width = left + plotW + 20;
  return `<svg class="chart" role="img" viewBox="0 0 ${width} ${top + plotH + 24}" width="${width}" xmlns="http://www.w3.org/2000/svg">
<title>${escapeXml(title)}</title>
<text x="0" y="14" font-size="13" font-weight="bold" fill="#1f2933">${escapeXml(title)}</text>
${grid}
<polyline points="${line}" fill="none" stroke="#1f5f99" stroke-width="2"/>
${dots}
</svg>`;
}
