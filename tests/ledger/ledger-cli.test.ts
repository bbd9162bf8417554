import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readFindings } from '../../src/io/findings/read-findings.js';
import type { FindingRecord } from '../../src/domain/finding-record.js';
import { ROOT, runCli } from '../helpers.js';

const GONGMAO = ['--criteria', 'criteria/_vocabulary.yaml', 'criteria/_vocab-gongmao.yaml', 'criteria/mem-2023-10.yaml'];
const DEMO = 'fixtures/demo/示例企业隐患排查台账.xlsx';
const tmp = () => mkdtempSync(join(tmpdir(), 'hazard-ledger-'));

function csvRows(file: string, encoding: 'utf8' | 'gb18030' = 'utf8'): Record<string, string>[] {
  const buf = readFileSync(file);
  const text = encoding === 'gb18030' ? iconv.decode(buf, 'gb18030') : buf.toString('utf8');
  return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

async function records(file: string): Promise<FindingRecord[]> {
  const out: FindingRecord[] = [];
  await readFindings(file, {}, (b) => {
    out.push(...b);
  });
  return out;
}

describe('hazard ledger', () => {
  it('derives overdue, on time, late, 五落实 gaps and 存量 on a fixture with known answers (csv)', () => {
    const dir = tmp();
    const r = runCli(['ledger', 'fixtures/ledger/lifecycle.csv', '--as-of', '2024-12-31', '-o', `${dir}/l.csv`, ...GONGMAO]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('6 行');
    const buf = readFileSync(`${dir}/l.csv`);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Object.fromEntries(csvRows(`${dir}/l.csv`).map((x) => [x['隐患编号'], x]));
    expect(rows['L-1']).toMatchObject({ '存量/增量': '存量', 是否逾期: '否', 是否按期: '是', 五落实完整性: '完整', '整改资金（元）': '30000' });
    expect(rows['L-2']).toMatchObject({ 是否逾期: '否', 是否按期: '否（超期整改）', '存量/增量': '2024年增量', 五落实完整性: '' });
    expect(rows['L-3']).toMatchObject({ 判定结果: '重大', 是否逾期: '是', 逾期天数: '31', 是否按期: '否', 五落实完整性: '缺资金、预案' });
    expect(rows['L-3']!['判定依据（标准条款）']).toBe('《工贸企业重大事故隐患判定标准》（应急管理部令第10号）第十二条第（二）项');
    expect(rows['L-4']).toMatchObject({ 是否逾期: '否', 是否按期: '未到期' });
    expect(rows['L-5']).toMatchObject({ 整改期限: '长期', 是否逾期: '无期限', 是否按期: '无期限', 五落实完整性: '缺时限', '整改期限（原文）': '长期' });
    expect(rows['L-5']!['数据问题']).toContain('时限是五落实之一');
    // CSV injection neutralised; the source row kept for audit.
    expect(rows['L-6']!['隐患描述']).toBe(`'=HYPERLINK("http://x")`);
    expect(rows['L-6']).toMatchObject({ 整改期限: '2024-06-01', '整改期限（原文）': '立即', 来源行: 'lifecycle!7' });
  });

  it('writes GB18030 CSV on request', () => {
    const dir = tmp();
    runCli(['ledger', 'fixtures/ledger/lifecycle.csv', '--as-of', '2024-12-31', '-o', `${dir}/l.csv`, '--encoding', 'gb18030', ...GONGMAO]);
    expect(csvRows(`${dir}/l.csv`, 'gb18030').map((x) => x['单位名称'])).toContain('甲公司');
  });

  it('the xlsx looks like what regulators expect: title, frozen bold header, filter, drop-downs, real dates, overdue rows highlighted, print setup, 说明 sheet', async () => {
    const dir = tmp();
    const r = runCli(['ledger', 'fixtures/ledger/lifecycle.csv', '--as-of', '2024-12-31', '-o', `${dir}/l.xlsx`, ...GONGMAO]);
    expect(r.status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(`${dir}/l.xlsx`);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['隐患台账', '说明']);
    const ws = wb.getWorksheet('隐患台账')!;
    // Mixed levels: the title does not claim the sheet holds only 重大事故隐患.
    expect(ws.getCell('A1').value).toBe('隐患排查治理台账（截至2024年12月31日）');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getCell('A2').value).toBe('序号');
    expect(ws.getCell('A2').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, fitToHeight: 0, paperSize: 9 });
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    // The print area holds the regulator's columns, 序号 … 销号日期, 判定结果, 判定依据; the rest follow outside it
    // (this input has no 隐患部位 column, so none is printed).
    const printed = header.slice(0, header.indexOf('判定依据（标准条款）') + 1);
    expect(printed).toEqual(['序号', '单位名称', '隐患描述', '隐患等级', '发现日期', '整改措施', '整改责任人', '整改资金（元）', '整改期限', '整改情况', '整改完成日期', '销号日期', '判定结果', '判定依据（标准条款）']);
    expect(ws.pageSetup.printArea).toBe(`A1:N${ws.rowCount}`);
    expect(ws.pageSetup.printTitlesRow).toBe('2:2');
    // 合计 row and the sign-off line close the sheet.
    const total = ws.getRow(ws.rowCount - 1);
    expect(total.getCell(1).value).toBe('合计');
    expect(String(total.getCell(2).value)).toMatch(/^共 \d+ 项：/);
    expect(String(ws.getRow(ws.rowCount).getCell(1).value)).toMatch(/^填表人：＿+　+审核人：＿+　+日期：＿+$/);
    const col = (h: string) => header.indexOf(h) + 1;
    const rowOf = (id: string) => {
      for (let i = 3; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(col('隐患编号')).value === id) return ws.getRow(i);
      throw new Error(id);
    };
    const overdue = rowOf('L-3');
    expect(overdue.getCell(col('发现日期')).value).toBeInstanceOf(Date);
    expect((overdue.getCell(col('整改期限')).value as Date).toISOString().slice(0, 10)).toBe('2024-11-30');
    expect(overdue.getCell(col('隐患描述')).fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    const plain = rowOf('L-4').getCell(col('隐患描述')).fill;
    expect(plain && 'fgColor' in plain ? plain.fgColor?.argb : undefined).not.toBe('FFFFC7CE');
    expect(overdue.getCell(col('整改情况')).dataValidation).toMatchObject({ type: 'list' });
    expect(overdue.getCell(col('隐患等级')).dataValidation).toMatchObject({ type: 'list', formulae: ['"一般,重大"'] });
    // Rows whose printed text wraps are as tall as their lines (Excel does not grow them itself).
    const long = rowOf('L-3');
    const lines = Math.ceil([...String(long.getCell(col('判定依据（标准条款）')).value ?? '')].length * 2 / 29);
    if (lines > 1) expect(long.height).toBeGreaterThanOrEqual(lines * 13.5);
    const info = wb.getWorksheet('说明')!;
    const infoText = info.getSheetValues().flat().join(' ');
    expect(infoText).toContain('2024-12-31');
    expect(infoText).toMatch(/sha256 [0-9a-f]{64}/);
    expect(infoText).toContain('hazard-toolkit');
  });

  it('round-trips: hazard check on a ledger it wrote reads back the same rows', async () => {
    const dir = tmp();
    runCli(['ledger', DEMO, '--as-of', '2024-12-31', '-o', `${dir}/台账.xlsx`, ...GONGMAO]);
    const before = await records(DEMO);
    const after = await records(`${dir}/台账.xlsx`);
    expect(after).toHaveLength(before.length);
    const key = (r: FindingRecord) => r.fields.hazard_id ?? '';
    const byId = new Map(after.map((r) => [key(r), r]));
    for (const b of before) {
      const a = byId.get(key(b))!;
      for (const f of ['org_name', 'location', 'description', 'level', 'found_date', 'measures', 'owner', 'funds', 'plan', 'status', 'completed_date', 'closed_date', 'source', 'industry', 'acceptor'] as const) {
        expect(a.fields[f], `${key(b)} ${f}`).toEqual(b.fields[f]);
      }
      expect(a.fields.deadline?.date, `${key(b)} deadline`).toEqual(b.fields.deadline?.date);
    }
    const check = runCli(['check', `${dir}/台账.xlsx`, '--as-of', '2024-12-31', ...GONGMAO, '--fail-on', 'never']);
    expect(check.stdout).toContain('工作表「说明」跳过：本工具生成的说明页');
    expect(check.stdout).not.toContain('sheet-no-header  工作表「说明」');
  });

  it('--split-by org: one sheet per enterprise plus 汇总; --no-title', async () => {
    const dir = tmp();
    runCli(['ledger', 'fixtures/ledger/lifecycle.csv', '--as-of', '2024-12-31', '-o', `${dir}/s.xlsx`, '--split-by', 'org', '--no-title', ...GONGMAO]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(`${dir}/s.xlsx`);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['乙公司', '甲公司', '汇总', '说明']);
    expect(wb.getWorksheet('甲公司')!.getCell('A1').value).toBe('序号');
    const sum = wb.getWorksheet('汇总')!;
    expect((sum.getRow(sum.rowCount).values as unknown[]).slice(1)).toEqual(['合计', 6, 3, 3, 1, 0, 0]);
  });

  it('--previous marks 新增 / 延续 / 本月销号 and lists hazards that vanished without 销号', async () => {
    const dir = tmp();
    runCli(['ledger', 'fixtures/ledger/lifecycle.csv', '--as-of', '2024-06-30', '-o', `${dir}/june.xlsx`, ...GONGMAO]);
    const r = runCli(['ledger', DEMO, 'fixtures/ledger/lifecycle.csv', '--as-of', '2024-12-31', '--previous', `${dir}/june.xlsx`, '-o', `${dir}/dec.csv`, ...GONGMAO]);
    expect(r.status).toBe(0);
    const rows = csvRows(`${dir}/dec.csv`);
    const mark = (id: string) => rows.find((x) => x['隐患编号'] === id)?.['本月标记'];
    expect(mark('YH-2024-001')).toBe('新增');
    expect(mark('L-3')).toBe('延续');
    expect(mark('L-5')).toBe('延续');
    expect(mark('L-1')).toBe('往期已销号');
    const r2 = runCli(['ledger', 'fixtures/ledger/lifecycle.csv', '--as-of', '2025-01-31', '--previous', `${dir}/june.xlsx`, '-o', `${dir}/jan.xlsx`, ...GONGMAO]);
    expect(r2.stdout).toMatch(/上月台账 \d+ 条，其中 0 条未销号却不在本月台账中/);
    const r3 = runCli(['ledger', DEMO, '--as-of', '2025-01-31', '--previous', `${dir}/june.xlsx`, '-o', `${dir}/gone.xlsx`, ...GONGMAO]);
    expect(r3.stdout).toMatch(/其中 [1-9]\d* 条未销号却不在本月台账中/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(`${dir}/gone.xlsx`);
    expect(wb.worksheets.map((s) => s.name)).toContain('上月未销号消失');
  });

  it('large ledgers render on a worker thread: byte-identical to rendering on the main thread, every row kept', async () => {
    // 25 000 rows: several sorted runs, so rows go through the temp files and back.
    const dir = tmp();
    const orgs = ['乙公司', '甲公司', '"丙&丁<有限>公司"', '"Zeta ""Works"""'];
    const lines = ['单位名称,隐患描述,隐患等级,发现日期,整改期限,整改情况,整改完成日期,整改责任人,备用列'];
    for (let i = 0; i < 25_000; i++) {
      const text = i % 7 === 0 ? `"除尘器未设置泄爆装置\n第${i}处"` : i % 5 === 0 ? `配电箱门未关闭 & 警示标志<缺失>${i}` : `灭火器压力不足${i}`;
      const found = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      lines.push([orgs[i % orgs.length], text, i % 3 ? '一般' : '重大', found, '2024-10-31', i % 2 ? '已整改' : '未整改', i % 2 ? '2024-10-01' : '', '张三', `x${i}`].join(','));
    }
    writeFileSync(`${dir}/big.csv`, `\ufeff${lines.join('\r\n')}\r\n`);
    const run = (worker: '0' | '1', out: string, extra: readonly string[]) =>
      runCli(['ledger', `${dir}/big.csv`, '--as-of', '2024-12-31', '-o', `${dir}/${out}`, ...extra, ...GONGMAO], { env: { HAZARD_RENDER_WORKER: worker } });
    for (const [extra, name] of [[[], 'plain'], [['--split-by', 'org'], 'split']] as const) {
      const inline = run('0', `${name}-0.xlsx`, extra);
      const worker = run('1', `${name}-1.xlsx`, extra);
      expect(inline.status, inline.stderr).toBe(0);
      expect(worker.status, worker.stderr).toBe(0);
      expect(worker.stdout).toContain('25000 行');
      expect(readFileSync(`${dir}/${name}-1.xlsx`).equals(readFileSync(`${dir}/${name}-0.xlsx`)), name).toBe(true);
    }
    const back = await records(`${dir}/plain-1.xlsx`);
    expect(back).toHaveLength(25_000);
    expect(back.filter((r) => r.fields.description?.includes('\n第')).length).toBe(Math.ceil(25_000 / 7));
    expect(back.filter((r) => r.fields.org_name === 'Zeta "Works"').length).toBe(25_000 / 4);
    // Small ledgers: the worker path gives the same bytes as the default in-thread path.
    const small0 = runCli(['ledger', DEMO, '--as-of', '2024-12-31', '-o', `${dir}/demo-0.xlsx`, ...GONGMAO]);
    const small1 = runCli(['ledger', DEMO, '--as-of', '2024-12-31', '-o', `${dir}/demo-1.xlsx`, ...GONGMAO], { env: { HAZARD_RENDER_WORKER: '1' } });
    expect(small0.status).toBe(0);
    expect(small1.status).toBe(0);
    expect(readFileSync(`${dir}/demo-1.xlsx`).equals(readFileSync(`${dir}/demo-0.xlsx`))).toBe(true);
  }, 180_000);

  it('refuses an output path that is one of the inputs, and leaves no temp file behind', () => {
    const dir = tmp();
    copyFileSync(DEMO, `${dir}/in.xlsx`);
    const before = readFileSync(`${dir}/in.xlsx`);
    const r = runCli(['ledger', `${dir}/in.xlsx`, '-o', `${dir}/in.xlsx`, ...GONGMAO]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('拒绝覆盖');
    expect(readFileSync(`${dir}/in.xlsx`).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['in.xlsx']);
  });

  const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
  it.skipIf(!soffice)('the demo ledger opens without repair in LibreOffice (headless conversion to CSV matches)', () => {
    const dir = tmp();
    runCli(['ledger', DEMO, '--as-of', '2024-12-31', '-o', `${dir}/台账.xlsx`, '--no-title', ...GONGMAO]);
    runCli(['ledger', DEMO, '--as-of', '2024-12-31', '-o', `${dir}/ref.csv`, ...GONGMAO]);
    const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
    const res = spawnSync(soffice!, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false', '--outdir', dir, `${dir}/台账.xlsx`], { encoding: 'utf8', timeout: 120_000 });
    expect(res.status, res.stderr).toBe(0);
    // The 合计 and sign-off rows close the sheet; the data rows are the numbered ones.
    const lo = csvRows(`${dir}/台账.csv`).filter((r) => /^\d+$/.test(r['序号'] ?? ''));
    const ref = csvRows(`${dir}/ref.csv`);
    expect(lo).toHaveLength(ref.length);
    for (let i = 0; i < ref.length; i++) {
      for (const h of ['隐患编号', '隐患描述', '隐患等级', '发现日期', '整改期限', '判定结果', '是否逾期', '逾期天数', '五落实完整性']) {
        expect(lo[i]![h], `${i} ${h}`).toBe(ref[i]![h]);
      }
    }
    void execFileSync;
  });

  it('sign-off from the config, the config named in 说明, and an input that failed named there too', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'hazard.config.yaml'), 'signoff:\n  preparer: 王五\n  reviewer: 安全总监 李四\n  date: 2024-12-31\n');
    const r = runCli(['ledger', join(ROOT, 'fixtures/ledger/lifecycle.csv'), join(ROOT, 'fixtures/workbooks/not-a-zip.xlsx'), '--as-of', '2024-12-31', '-o', 'l.xlsx', ...GONGMAO.map((a) => (a.startsWith('criteria/') ? join(ROOT, a) : a))], { cwd: dir });
    expect(r.status).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'l.xlsx'));
    const ws = wb.getWorksheet('隐患台账')!;
    expect(ws.getRow(ws.rowCount).getCell(1).value).toBe('填表人：王五　　　　审核人：安全总监 李四　　　　日期：2024-12-31');
    const info = wb.getWorksheet('说明')!.getSheetValues().flat().map(String).join('\n');
    expect(info).toContain('配置文件\nhazard.config.yaml');
    expect(info).toMatch(/未能读取的输入\n.*not-a-zip\.xlsx：.*该文件中的隐患不在本台账中/);
  });

  it('CSV for Excel users: leading-zero ids and an all-digit 18-digit 统一社会信用代码 are written as ="…" text', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'in.csv'),
      ['单位名称,统一社会信用代码,隐患编号,隐患描述,隐患等级,发现日期,整改期限,整改情况', '甲公司,123456789012345678,00123,灭火器压力不足,一般,2024-03-01,2024-04-01,未整改', '乙公司,91370000MA3C5EXAMPLE,A-7,配电箱未上锁,一般,2024-03-02,2024-04-01,未整改'].join('\n'),
    );
    const r = runCli(['ledger', 'in.csv', '--as-of', '2024-12-31', '-o', 'out.csv', '--no-config', ...GONGMAO.map((a) => (a.startsWith('criteria/') ? join(ROOT, a) : a))], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'out.csv'), 'utf8');
    expect(text).toContain('"=""123456789012345678"""');
    expect(text).toContain('"=""00123"""');
    expect(text).toContain(',91370000MA3C5EXAMPLE,');
    expect(text).toContain(',A-7,');
  });
});
