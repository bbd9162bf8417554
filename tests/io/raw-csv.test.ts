// The CSV reader: encoding detection (BOMs, strict UTF-8 over the whole file, GB18030 fallback),
// overrides, delimiter sniffing and record line numbers.
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { openWorkbook } from '../../src/io/workbook/open-workbook.js';
import { makeTempDir, readRows } from './raw-helpers.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const TEXT = '企业名称,隐患描述,隐患等级\r\n甲化工有限公司,"罐区消防沙箱数量不足，排风扇记录不全",重大隐患\r\n乙冶金公司,𠀀炉前作业区未设置隔热屏,一般隐患\r\n';
const EXPECTED = [
  { row: 1, cells: ['企业名称', '隐患描述', '隐患等级'] },
  { row: 2, cells: ['甲化工有限公司', '罐区消防沙箱数量不足，排风扇记录不全', '重大隐患'] },
  { row: 3, cells: ['乙冶金公司', '𠀀炉前作业区未设置隔热屏', '一般隐患'] },
];

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0];
  return le;
}

describe('CSV encodings', () => {
  it.each([
    ['utf-8 without BOM', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'utf-8-bom'],
    ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'utf-16le'],
    ['utf-16be with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]), 'utf-16be'],
    ['gb18030 (Excel on Chinese Windows)', iconv.encode(TEXT, 'gb18030'), 'gb18030'],
  ])('detects %s', async (_label, bytes, encoding) => {
    const file = tmp.write(`${encoding}.csv`, bytes);
    const workbook = await openWorkbook(file);
    expect(workbook.format).toBe('csv');
    expect(workbook.encoding).toBe(encoding);
    expect(workbook.sheets.map((s) => [s.name, s.index, s.hidden])).toEqual([[encoding, 0, false]]);
    expect(await readRows(workbook)).toEqual(EXPECTED);
    expect(workbook.diagnostics).toEqual([]);
  });

  it('validates UTF-8 over the whole file, not a prefix: one GBK line after 2 MB of UTF-8 is named, the file stays UTF-8', async () => {
    const head = `编号,描述\n${Array.from({ length: 40_000 }, (_, i) => `${i},隐患描述文本${i}`).join('\n')}\n`;
    const bytes = Buffer.concat([Buffer.from(head, 'utf8'), iconv.encode('末行,中文\n', 'gbk')]);
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const workbook = await openWorkbook(tmp.write('mixed.csv', bytes));
    expect(workbook.encoding).toBe('utf-8');
    expect(workbook.diagnostics.find((d) => d.code === 'csv-invalid-utf8')).toMatchObject({ severity: 'error', location: { row: 40_002 } });
  });

  it('a file with no valid UTF-8 multi-byte text at all is GB18030', async () => {
    const workbook = await openWorkbook(tmp.write('gbk-only.csv', iconv.encode('编号,描述\n1,中文描述\n', 'gbk')));
    expect(workbook.encoding).toBe('gb18030');
    expect(workbook.diagnostics).toEqual([]);
  });

  it('keeps multi-byte characters split across read chunks intact in a large UTF-8 file', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `${i},经查冷库未定期校验安全阀😀${i}`);
    const file = tmp.write('large-utf8.csv', `编号,描述\n${lines.join('\n')}\n`);
    const workbook = await openWorkbook(file);
    expect(workbook.encoding).toBe('utf-8');
    const rows = await readRows(workbook);
    expect(rows).toHaveLength(30_001);
    expect(rows.every((row, i) => i === 0 || (row.row === i + 1 && row.cells[1] === `经查冷库未定期校验安全阀😀${i - 1}`))).toBe(true);
  });

  it.each([
    ['gbk', 'gb18030'], ['GB2312', 'gb18030'], ['gb18030', 'gb18030'],
  ])('--encoding %s reads a GBK file as %s', async (name, used) => {
    const file = tmp.write(`override-${name}.csv`, iconv.encode('名称,等级\n联通,一般\n', 'gbk'));
    const workbook = await openWorkbook(file, { encoding: name });
    expect(workbook.encoding).toBe(used);
    expect(await readRows(workbook)).toEqual([{ row: 1, cells: ['名称', '等级'] }, { row: 2, cells: ['联通', '一般'] }]);
  });

  it.each([['utf8'], ['UTF-8'], ['utf-8']])('--encoding %s overrides detection and still skips a UTF-8 BOM', async (name) => {
    const file = tmp.write(`override-${name}.csv`, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n', 'utf8')]));
    const workbook = await openWorkbook(file, { encoding: name });
    expect(workbook.encoding).toBe('utf-8-bom');
    expect(await readRows(workbook)).toEqual([{ row: 1, cells: ['a', 'b'] }]);
  });

  it('--encoding utf16le reads a BOM-less UTF-16LE file', async () => {
    const file = tmp.write('utf16-nobom.txt', Buffer.from('名称\t等级\n甲\t一般\n', 'utf16le'));
    const workbook = await openWorkbook(file, { encoding: 'utf16le' });
    expect(workbook.encoding).toBe('utf-16le');
    expect(await readRows(workbook)).toEqual([{ row: 1, cells: ['名称', '等级'] }, { row: 2, cells: ['甲', '一般'] }]);
  });

  it('rejects an unknown --encoding (input-encoding-unsupported)', async () => {
    const file = tmp.write('any.csv', 'a,b\n');
    const error: unknown = await openWorkbook(file, { encoding: 'latin-9' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: 'input-encoding-unsupported', file });
  });
});

