import { describe, expect, it } from 'vitest';
import { readFindings } from '../../src/io/findings/read-findings.js';
import type { FindingRecord } from '../../src/domain/finding-record.js';
import { loadMappingFile } from '../../src/io/findings/mapping-file.js';
import { MergeFill } from '../../src/io/workbook/merge-fill.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function read(file: string, options = {}) {
  const records: FindingRecord[] = [];
  const result = await readFindings(file, options, (b) => {
    records.push(...b);
  });
  return { ...result, records };
}

describe('readFindings on real-shaped layouts', () => {
  it('enterprise ledger below merged title rows, padded and full-width headers, footer block', async () => {
    const r = await read('fixtures/demo/示例企业隐患排查台账.xlsx');
    const sheet = r.input.sheets[0]!;
    expect(sheet).toMatchObject({ name: '隐患台账', headerRow: 3, headerRows: 1, records: 18 });
    expect(sheet.columns.find((c) => c.header === '隐 患 描 述')?.field).toBe('description');
    expect(sheet.columns.find((c) => c.header === '隐患等级 *')?.field).toBe('level');
    expect(sheet.columns.find((c) => c.header === '整改资金（万元）')?.field).toBe('funds');
    const first = r.records[0]!;
    expect(first.row).toBe(4);
    expect(first.fields).toMatchObject({ hazard_id: 'YH-2024-001', level: 'general', found_date: '2024-01-08', closed_date: '2024-01-20', status: 'closed', funds: 5000 });
    expect(first.raw.funds).toEqual({ column: 'I', header: '整改资金（万元）', raw: '0.5' });
    // 30天 resolved against the found date 2024-03-05; raw text kept verbatim.
    const third = r.records[2]!;
    expect(third.fields.deadline).toEqual({ kind: 'relative', date: '2024-04-04' });
    expect(third.raw.deadline?.raw).toBe('30天');
    expect(r.diagnostics.find((d) => d.code === 'footer-ignored')?.location.row).toBe(23);
    expect(r.input.sheets[1]).toMatchObject({ name: '填表说明', skipped: '填表说明' });
    expect(r.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.complete).toBe(true);
  });

  it('regulator list: two-row grouped header (五落实情况 → 责任人/措施/资金/时限/预案), merged cells', async () => {
    const r = await read('fixtures/workbooks/regulator-grouped-header.xlsx');
    const s = r.input.sheets[0]!;
    expect(s).toMatchObject({ headerRow: 3, headerRows: 2, records: 4 });
    const byHeader = Object.fromEntries(s.columns.map((c) => [c.header, c.field]));
    expect(byHeader).toMatchObject({
      '五落实情况/责任人': 'owner',
      '五落实情况/措施': 'measures',
      '五落实情况/资金(万元)': 'funds',
      '五落实情况/时限': 'deadline',
      '五落实情况/预案': 'plan',
      是否挂牌督办: 'supervised',
      督办级别: 'sup_level',
      '隐患基本情况（简述）': 'description',
    });
    const [a, , c, d] = r.records;
    expect(a!.fields).toMatchObject({ org_name: '泰安鑫源化工有限公司', funds: 150000, supervised: true, sup_level: '市级', status: 'closed' });
    expect(a!.diagnostics.map((x) => x.code)).toContain('status-contradicts-dates');
    expect(c!.fields.deadline).toEqual({ kind: 'none' });
    const noDeadline = c!.diagnostics.find((x) => x.code === 'deadline-none-major');
    expect(noDeadline).toMatchObject({ severity: 'error', location: { sheet: '重大隐患清单', row: 6, column: 'L', header: '五落实情况/时限', value: '长期' } });
    expect(d!.diagnostics.find((x) => x.code === 'uscc-invalid')?.message).toContain('组织机构代码');
    // 填表人/审核人 below 合计 belong to the footer block: nothing is left unread.
    expect(r.diagnostics.map((x) => x.code)).not.toContain('rows-after-footer');
  });

  it('regional CSV list: title row, 是否完成整改 as the status column, serial-number date, sign-off lines below the footer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-findings-'));
    const file = join(dir, '清单.csv');
    writeFileSync(file, [
      'XX区2024年第三季度安全生产隐患排查整改清单,,,,,,',
      '序,所在乡镇（街道）,企业名称,检查时间,存在问题,隐患级别（一般/重大）,是否完成整改',
      '1,仪阳街道,某机械厂,2024.7.5,砂轮机防护罩缺失,一般,是',
      '2,老城街道,某食品厂,45480,速冻间同时作业人数15人,一般,否',
      '合计,,,,,,',
      '填表人：张三,,审核人：李四,,,,',
      '联系电话：12345678,,,,,,',
    ].join('\n'));
    const r = await read(file);
    expect(r.input.sheets[0]).toMatchObject({ headerRow: 2, records: 2 });
    expect(r.input.sheets[0]!.columns.find((c) => c.header === '是否完成整改')?.field).toBe('status');
    expect(r.records.map((x) => x.fields.status)).toEqual(['rectified', 'open']);
    expect(r.records.map((x) => x.fields.region)).toEqual(['仪阳街道', '老城街道']);
    expect(r.records[1]!.fields.found_date).toBe('2024-07-07');
    expect(r.records[1]!.raw.found_date?.raw).toBe('45480');
    expect(r.diagnostics.map((x) => x.code)).not.toContain('rows-after-footer');
    // A data row after an inner 合计 is read (pasted blocks), and the note says where data resumed.
    writeFileSync(file, ['序,企业名称,检查时间,存在问题', '1,某厂,2024-07-05,砂轮机防护罩缺失', '合计,,,', '2,某厂,2024-07-06,配电箱门未关'].join('\n'));
    const late = await read(file);
    expect(late.records.map((x) => x.fields.description)).toEqual(['砂轮机防护罩缺失', '配电箱门未关']);
    expect(late.diagnostics.find((x) => x.code === 'subtotal-rows')).toMatchObject({ severity: 'info', location: { row: 4 } });
    expect(late.complete).toBe(true);
  });

  it('dates in every form, relative and missing deadlines, unparseable cells located', async () => {
    const r = await read('fixtures/workbooks/dates-and-deadlines.xlsx');
    const f = r.records.map((x) => x.fields.found_date);
    expect(f.slice(0, 7)).toEqual(Array(7).fill('2024-03-05'));
    const bad = r.records[7]!.diagnostics.find((x) => x.code === 'date-unparsed');
    expect(bad?.location).toMatchObject({ row: 9, column: 'D', header: '发现日期', value: '去年春天' });
    expect(r.records[6]!.diagnostics.map((x) => x.code)).toContain('deadline-none-major');
    expect(r.records[8]!.fields).toMatchObject({ level: 'general', sublevel: '较大' });
  });

  it('1904 date system', async () => {
    const r = await read('fixtures/workbooks/date1904.xlsx');
    expect(r.records[0]!.fields).toMatchObject({ found_date: '2024-03-05', deadline: { kind: 'date', date: '2024-03-12' } });
  });

  it.each(['ledger-gbk.csv', 'ledger-utf8-bom.csv', 'ledger-utf16le.csv'])('%s reads the same Chinese text', async (name) => {
    const r = await read(`fixtures/workbooks/${name}`);
    expect(r.records.map((x) => x.fields.description)).toEqual(['保险粉与双氧水混存', '定型机导热油炉与生产车间未隔离', '"货架,超高"堆放']);
    expect(r.input.encoding).toBe(name.includes('gbk') ? 'gb18030' : name.includes('bom') ? 'utf-8-bom' : 'utf-16le');
  });

  it('formulas give cached values; hidden sheets are read; 10 000 empty styled rows add nothing', async () => {
    const r = await read('fixtures/workbooks/formulas-hidden-emptyrows.xlsx');
    expect(r.records.filter((x) => x.sheet === '台账').map((x) => x.fields.description)).toEqual(['除尘器泄爆口朝向人员通道', '粉尘清理不及时']);
    expect(r.records[0]!.fields.funds).toBe(200);
    expect(r.records.some((x) => x.sheet === '上月台账')).toBe(true);
    expect(r.diagnostics.map((x) => x.code)).toContain('sheet-hidden');
  });

  it('a workbook with no recognisable header is incomplete', async () => {
    const r = await read('fixtures/workbooks/no-header.xlsx');
    expect(r.complete).toBe(false);
    expect(r.diagnostics.map((x) => x.code)).toEqual(['sheet-no-header', 'workbook-no-header']);
  });

  it('a mapping file overrides detection by header or column letter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-map-'));
    const file = join(dir, 'client.yaml');
    writeFileSync(file, 'sheets:\n  "*":\n    columns:\n      隐患部位: ignore\n      P: remarks\n');
    const mapping = await loadMappingFile(file);
    const r = await read('fixtures/demo/示例企业隐患排查台账.xlsx', { mapping });
    const cols = r.input.sheets[0]!.columns;
    expect(cols.find((c) => c.header === '隐患部位')).toMatchObject({ reason: '映射文件指定忽略' });
    expect(cols.find((c) => c.column === 'P')).toMatchObject({ field: 'remarks', reason: '映射文件指定' });
    expect(r.records[0]!.fields.location).toBeUndefined();
    expect(r.records[0]!.extra['隐患部位']).toBe('铸造车间');
  });

  it('a mapping file with an unknown field id is a located error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-map-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'sheets:\n  台账:\n    columns:\n      隐患描述: descripton\n');
    await expect(loadMappingFile(file)).rejects.toThrow(/bad\.yaml:4:13  未知字段 id "descripton"/);
  });
});

