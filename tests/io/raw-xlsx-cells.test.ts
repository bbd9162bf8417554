// Cell-level behaviour of the xlsx reader on hand-written parts, so each case controls the exact XML.
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkbook } from '../../src/io/workbook/open-workbook.js';
import { makeTempDir, readRows, xlsxBytes, type XlsxSpec } from './raw-helpers.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

let counter = 0;
async function open(spec: XlsxSpec) {
  const file = tmp.write(`case-${++counter}.xlsx`, xlsxBytes(spec));
  return openWorkbook(file);
}

describe('xlsx cells', () => {
  it('reads shared strings and inline strings alike, rich text concatenated, phonetic runs dropped', async () => {
    const workbook = await open({
      sharedStrings: [
        '<t>隐患描述</t>',
        '<r><rPr><b/></rPr><t>消防</t></r><r><t xml:space="preserve"> 通道 </t></r>',
        '<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh>',
        '<t>A &amp; B &lt;C&gt; &#x4E2D;&#25991;</t>',
        '<t>第一行_x000D__x000A_第二行 _x005F_x0041_</t>',
        '<t/>',
      ],
      sheets: [{
        name: 'S',
        data: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
          + '<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>0</v></c></row>'
          + '<row r="2"><c r="A2" t="inlineStr"><is><t>内联</t></is></c><c r="B2" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c>'
          + '<c r="C2" t="inlineStr"><is><t>&quot;引号&quot;</t></is></c></row>',
      }],
    });
    expect(await readRows(workbook)).toEqual([
      { row: 1, cells: ['隐患描述', '消防 通道 ', '東京', 'A & B <C> 中文', '第一行\r\n第二行 _x0041_', null, '隐患描述'] },
      { row: 2, cells: ['内联', '富文本', '"引号"'] },
    ]);
  });

  it('keeps numbers, booleans, errors and formula results (cached values)', async () => {
    const workbook = await open({
      sheets: [{
        name: 'S',
        data: '<row r="1"><c r="A1"><v>42</v></c><c r="B1" t="n"><v>-1.5E-3</v></c><c r="C1" t="b"><v>1</v></c>'
          + '<c r="D1" t="b"><v>0</v></c><c r="E1" t="e"><v>#N/A</v></c></row>'
          + '<row r="2"><c r="A2"><f>A1*2</f><v>84</v></c><c r="B2" t="str"><f>"整改"&amp;"中"</f><v>整改中</v></c>'
          + '<c r="C2" t="b"><f>TRUE()</f><v>1</v></c><c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
          + '<c r="E2"><f t="shared" ref="E2:E3" si="0">A2+1</f><v>85</v></c></row>'
          + '<row r="3"><c r="E3"><f t="shared" si="0"/><v>86</v></c></row>',
      }],
    });
    expect(await readRows(workbook)).toEqual([
      { row: 1, cells: [42, -0.0015, true, false, '#N/A'] },
      { row: 2, cells: [84, '整改中', true, '#DIV/0!', 85] },
      { row: 3, cells: [null, null, null, null, 86] },
    ]);
    expect(workbook.diagnostics).toEqual([]);
  });

  it('turns a formula without cached value into null, with one info diagnostic per sheet', async () => {
    const workbook = await open({
      sheets: [{
        name: '计算',
        data: '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1+1</f></c></row><row r="2"><c r="A2"><v>2</v></c><c r="C2"><f>A2+1</f><v></v></c></row>',
      }],
    });
    expect(await readRows(workbook)).toEqual([{ row: 1, cells: [1] }, { row: 2, cells: [2] }]);
    expect(workbook.diagnostics).toEqual([
      expect.objectContaining({ code: 'xlsx-formula-no-value', severity: 'info', location: expect.objectContaining({ sheet: '计算', row: 1, column: 'B' }) }),
    ]);
  });

  it('places rows without r after the previous row and cells without r after the previous cell', async () => {
    const workbook = await open({
      sheets: [{
        name: 'S',
        data: '<row><c><v>1</v></c><c><v>2</v></c></row><row r="4"><c r="C4"><v>3</v></c><c><v>4</v></c></row>'
          + '<row><c r="B5"><v>5</v></c></row><row r="7" spans="1:3"/><row><c r="AA8"><v>6</v></c></row>'
          + '<row><c r="A10"><v>7</v></c></row>',
      }],
    });
    expect(await readRows(workbook)).toEqual([
      { row: 1, cells: [1, 2] },
      { row: 4, cells: [null, null, 3, 4] },
      { row: 5, cells: [null, 5] },
      { row: 8, cells: [...Array<null>(26).fill(null), 6] },
      { row: 10, cells: [7] },
    ]);
  });

  it('skips 10 000 trailing empty styled rows without yielding them', async () => {
    const empty = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 === 0 ? `<row r="${i + 3}" s="1" customFormat="1"/>` : `<row r="${i + 3}"><c r="A${i + 3}" s="1"/><c r="B${i + 3}" s="1"/></row>`).join('');
    const workbook = await open({
      styles: { xfs: [0, 0] },
      sheets: [{ name: 'S', data: `<row r="1"><c r="A1" t="inlineStr"><is><t>表头</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>${empty}` }],
    });
    const rows = await readRows(workbook);
    expect(rows).toEqual([{ row: 1, cells: ['表头'] }, { row: 2, cells: [1] }]);
  });

  it('reads a worksheet whose SpreadsheetML namespace is prefixed (x:)', async () => {
    const document = '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
      + '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    const workbook = await open({ sheets: [{ name: 'S', data: document, document: true }] });
    expect(await readRows(workbook)).toEqual([{ row: 1, cells: ['前缀', 3] }]);
  });
});

