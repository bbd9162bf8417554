import { createWriteStream, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { STYLE, XlsxWorkbookWriter } from '../../src/writers/xlsx-workbook.js';

const DEMO = 'fixtures/demo/示例企业隐患排查台账.xlsx';
const GONGMAO = ['--criteria', 'criteria/_vocabulary.yaml', 'criteria/_vocab-gongmao.yaml', 'criteria/mem-2023-10.yaml'];

describe('hazard check (golden)', () => {
  it('shows a readable table on the bundled demo and exits 1 for mis-graded findings', () => {
    const r = runCli(['check', DEMO, '--as-of', '2024-12-31', ...GONGMAO]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('工作表「隐患台账」表头在第3行，18 行数据');
    expect(r.stdout).toMatch(/隐患台账!6 +│ 布袋除尘器未设置泄爆装置 +│ 一般 +│ 重大 +│ 定级偏低 +│ 应急管理部令第10号 第十一条第（三）项/);
    expect(r.stdout).toMatch(/隐患台账!17 +│ 主要负责人安全培训记录不全 +│ 重大 +│ 一般 +│ 缺少判定依据/);
    expect(r.stdout).toMatch(/汇总：1 个文件，18 行；重大 \d+（其中定级偏低 \d+），待核实 \d+，一般 \d+；缺少判定依据 1/);
  });

  it('--format json validates against the published schema and carries fields, raw cells and clauses', () => {
    const r = runCli(['check', DEMO, '--as-of', '2024-12-31', '--format', 'json', ...GONGMAO]);
    const json: unknown = JSON.parse(r.stdout);
    const schema: unknown = JSON.parse(readFileSync('schema/check-result.schema.json', 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema as object);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const j = json as { rows: { row: number; fields: Record<string, unknown>; raw: Record<string, { raw: string }>; matches: { ruleId: string; clause: string }[] }[] };
    const row6 = j.rows.find((x) => x.row === 6)!;
    expect(row6.matches[0]).toMatchObject({ ruleId: 'mem-2023-10/11.3', clause: '11.3' });
    expect(row6.fields).toMatchObject({ found_date: '2024-03-05', level: 'general', status: 'rectified' });
    expect(row6.raw['found_date']?.raw).toBe('2024年3月5日');
  });

  it('-o writes several formats from one run (sarif, junit, json)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-out-'));
    const r = runCli(['check', DEMO, '--as-of', '2024-12-31', ...GONGMAO, '-o', `sarif=${dir}/r.sarif`, `${dir}/r.xml`, `json=${dir}/r.json`, '--fail-on', 'never']);
    expect(r.status).toBe(0);
    const sarif = JSON.parse(readFileSync(`${dir}/r.sarif`, 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.some((x) => x.ruleId === 'mem-2023-10/11.3' && x.locations[0]!.physicalLocation.region.startLine === 6)).toBe(true);
    const junit = readFileSync(`${dir}/r.xml`, 'utf8');
    expect(junit).toMatch(/<testcase classname="[^"]+" name="隐患台账!6"><failure message="under-graded">/);
    expect(JSON.parse(readFileSync(`${dir}/r.json`, 'utf8'))).toHaveProperty('schemaVersion', '1.0');
  });

  it('--fail-on decides the exit code separately from what is shown', () => {
    expect(runCli(['check', DEMO, '--as-of', '2024-12-31', ...GONGMAO, '--fail-on', 'never']).status).toBe(0);
    expect(runCli(['check', DEMO, '--as-of', '2024-12-31', ...GONGMAO, '--fail-on', 'major']).status).toBe(1);
    expect(runCli(['check', 'fixtures/workbooks/date1904.xlsx', ...GONGMAO, '--fail-on', 'major']).status).toBe(0);
    expect(runCli(['check', 'fixtures/workbooks/date1904.xlsx', ...GONGMAO, '--fail-on', 'warning']).status).toBe(1);
    expect(runCli(['check', DEMO, '--fail-on', 'sometimes']).status).toBe(2);
  });

  it.each([
    ['empty.xlsx', 'input-empty'],
    ['not-a-zip.xlsx', 'workbook-no-header'],
    ['truncated.xlsx', 'input-truncated'],
    ['encrypted.xlsx', 'input-encrypted-or-xls'],
    ['no-header.xlsx', 'workbook-no-header'],
  ])('%s: a clear message naming the file and exit 3, never a stack trace', (name, code) => {
    const r = runCli(['check', `fixtures/workbooks/${name}`, ...GONGMAO]);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain(code);
    expect(r.stdout).toContain(name);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a CSV named .xlsx and a UTF-16 CSV are read, with the encoding reported', () => {
    const a = runCli(['check', 'fixtures/workbooks/csv-named.xlsx', ...GONGMAO, '--fail-on', 'never']);
    expect(a.status).toBe(0);
    expect(a.stdout).toContain('input-extension-mismatch');
    const b = runCli(['check', 'fixtures/workbooks/ledger-utf16le.csv', ...GONGMAO, '--fail-on', 'never']);
    expect(b.stdout).toContain('编码 utf-16le');
  });

  it('one bad file does not stop the batch, and the exit code says it was bad', () => {
    const r = runCli(['check', 'fixtures/workbooks/empty.xlsx', DEMO, ...GONGMAO, '--fail-on', 'never']);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('汇总：2 个文件（1 个未能完整读取），18 行');
  });

  it('usage errors: missing input file, bad date', () => {
    expect(runCli(['check', 'no/such.xlsx']).status).toBe(2);
    expect(runCli(['check', DEMO, '--as-of', '2024-13-01']).status).toBe(2);
  });

  it('an output in a directory that does not exist is a usage error before any work (exit 2, never a stack trace)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-noout-'));
    for (const args of [
      ['check', DEMO, '-o', `json=${dir}/missing/r.json`],
      ['ledger', DEMO, '-o', `${dir}/missing/台账.xlsx`],
      ['report', DEMO, '-o', `${dir}/missing/报告.html`],
      ['checklist', '--industry', '机械', '-o', `${dir}/missing/清单.xlsx`],
    ]) {
      const r = runCli([...args, '--as-of', '2024-12-31', ...GONGMAO]);
      expect(r.status, args[0]).toBe(2);
      expect(r.stderr).toBe(`用法错误：无法写入输出文件 ${args.at(-1)?.replace(/^json=/, '') ?? ''}：目录 ${dir}/missing 不存在\n`);
    }
  });

  it('broken criteria: exit 2 with the criteria location', () => {
    const r = runCli(['check', DEMO, '--criteria', 'fixtures/criteria-valid/_vocabulary.yaml', 'fixtures/criteria-invalid/unknown-key.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown-key\.yaml:28:5/);
  });

  it('large workbooks are read on a worker thread: same result as reading in-thread, and a damaged sheet is reported the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-bigread-'));
    const file = join(dir, 'big.xlsx');
    // Enough varied text that the file is over the 4 MiB preload limit (the worker path is for files read by streaming).
    let seed = 11;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const words = '除尘器泄爆装置未设置有限空间作业审批监护人员速冻间氨制冷熔融金属吊运积水灭火器压力不足配电箱接地警示标志叉车安全阀校验';
    const text = (n: number): string => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join('');
    const out = createWriteStream(file);
    const wb = new XlsxWorkbookWriter(out);
    await wb.sheet({ name: '台账', widths: [10, 20, 40, 8, 12] }, async (s) => {
      await s.row(['序号', '单位名称', '隐患描述', '隐患等级', '发现日期'].map((v) => ({ v })));
      for (let i = 1; i <= 70_000; i++) {
        const d = i % 500 === 0 ? '布袋除尘器未设置泄爆装置' : `${text(30)}${i}`;
        await s.row([{ v: i }, { v: `单位${i % 37}机械厂` }, { v: d }, { v: i % 3 ? '一般' : '重大' }, { v: { date: `2024-0${(i % 9) + 1}-1${i % 10}` }, s: STYLE.date }]);
      }
    });
    await wb.finish();
    await new Promise<void>((resolve) => out.end(resolve));
    expect(statSync(file).size).toBeGreaterThan(4 * 1024 * 1024);
    const args = (out: string) => ['check', file, '--as-of', '2024-12-31', '--fail-on', 'never', '-o', `json=${out}`, ...GONGMAO];
    const inThread = runCli(args(join(dir, 'thread.json')), { env: { HAZARD_READ_WORKER: '0' } });
    const inWorker = runCli(args(join(dir, 'worker.json')));
    expect(inWorker.status, inWorker.stderr).toBe(0);
    expect(inThread.status, inThread.stderr).toBe(0);
    expect(inWorker.stdout).toBe(inThread.stdout);
    const worker = readFileSync(join(dir, 'worker.json'), 'utf8');
    expect(worker === readFileSync(join(dir, 'thread.json'), 'utf8')).toBe(true);
    const summary = (JSON.parse(worker) as { summary: { rows: number; major: number } }).summary;
    expect(summary.rows).toBe(70_000);
    expect(summary.major).toBeGreaterThanOrEqual(140);
    // Damage the middle of the sheet's compressed data: both paths stop at the same place with the same diagnostic.
    const bytes = readFileSync(file);
    const middle = Math.floor(bytes.length / 2);
    for (let k = middle; k < middle + 64; k++) bytes.writeUInt8((bytes.readUInt8(k) ^ 0x5a) & 0xff, k);
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, bytes);
    const brokenArgs = ['check', broken, '--as-of', '2024-12-31', '--fail-on', 'never', ...GONGMAO];
    const b0 = runCli(brokenArgs, { env: { HAZARD_READ_WORKER: '0' } });
    const b1 = runCli(brokenArgs);
    expect(b1.status).toBe(3);
    expect(b0.status).toBe(3);
    expect(b1.stdout).toContain('未能读完');
    expect(b1.stdout).toBe(b0.stdout);

    // A large GB18030 CSV goes the same way, and an unclosed quote near its end is reported at the same line.
    const lines = ['单位名称,隐患描述,隐患等级,发现日期'];
    for (let i = 1; i <= 70_000; i++) lines.push(`单位${i % 37}机械厂,${i % 500 === 0 ? '布袋除尘器未设置泄爆装置' : text(30)},${i % 3 ? '一般' : '重大'},2024-03-0${(i % 9) + 1}`);
    const csv = join(dir, 'big.csv');
    writeFileSync(csv, iconv.encode(`${lines.join('\r\n')}\r\n`, 'gb18030'));
    expect(statSync(csv).size).toBeGreaterThan(4 * 1024 * 1024);
    const c0 = runCli(['check', csv, '--as-of', '2024-12-31', '--fail-on', 'never', ...GONGMAO], { env: { HAZARD_READ_WORKER: '0' } });
    const c1 = runCli(['check', csv, '--as-of', '2024-12-31', '--fail-on', 'never', ...GONGMAO]);
    expect(c1.status).toBe(0);
    expect(c1.stdout).toContain('编码 gb18030');
    expect(c1.stdout).toBe(c0.stdout);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, iconv.encode(`${[...lines.slice(0, 69_990), '单位1机械厂,"未闭合的引号,一般,2024-03-01', ...lines.slice(69_990)].join('\r\n')}\r\n`, 'gb18030'));
    const d0 = runCli(['check', bad, '--as-of', '2024-12-31', '--fail-on', 'never', ...GONGMAO], { env: { HAZARD_READ_WORKER: '0' } });
    const d1 = runCli(['check', bad, '--as-of', '2024-12-31', '--fail-on', 'never', ...GONGMAO]);
    expect(d1.status).toBe(3);
    expect(d1.stdout).toBe(d0.stdout);
    expect(d1.stdout).toContain('69991');
  }, 240_000);

  it('no 所属行业 column: the enterprise name selects the sector (木业 → 工贸, 烟花爆竹, 铸造 → 机械), and the output says so', () => {
    const file = 'fixtures/workbooks/township-no-industry.csv';
    const r = runCli(['check', file, '--as-of', '2024-07-31', '--fail-on', 'never', '--format', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: { row: number; determination: string; matches: { ruleId: string }[]; partial: { ruleId: string }[] }[]; diagnostics: { code: string; message: string }[] };
    const row = (n: number) => out.rows.find((x) => x.row === n);
    // 灭火器失效 at a wood-products company is not a fireworks 工房 question (it was 待核实 under 121号 第7项).
    expect(row(5)?.determination ?? 'not-major').toBe('not-major');
    expect(row(9)?.matches.map((m) => m.ruleId)).toEqual(['saws-2017-121-fireworks/7']);
    expect(row(8)?.matches.map((m) => m.ruleId)).toEqual(['mem-2023-10/7.3']);
    // A name that names no sector leaves every standard open: 灭火器失效 stays 待核实 under the fireworks item.
    expect(row(10)?.determination).toBe('indeterminate');
    const note = out.diagnostics.find((d) => d.code === 'industry-inferred');
    expect(note?.message).toContain('6 行未填所属行业');
    expect(note?.message).toContain('“某某木业有限公司”按工贸');
    const text = runCli(['check', file, '--as-of', '2024-07-31', '--fail-on', 'never']);
    expect(text.stdout).toMatch(/说明：.*township-no-industry\.csv {2}6 行未填所属行业/);
    // An explicit industry wins over the name.
    const given = runCli(['check', file, '--as-of', '2024-07-31', '--fail-on', 'never', '--format', 'json', '--industry', '烟花爆竹']);
    const g = JSON.parse(given.stdout) as typeof out;
    expect(g.rows.find((x) => x.row === 5)?.determination).toBe('indeterminate');
    expect(g.diagnostics.some((d) => d.code === 'industry-inferred')).toBe(false);
  });

  it('an industry whose standard is only catalogued (metadata-only) is said to be judged by the general standards alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-meta-'));
    const file = join(dir, '运输企业台账.csv');
    writeFileSync(file, '\uFEFF单位名称,所属行业,隐患描述,隐患等级,发现日期\n某客运公司,道路旅客运输,车辆动态监控平台未设专人值守,一般,2025-03-01\n某客运公司,道路旅客运输,灭火器压力不足,一般,2025-03-01\n');
    const r = runCli(['check', file, '--as-of', '2025-06-30', '--format', 'json', '--fail-on', 'never']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string; message: string }[]; summary: { warnings: number } };
    const d = j.diagnostics.find((x) => x.code === 'industry-standard-not-established');
    expect(d?.severity).toBe('warning');
    expect(d?.message).toContain('道路旅客运输');
    expect(d?.message).toContain('道路运输企业和城市客运企业安全生产重大事故隐患判定标准');
    // A 工贸 industry has rule sets: no such warning.
    const gm = join(dir, '机械.csv');
    writeFileSync(gm, '\uFEFF单位名称,所属行业,隐患描述,隐患等级,发现日期\n某机械厂,机械,灭火器压力不足,一般,2025-03-01\n');
    const g = JSON.parse(runCli(['check', gm, '--as-of', '2025-06-30', '--format', 'json', '--fail-on', 'never']).stdout) as { diagnostics: { code: string }[] };
    expect(g.diagnostics.some((x) => x.code === 'industry-standard-not-established')).toBe(false);
  });

  it('names the config it applied in text, json and sarif; --no-config applies none, even with one in the directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-check-cfg-'));
    writeFileSync(join(dir, 'hazard.config.yaml'), 'enterprise:\n  name: 示例机械制造有限公司\n');
    const file = join(process.cwd(), DEMO);
    const text = runCli(['check', file, '--as-of', '2024-12-31', '--fail-on', 'never'], { cwd: dir });
    expect(text.stdout).toContain('配置文件：hazard.config.yaml\n汇总：');
    const json = JSON.parse(runCli(['check', file, '--as-of', '2024-12-31', '--fail-on', 'never', '--format', 'json', '--no-config'], { cwd: dir }).stdout) as { config: string };
    expect(json.config).toBe('未使用配置文件（--no-config）');
    const sarif = JSON.parse(runCli(['check', file, '--as-of', '2024-12-31', '--fail-on', 'never', '--format', 'sarif'], { cwd: dir }).stdout) as { runs: { properties: { config: string } }[] };
    expect(sarif.runs[0]?.properties.config).toBe('hazard.config.yaml');
    const show = runCli(['config', 'show', '--no-config'], { cwd: dir });
    expect(show.stdout).toContain('（未找到，使用默认值）');
  });
});
