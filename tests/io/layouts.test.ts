/**
 * Issue 17, class 2: layouts that used to lose rows — pasted blocks (a repeated header, an inner 小计), a header
 * merged across two columns, a header far below the title area, and thousands of merged ranges.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFindings } from '../../src/io/findings/read-findings.js';
import type { FindingRecord } from '../../src/domain/finding-record.js';
import { MergeFill } from '../../src/io/workbook/merge-fill.js';
import { inlineRow, LEDGER_HEADER, ledgerRow, makeTempDir, xlsxBytes } from './raw-helpers.js';

const dir = makeTempDir();
afterAll(() => dir.remove());
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

async function read(file: string) {
  const records: FindingRecord[] = [];
  const result = await readFindings(file, {}, (b) => {
    records.push(...b);
  });
  return { ...result, records };
}

describe('pasted blocks', () => {
  it('a header repeated mid-sheet is not a record; the block below it is read', async () => {
    const csv = [LEDGER_HEADER.join(','), ledgerRow(1).join(','), ledgerRow(2).join(','), LEDGER_HEADER.join(','), ledgerRow(3).join(',')].join('\n');
    const r = await read(dir.write('pasted.csv', csv));
    expect(r.records.map((x) => x.fields.description)).toEqual(['第1处砂轮机防护罩缺失', '第2处砂轮机防护罩缺失', '第3处砂轮机防护罩缺失']);
    expect(r.diagnostics.find((d) => d.code === 'header-repeated')).toMatchObject({ severity: 'info', location: { row: 4 } });
    expect(r.complete).toBe(true);
  });

  it('data after an inner 小计 row is read; the 小计 rows themselves are not records', async () => {
    const rows = [inlineRow(1, [...LEDGER_HEADER]), inlineRow(2, ledgerRow(1)), inlineRow(3, ['小计', null, null, null, null, null, '1']), inlineRow(4, ledgerRow(2)), inlineRow(5, ledgerRow(3)), inlineRow(6, ['合计', null, null, null, null, null, '3']), inlineRow(7, ['填表人：张三'])];
    const r = await read(dir.write('subtotal.xlsx', xlsxBytes({ sheets: [{ name: '台账', data: rows.join('') }] })));
    expect(r.records.map((x) => x.row)).toEqual([2, 4, 5]);
    expect(r.diagnostics.find((d) => d.code === 'subtotal-rows')?.message).toContain('2 行小计/合计');
    expect(r.diagnostics.map((d) => d.code)).not.toContain('rows-after-footer');
    expect(r.complete).toBe(true);
  });
});

describe('headers', () => {
  it('a header merged across two columns keeps the second column’s data as a column of its own', async () => {
    const header = ['单位名称', '隐患描述', '隐患等级', '发现日期', '整改期限', '整改情况', '整改措施'];
    const data = ['某机械厂', '砂轮机防护罩缺失', '一般', '2024-07-05', '2024-07-20', '已整改', '更换防护罩', '张三负责'];
    const doc = `<worksheet xmlns="${MAIN}"><sheetData>${inlineRow(1, header)}${inlineRow(2, data)}</sheetData><mergeCells count="1"><mergeCell ref="G1:H1"/></mergeCells></worksheet>`;
    const r = await read(dir.write('merged-header.xlsx', xlsxBytes({ sheets: [{ name: '台账', data: doc, document: true }] })));
    expect(r.records[0]!.fields.measures).toBe('更换防护罩');
    expect(r.records[0]!.extra).toEqual({ '整改措施（H列）': '张三负责' });
  });

  it('a cell under no header at all is kept under its column letter', async () => {
    const csv = [LEDGER_HEADER.join(','), [...ledgerRow(1), '', '备查'].join(',')].join('\n');
    const r = await read(dir.write('wide.csv', csv));
    expect(r.records[0]!.extra).toEqual({ I列: '备查' });
  });

  it('the header is found wherever it is (row 40): the rows under it are read, the rows above it are named', async () => {
    const notes = Array.from({ length: 39 }, (_, i) => inlineRow(i + 1, [`附注${i + 1}：本表按月报送`]));
    const rows = [...notes, inlineRow(40, [...LEDGER_HEADER]), inlineRow(41, ledgerRow(1)), inlineRow(42, ledgerRow(2))];
    const r = await read(dir.write('deep.xlsx', xlsxBytes({ sheets: [{ name: '台账', data: rows.join('') }] })));
    expect(r.input.sheets[0]).toMatchObject({ headerRow: 40, headerRows: 1, records: 2 });
    expect(r.records.map((x) => x.row)).toEqual([41, 42]);
    const d = r.diagnostics.find((x) => x.code === 'header-below-title-area');
    expect(d).toMatchObject({ severity: 'error', location: { sheet: '台账', row: 40 } });
    expect(d?.message).toContain('39 行有内容的行（第1–39行）');
    expect(r.complete).toBe(false);
  });

  it('a one-line title directly above a complete header is a title, not a parent header row', async () => {
    const rows = [inlineRow(1, ['某机械厂隐患排查治理台账']), inlineRow(2, [...LEDGER_HEADER]), inlineRow(3, ledgerRow(1))];
    const r = await read(dir.write('title.xlsx', xlsxBytes({ sheets: [{ name: '台账', data: rows.join('') }] })));
    expect(r.input.sheets[0]).toMatchObject({ headerRow: 2, headerRows: 1 });
    expect(r.input.sheets[0]!.columns[1]!.header).toBe('隐患描述');
  });
});

describe('merged ranges', () => {
  it('80 000 merged ranges, overlapping ones included, are read in linear time', async () => {
    const rows = [inlineRow(1, [...LEDGER_HEADER])];
    for (let i = 0; i < 20_000; i++) rows.push(inlineRow(i + 2, i % 2 === 0 ? ledgerRow(i) : [null, ...ledgerRow(i).slice(1)]));
    const merges: string[] = [];
    for (let i = 0; i < 10_000; i++) merges.push(`<mergeCell ref="A${2 + 2 * i}:A${3 + 2 * i}"/>`);
    // Damaged files overlap merges: 70 000 ranges each reaching the last row.
    for (let i = 0; i < 70_000; i++) merges.push(`<mergeCell ref="${['B', 'C', 'D', 'E', 'F', 'G', 'H'][i % 7]}${2 + (i % 20_000)}:${['B', 'C', 'D', 'E', 'F', 'G', 'H'][i % 7]}20001"/>`);
    const doc = `<worksheet xmlns="${MAIN}"><sheetData>${rows.join('')}</sheetData><mergeCells count="${merges.length}">${merges.join('')}</mergeCells></worksheet>`;
    const file = dir.write('merges.xlsx', xlsxBytes({ sheets: [{ name: '台账', data: doc, document: true }] }));
    const started = performance.now();
    const r = await read(file);
    expect(r.records.length).toBe(20_000);
    expect(r.records[1]!.fields.org_name).toBe('某机械厂');
    // Quadratic work (70 000 live ranges × 20 000 rows) took minutes; linear work takes about a second.
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 60_000);

  it('MergeFill keeps one live range per column', () => {
    const fill = new MergeFill([{ top: 2, left: 0, bottom: 9, right: 0 }, { top: 3, left: 0, bottom: 4, right: 0 }], 2);
    const out = [2, 3, 4, 5].map((row) => fill.apply({ row, cells: row === 2 ? ['甲'] : row === 3 ? ['乙'] : [null] }).cells[0]);
    expect(out).toEqual(['甲', '乙', '乙', null]);
  });
});
