/**
 * Issue 17, class 9: outputs Excel opens. Sheet names for --split-by org are legal and unique (no control
 * characters, ≤ 31 UTF-16 units, not the reserved History, unique after cutting); a cell over 32 767 characters is
 * cut with a marker and a diagnostic, its full text kept in a side sheet; more than 16 384 columns are folded.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbook } from '../../src/io/workbook/open-workbook.js';
import { sheetName } from '../../src/ledger/write-ledger.js';
import { EXCEL_CELL_UNITS, TRUNCATION_MARKER } from '../../src/ledger/long-text.js';
import { readRows } from '../io/raw-helpers.js';
import { runCli } from '../helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'hazard-limits-'));
const AS_OF = ['--as-of', '2024-12-31'];
const row = (org: string, description = '砂轮机防护罩缺失') => [org, description, '一般', '2024-07-05', '2024-07-20', '已整改', '2024-07-08'];
const HEADER = '单位名称,隐患描述,隐患等级,发现日期,整改期限,整改情况,整改完成日期';
const csvLine = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

describe('sheet names for --split-by org', () => {
  it('sheetName: control characters and forbidden characters go, 31 UTF-16 units without splitting an emoji, History is reserved', () => {
    expect(sheetName('甲\u0001公司[一]')).toBe('甲公司_一_');
    expect(sheetName('History')).toBe('History_');
    const emoji = sheetName(`${'😀'.repeat(20)}`);
    expect(emoji.length).toBeLessThanOrEqual(31);
    expect(emoji).toBe('😀'.repeat(14));
  });

  it('the workbook written has legal names, unique as Excel compares them, even after cutting', async () => {
    const dir = tmp();
    const long = '某某市某某区某某街道某某社区某某某某某某某某机械制造有限责任公司';
    const orgs = ['History', 'history', `${long}一分厂`, `${long}二分厂`, 'A\u0007B', '甲:乙/丙', '😀'.repeat(20)];
    const input = join(dir, 'orgs.csv');
    writeFileSync(input, [HEADER, ...orgs.map((o) => csvLine(row(o)))].join('\n') + '\n');
    const out = join(dir, 'l.xlsx');
    const r = runCli(['ledger', input, ...AS_OF, '-o', out, '--split-by', 'org']);
    expect(r.status).toBe(0);
    const wb = await openWorkbook(out);
    const names = wb.sheets.map((s) => s.name);
    expect(names.length).toBe(orgs.length + 2);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[\u0000-\u001f:\\/?*[\]]/);
      expect(n.toLowerCase()).not.toBe('history');
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });
});

describe('cells over 32 767 characters', () => {
  it('are cut with a marker and a located diagnostic; the full text is in the 超长文本 sheet', async () => {
    const dir = tmp();
    const text = `${'长'.repeat(40_000)}尾`;
    const input = join(dir, 'long.csv');
    writeFileSync(input, [HEADER, csvLine(row('某机械厂', text))].join('\n') + '\n');
    const out = join(dir, 'l.xlsx');
    const r = runCli(['ledger', input, ...AS_OF, '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/long\.csv \[long\] 第2行 B列\(隐患描述\) .*cell-truncated/);
    const wb = await openWorkbook(out);
    const ledger = await readRows(wb, 0);
    const cell = ledger[2]!.cells.find((c) => typeof c === 'string' && c.endsWith(TRUNCATION_MARKER));
    expect(typeof cell === 'string' && cell.length).toBe(EXCEL_CELL_UNITS);
    const side = wb.sheets.findIndex((s) => s.name === '超长文本');
    const pieces = (await readRows(wb, side)).slice(1).map((x) => x.cells[4]);
    expect(pieces.join('')).toBe(text);
  });
});

describe('more than 16 384 columns', () => {
  it('the ledger sheet stays within XFD; the other source columns are in 原表其他列, with a note', async () => {
    const dir = tmp();
    const extra = Array.from({ length: 16_400 }, (_, i) => `附加${i + 1}`);
    const input = join(dir, 'wide.csv');
    writeFileSync(input, [`${HEADER},${extra.join(',')}`, `${csvLine(row('某机械厂'))},${extra.map((_, i) => `v${i + 1}`).join(',')}`].join('\n') + '\n');
    const out = join(dir, 'l.xlsx');
    const r = runCli(['ledger', input, ...AS_OF, '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('columns-folded');
    const wb = await openWorkbook(out);
    const main = await readRows(wb, 0);
    expect(Math.max(...main.map((x) => x.cells.length))).toBeLessThanOrEqual(16_384);
    const side = wb.sheets.findIndex((s) => s.name === '原表其他列');
    const folded = (await readRows(wb, side)).slice(1);
    const inMain = main[1]!.cells.filter((c) => typeof c === 'string' && c.startsWith('原表·附加')).length;
    expect(inMain + folded.length).toBe(16_400);
    expect(folded.at(-1)!.cells.slice(1)).toEqual(['附加16400', 'v16400']);
  }, 60_000);
});
