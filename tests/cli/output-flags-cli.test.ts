/** One output vocabulary across verbs: an extension that does not match the format is a usage error, `-o -` is stdout. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

const DEMO = join(ROOT, 'fixtures/demo/示例企业隐患排查台账.xlsx');
const GONGMAO = ['--criteria', ...['criteria/_vocabulary.yaml', 'criteria/_vocab-gongmao.yaml', 'criteria/mem-2023-10.yaml'].map((p) => join(ROOT, p))];
const tmp = (): string => mkdtempSync(join(tmpdir(), 'hazard-out-'));

describe('output flags', () => {
  it.each([
    [['check', DEMO, '-o', 'x.html'], '输出文件 x.html 的扩展名 .html 不是本命令的输出格式（可用：text .txt、json .json、sarif .sarif、junit .xml）'],
    [['check', DEMO, '-o', 'sarif=x.xml'], '输出文件 x.xml 的扩展名 .xml 与格式 sarif 不符（sarif 用 .sarif）'],
    [['check', DEMO, '-o', 'result'], '无法从 result 判断输出格式'],
    [['ledger', DEMO, '-o', 'x.txt'], '输出文件 x.txt 的扩展名 .txt 不是本命令的输出格式（可用：xlsx .xlsx、csv .csv）'],
    [['ledger', DEMO, '-o', 'x.xlsx', '--format', 'csv'], '输出文件 x.xlsx 的扩展名 .xlsx 与格式 csv 不符（csv 用 .csv）'],
    [['report', DEMO, '-o', 'x.sarif'], '输出文件 x.sarif 的扩展名 .sarif 不是本命令的输出格式'],
    [['checklist', '--industry', '化工', '-o', 'x.csv'], '输出文件 x.csv 的扩展名 .csv 不是本命令的输出格式（可用：xlsx .xlsx、md .md、json .json）'],
  ])('%j is a usage error (exit 2) and writes nothing', (args, message) => {
    const dir = tmp();
    const r = runCli([...args, '--no-config'], { cwd: dir });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(message);
    const out = args[args.indexOf('-o') + 1] ?? '';
    expect(existsSync(join(dir, out.replace(/^[a-z]+=/, '')))).toBe(false);
  });

  it('-o - writes that output to standard output, never a file named "-"', () => {
    const dir = tmp();
    const check = runCli(['check', DEMO, '--as-of', '2024-12-31', '-o', 'json=-', '--fail-on', 'never', '--no-config', ...GONGMAO], { cwd: dir });
    expect(check.status, check.stderr).toBe(0);
    expect((JSON.parse(check.stdout) as { schemaVersion: string }).schemaVersion).toBe('1.0');
    const ledger = runCli(['ledger', DEMO, '--as-of', '2024-12-31', '-o', '-', '--format', 'csv', '--no-config', ...GONGMAO], { cwd: dir });
    expect(ledger.status, ledger.stderr).toBe(0);
    expect(ledger.stdout.startsWith('\ufeff序号,单位名称,')).toBe(true);
    expect(ledger.stdout.trim().split('\r\n')).toHaveLength(19);
    expect(ledger.stderr).toContain('已写入 标准输出：18 行');
    const checklist = runCli(['checklist', '--industry', '化工', '--as-of', '2024-12-31', '-o', '-', '--format', 'json', '--no-config'], { cwd: dir });
    expect((JSON.parse(checklist.stdout) as { items: unknown[] }).items.length).toBeGreaterThan(10);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('an empty checklist is an error (exit 2) naming the profile, not "0 条" and exit 0', () => {
    const dir = tmp();
    const r = runCli(['checklist', '--industry', '天文观测', '--as-of', '2024-12-31', '-o', 'c.xlsx', '--no-config'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('行业“天文观测”没有适用的已收录条款，未生成清单');
    expect(existsSync(join(dir, 'c.xlsx'))).toBe(false);
  });

  it('an --attr no clause is conditioned on is a warning, not silently ignored', () => {
    const r = runCli(['checklist', '--industry', '化工', '--attr', '涉氨制冷', '火星属性', '--as-of', '2024-12-31', '--format', 'json', '--no-config'], { cwd: tmp() });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('警告：企业属性 “火星属性” 不是任何已收录条款的适用条件，未起作用');
    expect(r.stderr).not.toContain('“涉氨制冷”');
  });
});
