/** Every text format agrees with the JSON; the JSON matches schema/report.schema.json. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  INSPECTIONS,
  RECORDS,
  ROSTER,
  ZERO_AS_OF,
  ZERO_RECORDS,
} from '../../fixtures/report/cases.js';
import {
  COHORT_COLUMNS,
  COHORT_LABELS,
  COHORT_ORDER,
  compactBlocks,
  formatValue,
  groupBlocks,
  INCREMENT_COLUMNS,
  SUPERVISION_COLUMNS,
  supervisionRows,
  targetLine,
  targetStatus,
} from '../../src/formats/report-shared.js';
import { renderReport } from '../../src/formats/report-render.js';
import { buildReport } from '../../src/report/index.js';
import type { ReportResult } from '../../src/report/types.js';
import { atPath, parseBoxTables, parseMdTables, rowOf, tableStartingWith } from './parse-tables.js';

const PLAIN = buildReport(RECORDS, { asOf: AS_OF });
const EMPTY = buildReport([], { asOf: AS_OF, by: 'industry' });
const RESULTS: Record<string, ReportResult> = {
  full: buildReport(RECORDS, { asOf: AS_OF, by: ['region', 'sup_level'], inspections: INSPECTIONS, roster: ROSTER }),
  plain: PLAIN,
  zero: buildReport(ZERO_RECORDS, { asOf: ZERO_AS_OF, by: 'org', window: 6, onTime: 'cohort', strict: true }),
  empty: EMPTY,
};

const schema: unknown = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(typeof schema === 'object' && schema !== null ? schema : {});

describe.each(Object.entries(RESULTS))('report "%s"', (_, result) => {
  const json: unknown = JSON.parse(renderReport(result, 'json'));

  it('json is the model, valid against the schema', () => {
    expect(json).toEqual(result);
    expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
    expect(atPath(json, 'schemaVersion')).toBe(1);
    expect(atPath(json, 'asOf')).toBe(result.asOf);
    expect(atPath(json, 'onTimeVariant')).toBe(result.onTimeVariant);
  });

  it('text shows the targets first, then tables that agree with the json', () => {
    const text = renderReport(result, 'text');
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.startsWith('【'));
    expect(first).toBeLessThan(lines.findIndex((l) => l.startsWith('┌')));
    expect(lines.slice(first, first + result.targets.length)).toEqual(result.targets.map(targetLine));
    const tables = parseBoxTables(text);

    const cohorts = tableStartingWith(tables, '指标');
    expect(cohorts[0]).toEqual(['指标', ...COHORT_ORDER.map((n) => COHORT_LABELS[n])]);
    for (const c of COHORT_COLUMNS) {
      expect(rowOf(cohorts, c.header).slice(1)).toEqual(COHORT_ORDER.map((n) => formatValue(c.kind, c.get(result.cohorts[n]))));
    }
    const increments = tableStartingWith(tables, '年份');
    for (const y of result.increments) {
      expect(rowOf(increments, String(y.year)).slice(1)).toEqual(INCREMENT_COLUMNS.map((c) => formatValue(c.kind, c.get(y))));
    }
    const months = tableStartingWith(tables, '月份', '评估日');
    expect(months.slice(1).map((r) => [r[0], r[2], Number(r[3]), Number(r[4])])).toEqual(
      result.dynamicZero.months.map((m) => [m.month, m.holds ? '清零' : '未清零', m.overdueMajors, m.openMajors]),
    );
    const supervision = tableStartingWith(tables, '督办级别', '挂牌数');
    for (const l of supervisionRows(result)) {
      expect(rowOf(supervision, l.level).slice(1)).toEqual(SUPERVISION_COLUMNS.map((c) => formatValue(c.kind, c.get(l))));
    }
    result.groupings.forEach((g) => {
      const table = tableStartingWith(tables, g.label, '一般隐患');
      const columns = compactBlocks(groupBlocks(result, false)).flatMap((b) => b.columns);
      expect(table[1]?.slice(1)).toEqual(columns.map((c) => c.header));
      for (const row of [...g.rows, g.total]) {
        expect(rowOf(table, row.label).slice(1)).toEqual(columns.map((c) => formatValue(c.kind, c.get(row))));
      }
    });
  });

  it('text tables line up by display width (CJK counts double)', () => {
    let widths: number[] = [];
    for (const line of renderReport(result, 'text').split('\n')) {
      if (line.startsWith('┌')) widths = [];
      if (/^[┌│├└]/.test(line)) widths.push(stringWidth(line));
      if (line.startsWith('└')) expect(new Set(widths).size, line).toBe(1);
    }
  });

  it('markdown tables agree with the json', () => {
    const md = renderReport(result, 'md');
    const tables = parseMdTables(md);
    const targets = tableStartingWith(tables, '状态', '目标');
    expect(targets.slice(1).map((r) => [r[0], r[3]])).toEqual(
      result.targets.map((t) => [targetStatus(t), formatValue(t.actualKind === 'rate' ? 'rate' : 'count', t.actual)]),
    );
    const cohorts = tableStartingWith(tables, '指标');
    for (const c of COHORT_COLUMNS) {
      expect(rowOf(cohorts, c.header).slice(1)).toEqual(COHORT_ORDER.map((n) => formatValue(c.kind, c.get(result.cohorts[n]))));
    }
    const burnDown = tableStartingWith(tables, '月份', '未整改存量');
    expect(burnDown.slice(1)).toEqual(result.burnDown.map((p) => [p.month, String(p.open)]));
    result.groupings.forEach((g) => {
      const table = tableStartingWith(tables, g.label, '排查单位数');
      const blocks = groupBlocks(result, result.inspections !== null);
      const titles = blocks.flatMap((b) => b.columns.map((c) => (b.label === '基数' ? c.header : `${b.label}·${c.header}`)));
      expect(table[0]?.slice(1)).toEqual(titles);
      const columns = blocks.flatMap((b) => b.columns);
      for (const row of [...g.rows, g.total]) {
        expect(rowOf(table, row.label).slice(1)).toEqual(columns.map((c) => formatValue(c.kind, c.get(row))));
      }
    });
  });
});

describe('formats', () => {
  it('shows 0/0 as "/" and rates with one decimal', () => {
    const text = renderReport(EMPTY, 'text');
    const cohorts = tableStartingWith(parseBoxTables(text), '指标');
    expect(rowOf(cohorts, '整改率').slice(1)).toEqual(['/', '/', '/']);
    expect(rowOf(tableStartingWith(parseBoxTables(renderReport(PLAIN, 'text')), '指标'), '按期整改率')).toEqual([
      '按期整改率',
      '42.9%',
      '33.3%',
      '40.0%',
    ]);
  });

  it('colours the target lines only when asked', () => {
    const plain = renderReport(PLAIN, 'text');
    expect(plain).not.toMatch(/\u001b\[/);
    expect(renderReport(PLAIN, 'text', { color: true })).toMatch(/\u001b\[31m【未达标】/);
  });

  it('the schema rejects a document missing a named field or with an out-of-range rate', () => {
    const { onTimeRate, ...major } = PLAIN.cohorts.major;
    expect(onTimeRate).toBe(3 / 7);
    expect(validate({ ...PLAIN, cohorts: { ...PLAIN.cohorts, major } })).toBe(false);
    expect(validate({ ...PLAIN, stock: { ...PLAIN.stock, onTimeRate: 1.5 } })).toBe(false);
    expect(validate({ ...PLAIN, extra: true })).toBe(false);
  });
});
