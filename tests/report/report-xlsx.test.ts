/** The report workbook, read back by cell value: 月调度 layout with merged block headers, agreeing with the JSON. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { AS_OF, INSPECTIONS, RECORDS, ROSTER } from '../../fixtures/report/cases.js';
import { COHORT_COLUMNS, groupBlocks } from '../../src/formats/report-shared.js';
import { renderReport } from '../../src/formats/report-render.js';
import { writeReportXlsx } from '../../src/formats/report-xlsx.js';
import { buildReport } from '../../src/report/index.js';

const result = buildReport(RECORDS, { asOf: AS_OF, by: ['region', 'sup_level'], inspections: INSPECTIONS, roster: ROSTER });
const dir = mkdtempSync(join(tmpdir(), 'report-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Uint8Array.from(bytes).buffer);
  return wb;
}

function cellText(sheet: ExcelJS.Worksheet, row: number, col: number): string {
  const v = sheet.getCell(row, col).value;
  return v === null || v === undefined ? '' : String(v);
}

describe('report xlsx', async () => {
  const wb = await load(await renderReport(result, 'xlsx'));

  it('has 目标与总体, one sheet per grouping, and 动态清零', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual(['目标与总体', '按所属区县', '按督办级别', '动态清零']);
  });

  it('lays a grouping out as the 月调度 table: merged title, block headers, rows, 合计', () => {
    const sheet = wb.getWorksheet('按所属区县');
    expect(sheet).toBeDefined();
    if (sheet === undefined) return;
    const blocks = groupBlocks(result, true);
    const columns = blocks.flatMap((b) => b.columns);
    const last = columns.length + 1;
    const merges = sheet.model.merges;
    expect(merges).toContain(`A1:${sheet.getColumn(last).letter}1`);
    expect(merges).toContain('A3:A4');
    let col = 2;
    for (const b of blocks) {
      expect(cellText(sheet, 3, col)).toBe(b.label);
      if (b.columns.length > 1) {
        expect(merges).toContain(`${sheet.getColumn(col).letter}3:${sheet.getColumn(col + b.columns.length - 1).letter}3`);
      }
      col += b.columns.length;
    }
    expect(blocks.map((b) => b.label)).toEqual(expect.arrayContaining(['一般隐患', '重大隐患', '挂牌督办']));
    expect(columns.map((_, i) => cellText(sheet, 4, i + 2))).toEqual(columns.map((c) => c.header));

    const grouping = result.groupings[0];
    const rows = grouping === undefined ? [] : [...grouping.rows, grouping.total];
    rows.forEach((row, r) => {
      expect(cellText(sheet, 5 + r, 1)).toBe(row.label);
      columns.forEach((c, i) => {
        const v = c.get(row);
        expect(sheet.getCell(5 + r, i + 2).value, `${row.label} ${c.path}`).toBe(v === null ? '/' : v);
      });
    });
    expect(cellText(sheet, 5 + rows.length - 1, 1)).toBe('合计');
    expect(sheet.getRow(5 + rows.length - 1).font?.bold).toBe(true);
    const rateCol = columns.findIndex((c) => c.path === 'major.onTimeRate') + 2;
    expect(sheet.getCell(6, rateCol).numFmt).toBe('0.0%');
  });

  it('puts targets and the overall figures on the first sheet', () => {
    const sheet = wb.getWorksheet('目标与总体');
    if (sheet === undefined) throw new Error('missing sheet');
    const header = sheet.getRows(1, sheet.rowCount)?.find((r) => r.getCell(1).value === '状态');
    expect(header).toBeDefined();
    const first = (header?.number ?? 0) + 1;
    result.targets.forEach((t, i) => {
      expect(cellText(sheet, first + i, 2)).toContain(t.name);
      expect(sheet.getCell(first + i, 4).value).toBe(t.actual === null ? '/' : t.actual);
    });
    const cohortHeader = sheet.getRows(1, sheet.rowCount)?.find((r) => r.getCell(1).value === '指标');
    const onTimeRow = (cohortHeader?.number ?? 0) + 1 + COHORT_COLUMNS.findIndex((c) => c.path === 'onTimeRate');
    expect(sheet.getCell(onTimeRow, 2).value).toBe(result.cohorts.major.onTimeRate);
  });

  it('lists the 动态清零 month-ends and the burn-down', () => {
    const sheet = wb.getWorksheet('动态清零');
    if (sheet === undefined) throw new Error('missing sheet');
    result.dynamicZero.months.forEach((m, i) => {
      expect([cellText(sheet, 5 + i, 1), cellText(sheet, 5 + i, 3), sheet.getCell(5 + i, 4).value]).toEqual([
        m.month,
        m.holds ? '是' : '否',
        m.overdueMajors,
      ]);
    });
    const burnStart = 5 + result.dynamicZero.months.length + 2;
    expect(cellText(sheet, burnStart - 1, 3)).toBe('未整改存量');
    expect(result.burnDown.map((_, i) => sheet.getCell(burnStart + i, 3).value)).toEqual(result.burnDown.map((p) => p.open));
  });

  it('writes the file atomically and reproducibly', async () => {
    const path = join(dir, '月调度.xlsx');
    await writeReportXlsx(result, path);
    expect(readdirSync(dir)).toEqual(['月调度.xlsx']);
    const again = await load(new Uint8Array(readFileSync(path)));
    expect(again.worksheets.length).toBe(4);
    expect(again.created.toISOString()).toBe('2025-06-29T16:00:00.000Z');
  });
});
