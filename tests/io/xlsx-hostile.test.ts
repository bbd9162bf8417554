/**
 * Issue 17, classes 3 and 5: content silently changed, and single cells that used to kill the run. Each is a
 * located diagnostic; the value is kept as written or left empty, never shifted or invented.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFindings } from '../../src/io/findings/read-findings.js';
import type { FindingRecord } from '../../src/domain/finding-record.js';
import { MarkupFilter } from '../../src/io/workbook/xml.js';
import { inlineRow, LEDGER_HEADER, ledgerRow, makeTempDir, xlsxBytes, xlsxEntries, zipBytes } from './raw-helpers.js';

const dir = makeTempDir();
afterAll(() => dir.remove());

async function read(file: string) {
  const records: FindingRecord[] = [];
  const result = await readFindings(file, {}, (b) => {
    records.push(...b);
  });
  return { ...result, records };
}

const HEADER = inlineRow(1, [...LEDGER_HEADER]);
const sheet = (data: string, extra: Partial<Parameters<typeof xlsxBytes>[0]> = {}) => xlsxBytes({ sheets: [{ name: '台账', data }], ...extra });

describe('XML markup that is not content', () => {
  it('a <row> inside a comment is not read; text in CDATA is read as text', async () => {
    const hidden = `<!-- ${inlineRow(2, ledgerRow(99))} -->`;
    const cdata = inlineRow(3, ledgerRow(1)).replace('第1处砂轮机防护罩缺失', '<![CDATA[砂轮机<防护罩>缺失 & 松动]]>');
    const r = await read(dir.write('markup.xlsx', sheet(HEADER + hidden + cdata)));
    expect(r.records.map((x) => x.row)).toEqual([3]);
    expect(r.records[0]!.fields.description).toBe('砂轮机<防护罩>缺失 & 松动');
  });

  it('MarkupFilter holds an unfinished comment or CDATA across chunk boundaries', () => {
    const f = new MarkupFilter();
    const text = 'a<!-- <row r="9"> -->b<![CDATA[x<y]]>c<!';
    let out = '';
    for (const ch of text) out += f.push(ch);
    out += f.push('-- tail -->d') + f.end();
    expect(out).toBe('abx&lt;ycd');
  });
});

describe('damaged parts and bytes', () => {
  it('duplicate zip entry names: the first is read and the duplicate is an error (exit 3)', async () => {
    const entries = xlsxEntries({ sheets: [{ name: '台账', data: HEADER + inlineRow(2, ledgerRow(1)) }] });
    const sheetEntry = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const forged = { ...sheetEntry, data: String(sheetEntry.data).replace('第1处', '伪造的') };
    const r = await read(dir.write('dup.xlsx', zipBytes([...entries, forged])));
    expect(r.records[0]!.fields.description).toBe('第1处砂轮机防护罩缺失');
    expect(r.diagnostics.find((d) => d.code === 'xlsx-duplicate-part')?.message).toContain('xl/worksheets/sheet1.xml');
    expect(r.complete).toBe(false);
  });

  it('invalid UTF-8 in a sheet and in the shared strings: a located error, not a silent U+FFFD', async () => {
    const good = Buffer.from(HEADER + inlineRow(2, ledgerRow(1)), 'utf8');
    const at = good.indexOf(Buffer.from('砂轮机', 'utf8'));
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at)]);
    const entries = xlsxEntries({ sheets: [{ name: '台账', data: 'PLACEHOLDER' }] }).map((e) =>
      e.name === 'xl/worksheets/sheet1.xml' ? { ...e, data: Buffer.concat([Buffer.from(String(e.data).split('PLACEHOLDER')[0]!), bad, Buffer.from(String(e.data).split('PLACEHOLDER')[1]!)]) } : e,
    );
    const r = await read(dir.write('bad-utf8.xlsx', zipBytes(entries)));
    expect(r.records.length).toBe(1);
    expect(r.diagnostics.find((d) => d.code === 'xlsx-invalid-utf8')).toMatchObject({ severity: 'error', location: { sheet: '台账', row: 2, column: 'B', header: '隐患描述' } });
    expect(r.complete).toBe(false);

    const sstEntries = xlsxEntries({ sheets: [{ name: '台账', data: HEADER + inlineRow(2, ledgerRow(1)).replace(/<c r="B2"[^]*?<\/c>/, '<c r="B2" t="s"><v>0</v></c>') }], sharedStrings: ['<t>护栏SST缺失</t>'] });
    const broken = sstEntries.map((e) => {
      if (e.name !== 'xl/sharedStrings.xml') return e;
      const [before, after] = String(e.data).split('SST');
      return { ...e, data: Buffer.concat([Buffer.from(before!, 'utf8'), Buffer.from([0xfe]), Buffer.from(after!, 'utf8')]) };
    });
    const s = await read(dir.write('bad-sst.xlsx', zipBytes(broken)));
    expect(s.records[0]!.fields.description).toBe('护栏\uFFFD缺失');
    expect(s.diagnostics.find((d) => d.code === 'xlsx-invalid-utf8')?.location).toMatchObject({ row: 2, column: 'B', header: '隐患描述' });
  });
});

describe('dates that are no day', () => {
  const dated = (cell: string) => HEADER + inlineRow(2, ledgerRow(1)).replace(/<c r="D2"[^]*?<\/c>/, cell);

  it('2024-02-30 in a t="d" cell stays the text written, never 2024-03-01', async () => {
    const r = await read(dir.write('d-cell.xlsx', sheet(dated('<c r="D2" t="d"><v>2024-02-30</v></c>'))));
    expect(r.records[0]!.fields.found_date).toBeUndefined();
    expect(r.records[0]!.raw.found_date?.raw).toBe('2024-02-30');
    expect(r.diagnostics.find((d) => d.code === 'xlsx-date-invalid')).toMatchObject({ severity: 'error', location: { row: 2, column: 'D' } });
    expect(r.records[0]!.diagnostics.find((d) => d.code === 'date-unparsed')?.location).toMatchObject({ column: 'D', header: '发现日期' });
  });

  it.each([
    ['serial 60 (the 1900-02-29 that never was)', '60', '并不存在的 1900-02-29'],
    ['a serial past 9999-12-31', '2958466', '超出 Excel 可表示的范围'],
    ['a serial of 1e308', '1E+308', '超出 Excel 可表示的范围'],
  ])('%s in a date-styled cell: a per-cell diagnostic, no date', async (_, serial, note) => {
    const r = await read(dir.write(`serial-${serial}.xlsx`, sheet(dated(`<c r="D2" s="1"><v>${serial}</v></c>`), { styles: { xfs: [0, 14] } })));
    expect(r.records.length).toBe(1);
    expect(r.records[0]!.fields.found_date).toBeUndefined();
    const d = r.records[0]!.diagnostics.find((x) => x.code === 'date-unparsed');
    expect(d?.message).toContain(note);
    expect(d?.location).toMatchObject({ sheet: '台账', row: 2, column: 'D', header: '发现日期' });
  });

  it('the last day Excel can show is still read', async () => {
    const r = await read(dir.write('serial-max.xlsx', sheet(dated('<c r="D2" s="1"><v>2958465</v></c>'), { styles: { xfs: [0, 14] } })));
    expect(r.records[0]!.fields.found_date).toBe('9999-12-31');
  });
});

describe('one bad cell does not kill the run', () => {
  it('a cell reference with an absurd column (ZZZZZZZZ3) is a located error; the row and the sheet are read', async () => {
    const row3 = inlineRow(3, ledgerRow(2)).replace('</row>', '<c r="ZZZZZZZZ3" t="inlineStr"><is><t>x</t></is></c></row>');
    const r = await read(dir.write('absurd.xlsx', sheet(HEADER + inlineRow(2, ledgerRow(1)) + row3 + inlineRow(4, ledgerRow(3)))));
    expect(r.records.map((x) => x.row)).toEqual([2, 3, 4]);
    expect(r.records[1]!.fields.description).toBe('第2处砂轮机防护罩缺失');
    expect(r.diagnostics.find((d) => d.code === 'xlsx-column-out-of-range')).toMatchObject({ severity: 'error', location: { row: 3, column: 'ZZZZZZZZ' } });
    expect(r.complete).toBe(false);
  });
});