describe('township ledger without year or industry (fixtures/workbooks/township-no-industry.csv)', () => {
  it('a found date written 4月3日 takes the year of the title rows, then of the rows above; notes say so in Chinese', async () => {
    const r = await read('fixtures/workbooks/township-no-industry.csv');
    expect(r.records).toHaveLength(7);
    const byRow = new Map(r.records.map((x) => [x.row, x]));
    expect(byRow.get(4)?.fields.found_date).toBe('2024-04-03');
    expect(byRow.get(4)?.raw.found_date?.raw).toBe('4月3日');
    expect(byRow.get(9)?.fields.found_date).toBe('2024-05-08');
    expect(byRow.get(9)?.fields.accepted_date).toBe('2024-05-14');
    expect(byRow.get(8)?.fields.found_date).toBe('2024-04-18');
    const notes = r.records.flatMap((x) => x.diagnostics);
    expect(notes.find((d) => d.location.row === 4 && d.code === 'date-assumed')?.message).toBe('发现日期：未写年份，按 2024 年理解');
    // Field names in messages are Chinese, not field ids.
    expect(notes.find((d) => d.location.row === 8 && d.location.column === 'I')?.message).toMatch(/^验收日期：/);
    expect(notes.some((d) => /accepted_date|closed_date|found_date/.test(d.message))).toBe(false);
  });
});