describe('xlsx dates', () => {
  const styles = {
    // 0 General, 1 built-in 14, 2 yyyy"年"m"月"d"日", 3 locale block + date, 4 number with quoted "d",
    // 5 accounting, 6 built-in 22 (date time), 7 built-in 57 (CJK), 8 time h:mm, 9 percent.
    xfs: [0, 14, 164, 165, 166, 44, 22, 57, 167, 10],
    formats: { 164: 'yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;', 165: '[$-804]yyyy/mm/dd;@', 166: '0.00&quot; d&quot;', 167: 'h:mm' },
  };
  const data = '<row r="1">' + styles.xfs.map((_, s) => `<c r="${String.fromCharCode(65 + s)}1" s="${s}"><v>45292.5</v></c>`).join('') + '</row>';

  it('marks date-formatted numbers as Excel serials in the 1900 system', async () => {
    const workbook = await open({ styles, sheets: [{ name: 'S', data }] });
    const d = { serial: 45292.5, date1904: false };
    expect(await readRows(workbook)).toEqual([{ row: 1, cells: [45292.5, d, d, d, 45292.5, 45292.5, d, d, d, 45292.5] }]);
  });

  it('flags the 1904 date system on every date cell', async () => {
    const workbook = await open({ styles, date1904: true, sheets: [{ name: 'S', data }] });
    const [row] = await readRows(workbook);
    expect(row?.cells[1]).toEqual({ serial: 45292.5, date1904: true });
    expect(row?.cells[0]).toBe(45292.5);
  });

  it('converts t="d" ISO cells to serials without a timezone', async () => {
    const workbook = await open({ sheets: [{ name: 'S', data: '<row r="1"><c r="A1" t="d"><v>2024-01-01T12:00:00</v></c><c r="B1" t="d"><v>不是日期</v></c></row>' }] });
    expect(await readRows(workbook)).toEqual([{ row: 1, cells: [{ serial: 45292.5, date1904: false }, '不是日期'] }]);
  });

  it('reads dates, 1904 and hidden sheets as written by exceljs', async () => {
    const book = new ExcelJS.Workbook();
    book.properties.date1904 = true;
    const visible = book.addWorksheet('台账');
    visible.addRow(['发现日期', '整改期限']);
    visible.addRow([new Date(Date.UTC(2024, 2, 15)), { formula: 'A2+30', result: new Date(Date.UTC(2024, 3, 14)) }]);
    visible.getColumn(1).numFmt = 'yyyy-mm-dd';
    visible.getColumn(2).numFmt = 'yyyy"年"m"月"d"日"';
    book.addWorksheet('隐藏', { state: 'hidden' }).addRow(['x']);
    book.addWorksheet('深度隐藏', { state: 'veryHidden' }).addRow(['y']);
    const file = tmp.path('exceljs-1904.xlsx');
    await book.xlsx.writeFile(file);

    const workbook = await openWorkbook(file);
    expect(workbook.sheets.map(({ name, index, hidden }) => ({ name, index, hidden }))).toEqual([
      { name: '台账', index: 0, hidden: false },
      { name: '隐藏', index: 1, hidden: true },
      { name: '深度隐藏', index: 2, hidden: true },
    ]);
    const [, row2] = await readRows(workbook);
    // 2024-03-15 is serial 45366 in the 1900 system, 1462 less in the 1904 system.
    expect(row2?.cells).toEqual([{ serial: 45366 - 1462, date1904: true }, { serial: 45396 - 1462, date1904: true }]);
    expect(await readRows(workbook, 2)).toEqual([{ row: 1, cells: ['y'] }]);
  });
});

describe('xlsx sheets', () => {
  it('lists sheets in workbook order with visibility and decoded names, read lazily and repeatably', async () => {
    const workbook = await open({
      sheets: [
        { name: '说明 &amp; 目录', data: '<row r="1"><c r="A1"><v>1</v></c></row>' },
        { name: '隐藏', state: 'hidden', data: '<row r="1"><c r="A1"><v>2</v></c></row>' },
        { name: '非常隐藏', state: 'veryHidden', data: '' },
      ],
    });
    expect(workbook.format).toBe('xlsx');
    expect(workbook.sheets.map((s) => [s.name, s.index, s.hidden])).toEqual([
      ['说明 & 目录', 0, false], ['隐藏', 1, true], ['非常隐藏', 2, true],
    ]);
    expect(await readRows(workbook, 1)).toEqual([{ row: 1, cells: [2] }]);
    expect(await readRows(workbook, 1)).toEqual([{ row: 1, cells: [2] }]);
    expect(await readRows(workbook, 2)).toEqual([]);
  });
});
