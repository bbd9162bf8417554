import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { STYLE, XlsxWorkbookWriter, columnLetter, excelSerial } from '../../src/writers/xlsx-workbook.js';

async function build(fill: (w: XlsxWorkbookWriter) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new XlsxWorkbookWriter(out);
  await fill(w);
  await w.finish({ title: '测试' });
  out.end();
  return Buffer.concat(chunks);
}

describe('XlsxWorkbookWriter', () => {
  it('writes a workbook exceljs reads back exactly: text, dates, numbers, merges, frozen panes, validations', async () => {
    const buf = await build(async (w) => {
      await w.sheet(
        {
          name: '台账',
          widths: [6, 40, 12],
          freezeRows: 2,
          merges: ['A1:C1'],
          autoFilter: { row: 2, lastCol: 2 },
          validations: [{ col: 2, fromRow: 3, values: ['一般', '重大'] }],
          landscape: true,
          printTitleRows: '$2:$2',
        },
        async (s) => {
          await s.row([{ v: 'XX公司重大事故隐患整改台账（截至2024年12月31日）', s: STYLE.title }], 30);
          await s.row([{ v: '序号', s: STYLE.header }, { v: '隐患描述', s: STYLE.header }, { v: '发现日期', s: STYLE.header }]);
          await s.row([{ v: 1 }, { v: '除尘器未设置泄爆装置 & <测试> "引号"\n第二行', s: STYLE.wrap }, { v: { date: '2024-03-05' }, s: STYLE.date }]);
          await s.row([{ v: 2 }, { v: '控制字符\u0001被去掉' }, { v: null }]);
        },
      );
      await w.sheet({ name: '说明', widths: [20, 60] }, async (s) => {
        await s.row([{ v: '截至日期', s: STYLE.bold }, { v: '2024-12-31' }]);
      });
    });
    const file = join(mkdtempSync(join(tmpdir(), 'hazard-xlsx-')), 'out.xlsx');
    writeFileSync(file, buf);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['台账', '说明']);
    const ws = wb.getWorksheet('台账')!;
    expect(ws.getCell('A1').value).toBe('XX公司重大事故隐患整改台账（截至2024年12月31日）');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getCell('C1').isMerged).toBe(true);
    expect(ws.getCell('B3').value).toBe('除尘器未设置泄爆装置 & <测试> "引号"\n第二行');
    const d = ws.getCell('C3').value;
    expect(d).toBeInstanceOf(Date);
    expect((d as Date).toISOString().slice(0, 10)).toBe('2024-03-05');
    expect(ws.getCell('A4').value).toBe(2);
    expect(ws.getCell('B4').value).toBe('控制字符被去掉');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getCell('C3').dataValidation).toMatchObject({ type: 'list', formulae: ['"一般,重大"'] });
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.getCell('B2').font?.bold).toBe(true);
  });

  it('columns and serials', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(excelSerial('2024-03-05')).toBe(45356);
    expect(excelSerial('1900-03-01')).toBe(61);
  });
});