describe('header and value variants seen in county workbooks', () => {
  it('整改落实情况 → 整改情况, 督办情况 → 是否挂牌督办; “未挂牌督办” is no, “省级挂牌督办” is yes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-variants-'));
    const file = join(dir, 'v.csv');
    writeFileSync(
      file,
      '序号,企业名称（盖章）,隐患内容及部位,隐患级别（一般/重大）,排查日期,计划完成时间,整改落实情况,督办情况\n' +
        '1,某机械公司,抛丸机除尘器未设置泄爆装置,一般,2024.03.05,2024.03.20,正在整改,未挂牌督办\n' +
        '2,某机械公司,铝镁粉尘除尘系统采用正压吹送,重大,2024.03.05,2024.04.20,整改中,省级挂牌督办\n',
    );
    const r = await read(file);
    const cols = r.input.sheets[0]?.columns ?? [];
    expect(cols.find((c) => c.header === '整改落实情况')?.field).toBe('status');
    expect(cols.find((c) => c.header === '督办情况')?.field).toBe('supervised');
    expect(r.records.map((x) => [x.fields.status, x.fields.supervised])).toEqual([
      ['in-progress', false],
      ['in-progress', true],
    ]);
  });
});

describe('merged cells in the data area (fixtures/workbooks/merged-down.xlsx)', () => {
  it('单位名称 and 所属行业 merged down over an enterprise’s rows reach every row; horizontal merges are left alone', async () => {
    const r = await read('fixtures/workbooks/merged-down.xlsx');
    expect(r.records.map((x) => [x.row, x.fields.org_name, x.fields.industry])).toEqual([
      [3, '甲机械有限公司', '机械'],
      [4, '甲机械有限公司', '机械'],
      [5, '甲机械有限公司', '机械'],
      [6, '乙食品有限公司', '食品'],
      [7, '乙食品有限公司', '食品'],
      [8, '丙化工有限公司', '化工'],
    ]);
    expect(r.records[1]?.raw.org_name).toEqual({ column: 'B', header: '单位名称', raw: '甲机械有限公司' });
    // The description merged across D:E stays in D; E is not given a copy.
    expect(r.records.every((x) => Object.keys(x.extra).length === 0)).toBe(true);
    expect(r.diagnostics.find((d) => d.code === 'merged-cells-filled')?.message).toBe('按合并单元格填充了 6 个空单元格（如 B3:B5“甲机械有限公司”）');
  });

  it('MergeFill: only vertical ranges below the header, only empty cells, only the range’s first column', () => {
    const fill = new MergeFill(
      [
        { top: 1, left: 0, bottom: 3, right: 0 }, // starts above the data: ignored
        { top: 3, left: 1, bottom: 5, right: 2 },
        { top: 4, left: 3, bottom: 4, right: 5 }, // horizontal only: ignored
      ],
      3,
    );
    const rows = [
      { row: 3, cells: ['a', '甲', null, 'x'] },
      { row: 4, cells: [null, null, null, 'y'] },
      { row: 5, cells: ['c', '乙（另填）', null] },
      { row: 6, cells: ['d', null] },
    ].map((r) => fill.apply(r));
    expect(rows.map((r) => r.cells[1])).toEqual(['甲', '甲', '乙（另填）', null]);
    expect(rows[1]?.cells[0]).toBeNull();
    expect(rows[1]?.cells[2]).toBeNull();
    expect(fill.filled).toBe(1);
  });
});