describe('CSV records', () => {
  it('gives each record the line it starts on, across quoted multi-line cells and blank lines', async () => {
    const text = '编号,描述,备注\n1,"第一行\n第二行\n第三行",x\n\n2,"含""引号""",\r\n3,"a\r\nb",\r\n,,\n4,末行';
    const workbook = await openWorkbook(tmp.write('multiline.csv', text));
    expect(await readRows(workbook)).toEqual([
      { row: 1, cells: ['编号', '描述', '备注'] },
      { row: 2, cells: ['1', '第一行\n第二行\n第三行', 'x'] },
      { row: 6, cells: ['2', '含"引号"'] },
      { row: 7, cells: ['3', 'a\r\nb'] },
      { row: 10, cells: ['4', '末行'] },
    ]);
  });

  it.each([
    ['tab', '名称\t描述\t等级\n甲\t"a,b"\t一般\n', undefined],
    ['semicolon', '名称;描述;等级\n甲;a,b;一般\n', undefined],
    ['explicit', '名称|描述|等级\n甲|a,b|一般\n', '|'],
  ])('splits on the %s delimiter', async (label, text, csvDelimiter) => {
    const workbook = await openWorkbook(tmp.write(`delimiter-${label}.csv`, text), { csvDelimiter });
    expect(await readRows(workbook)).toEqual([{ row: 1, cells: ['名称', '描述', '等级'] }, { row: 2, cells: ['甲', 'a,b', '一般'] }]);
  });

  it('keeps ragged records and maps empty cells to null', async () => {
    const workbook = await openWorkbook(tmp.write('ragged.csv', 'a,b,c\n1\n,2,,\n"",,3\n'));
    expect(await readRows(workbook)).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['1'] },
      { row: 3, cells: [null, '2'] },
      { row: 4, cells: [null, null, '3'] },
    ]);
  });

  it('an unclosed quote keeps the records before it and names its line (csv-malformed-record)', async () => {
    const file = tmp.write('unclosed.csv', 'a,b\n1,2\n3,"未闭合\n4,5\n');
    const workbook = await openWorkbook(file);
    const rows = await readRows(workbook);
    expect(rows.map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2']]);
    expect(workbook.diagnostics).toMatchObject([{ code: 'csv-malformed-record', severity: 'error', location: { file, row: 3 } }]);
    expect(workbook.diagnostics[0]!.message).toContain('第 3 行的引号没有闭合');
  });
});
