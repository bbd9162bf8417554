// openWorkbook's content sniffing and every way a file can be unreadable: each must be an
// InputError (exit 3) with a stable code and a Chinese message that names the file.
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { openWorkbook } from '../../src/io/workbook/open-workbook.js';
import { makeTempDir, readRows, xlsxBytes, xlsxEntries, zipBytes } from './raw-helpers.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

async function inputErrorOf(promise: Promise<unknown>): Promise<InputError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof InputError)) throw new Error(`expected an InputError, got ${String(error)}`);
  return error;
}

async function expectInputError(promise: Promise<unknown>, file: string, code: string): Promise<InputError> {
  const error = await inputErrorOf(promise);
  expect(error.code).toBe(code);
  expect(error.file).toBe(file);
  expect(error.message).toContain(file);
  return error;
}

async function readAllSheets(file: string, options = {}) {
  const workbook = await openWorkbook(file, options);
  for (const sheet of workbook.sheets) for await (const batch of sheet.rows()) void batch;
  return workbook;
}

const basicSheet = {
  sheets: [{ name: '台账', data: '<row r="1"><c r="A1" t="inlineStr"><is><t>隐患描述</t></is></c></row>' }],
};

describe('openWorkbook sniffing', () => {
  let validXlsx: Buffer;
  beforeAll(async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('台账').addRow(['企业名称', '隐患描述']);
    validXlsx = Buffer.from(await book.xlsx.writeBuffer());
  });

  it('reads a CSV named .xlsx as CSV, with a warning', async () => {
    const file = tmp.write('导出.xlsx', '企业名称,隐患描述\n甲公司,消防通道堵塞\n');
    const workbook = await openWorkbook(file);
    expect(workbook.format).toBe('csv');
    expect(workbook.encoding).toBe('utf-8');
    expect(await readRows(workbook)).toEqual([
      { row: 1, cells: ['企业名称', '隐患描述'] },
      { row: 2, cells: ['甲公司', '消防通道堵塞'] },
    ]);
    expect(workbook.diagnostics).toEqual([expect.objectContaining({ code: 'input-extension-mismatch', severity: 'warning', location: { file } })]);
  });

  it('reads an xlsx named .csv as xlsx, with a warning', async () => {
    const file = tmp.write('misnamed.csv', validXlsx);
    const workbook = await openWorkbook(file);
    expect(workbook.format).toBe('xlsx');
    expect(await readRows(workbook)).toEqual([{ row: 1, cells: ['企业名称', '隐患描述'] }]);
    expect(workbook.diagnostics.map((d) => d.code)).toEqual(['input-extension-mismatch']);
  });

  it('rejects an empty file (input-empty)', async () => {
    const file = tmp.write('empty.xlsx', '');
    await expectInputError(openWorkbook(file), file, 'input-empty');
    const bomOnly = tmp.write('bom-only.csv', Buffer.from([0xef, 0xbb, 0xbf]));
    await expectInputError(openWorkbook(bomOnly), bomOnly, 'input-empty');
  });

  it('rejects an encrypted workbook or legacy .xls by its OLE2 magic (input-encrypted-or-xls)', async () => {
    const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const file = tmp.write('加密.xlsx', ole2);
    const error = await expectInputError(openWorkbook(file), file, 'input-encrypted-or-xls');
    expect(error.message).toContain('文件已加密（设置了打开密码）或为旧版 .xls 格式，请另存为 .xlsx');
  });

  it('rejects binary garbage named .xlsx (input-not-zip)', async () => {
    const file = tmp.write('garbage.xlsx', randomBytes(4096));
    await expectInputError(openWorkbook(file), file, 'input-not-zip');
  });

  it('rejects an HTML table saved as .xls (input-html-table)', async () => {
    const file = tmp.write('report.xls', '<html><body><table><tr><td>隐患</td></tr></table></body></html>');
    await expectInputError(openWorkbook(file), file, 'input-html-table');
  });

  it('rejects a missing file (input-not-found)', async () => {
    const file = tmp.path('does-not-exist.xlsx');
    await expectInputError(openWorkbook(file), file, 'input-not-found');
  });

  it('rejects a zip that holds no workbook (input-not-xlsx)', async () => {
    const file = tmp.write('archive.xlsx', zipBytes([{ name: 'readme.txt', data: 'hello' }]));
    await expectInputError(openWorkbook(file), file, 'input-not-xlsx');
  });
});

describe('damaged xlsx', () => {
  it('rejects a truncated xlsx (input-truncated)', async () => {
    const bytes = xlsxBytes(basicSheet);
    const file = tmp.write('truncated.xlsx', bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expectInputError(openWorkbook(file), file, 'input-truncated');
  });

  it('rejects a sheet whose data fails its CRC (input-corrupt)', async () => {
    const stored = zipBytes(xlsxEntries({ sheets: [{ name: 'S', data: '<row r="1"><c r="A1"><v>1</v></c></row>' }] }).map((e) => ({ ...e, method: 0 as const })));
    const at = stored.indexOf('<v>1</v>');
    stored.write('2', at + 3);
    const file = tmp.write('crc.xlsx', stored);
    await expectInputError(readAllSheets(file), file, 'input-corrupt');
  });

  it('rejects parts that declare more than the inflate cap (input-zip-bomb)', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const file = tmp.write('big.xlsx', xlsxBytes({ sheets: [{ name: 'S', data: rows }] }));
    await expectInputError(openWorkbook(file, { maxInflatedBytes: 10_000 }), file, 'input-zip-bomb');
    expect(await readRows(await openWorkbook(file))).toHaveLength(2000);
  });

  it('stops inflating an entry that inflates beyond its declared size (input-zip-bomb)', async () => {
    // 5 MB of zeros deflate to ~5 KB; the headers claim 100 bytes.
    const bomb = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${' '.repeat(5_000_000)}</sheetData></worksheet>`;
    const entries = xlsxEntries({ sheets: [{ name: 'S', data: bomb, document: true }] })
      .map((entry) => (entry.name === 'xl/worksheets/sheet1.xml' ? { ...entry, declaredSize: 100 } : entry));
    const bytes = zipBytes(entries);
    expect(bytes.length).toBeLessThan(20_000);
    const file = tmp.write('bomb.xlsx', bytes);
    await expectInputError(readAllSheets(file, { maxInflatedBytes: 1_000_000 }), file, 'input-zip-bomb');
  });
});
