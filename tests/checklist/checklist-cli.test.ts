/**
 * `hazard init`, `hazard config show`, `hazard checklist` and reading a filled checklist back through
 * `hazard check` and `hazard report` (issue: checklist and enterprise profiles).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

const GONGMAO = ['--criteria', join(ROOT, 'criteria/_vocabulary.yaml'), join(ROOT, 'criteria/_vocab-gongmao.yaml'), join(ROOT, 'criteria/mem-2023-10.yaml')];

/** 令10号 for a 机械 enterprise with 粉尘涉爆 and 有限空间: 第三条 (no 3.3, which is 金属冶炼 only), 第七条 机械,
 * 第十一条 粉尘涉爆, 第十三条 有限空间, 第十四条 通则; not 第十二条 液氨 (no 涉氨制冷). */
const MACHINERY_DUST_CONFINED = [
  '3.1', '3.2',
  '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '7.7',
  '11.1', '11.2', '11.3', '11.4', '11.5', '11.6', '11.7', '11.8', '11.9', '11.10',
  '13.1', '13.2',
  '14',
].map((c) => `mem-2023-10/${c}`);

interface ChecklistJson {
  standards: { id: string; clauses: number }[];
  items: { seq: number; ruleId: string; citation: string; content: string; points: string }[];
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hazard-checklist-'));

describe('hazard checklist (golden)', () => {
  it('工贸 机械 + 粉尘涉爆 + 有限空间: exactly the applicable clauses of 令10号, in clause order', () => {
    const r = runCli(['checklist', '--industry', '机械', '--attr', '粉尘涉爆', '有限空间', '--as-of', '2025-06-30', '--format', 'json', ...GONGMAO]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as ChecklistJson;
    expect(j.items.map((i) => i.ruleId)).toEqual(MACHINERY_DUST_CONFINED);
    expect(j.items.map((i) => i.seq)).toEqual(MACHINERY_DUST_CONFINED.map((_, i) => i + 1));
    expect(j.items[0]).toMatchObject({ citation: '第三条第（一）项' });
    expect(j.items.every((i) => i.content !== '' && i.points !== '')).toBe(true);
  });

  it('化工 + 涉氨制冷 on the bundled criteria: 121号 without its 重大危险源/重点工艺 clauses, and no 工贸 令10号 第十二条', () => {
    // 令10号 第二条 scopes 工贸 (冶金、有色、建材、机械、轻工、纺织、烟草、商贸); a 化工 enterprise's 液氨 refrigeration is
    // judged under 121号, so 涉氨制冷 adds nothing here. 121号 第三、四、五条 need 重大危险源 / 重点监管工艺.
    // 2026-09-29: the last day 121号 化工 applies (AQ 3067-2026 takes over on 2026-09-30).
    const r = runCli(['checklist', '--industry', '化工', '--attr', '涉氨制冷', '--as-of', '2026-09-29', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as ChecklistJson;
    expect(j.standards.map((s) => s.id)).toEqual(['saws-2017-121-chem']);
    const chem = [1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((n) => `saws-2017-121-chem/${n}`);
    expect(j.items.map((i) => i.ruleId)).toEqual(chem);
    const withMha = JSON.parse(runCli(['checklist', '--industry', '化工', '--attr', '涉氨制冷', '重大危险源', '涉及重点监管危险化工工艺', '--as-of', '2026-09-29', '--format', 'json']).stdout) as ChecklistJson;
    expect(withMha.items.map((i) => i.ruleId)).toEqual(Array.from({ length: 20 }, (_, n) => `saws-2017-121-chem/${n + 1}`));
    // From 2026-09-30 the edition in force is AQ 3067-2026, whose clauses are not held: no clause to list, so no
    // checklist is written (exit 2), and the message names the standard that applies but is not held.
    const later = runCli(['checklist', '--industry', '化工', '--as-of', '2026-12-01', '--format', 'json']);
    expect(later.status).toBe(2);
    expect(later.stdout).toBe('');
    expect(later.stderr).toContain('AQ 3067-2026');
  });

  it('the attribute selects the clause: 涉氨制冷 adds 第十二条, dropping 粉尘涉爆 removes 第十一条', () => {
    const r = runCli(['checklist', '--industry', '食品', '--attr', '涉氨制冷', '--as-of', '2025-06-30', '--format', 'json', ...GONGMAO]);
    expect(r.status, r.stderr).toBe(0);
    const ids = (JSON.parse(r.stdout) as ChecklistJson).items.map((i) => i.ruleId);
    expect(ids.some((id) => id.startsWith('mem-2023-10/12.'))).toBe(true);
    expect(ids.some((id) => id.startsWith('mem-2023-10/11.'))).toBe(false);
    expect(ids.some((id) => id.startsWith('mem-2023-10/7.'))).toBe(false);
  });

  it('the edition in force on --as-of is used: 2017版 before 2023-05-15', () => {
    const criteria = [...GONGMAO, join(ROOT, 'criteria/saws-2017-129.yaml')];
    const old = JSON.parse(runCli(['checklist', '--industry', '机械', '--attr', '粉尘涉爆', '--as-of', '2023-01-01', '--format', 'json', ...criteria]).stdout) as ChecklistJson;
    expect(old.standards.map((s) => s.id)).toEqual(['saws-2017-129']);
    const now = JSON.parse(runCli(['checklist', '--industry', '机械', '--attr', '粉尘涉爆', '--as-of', '2025-01-01', '--format', 'json', ...criteria]).stdout) as ChecklistJson;
    expect(now.standards.map((s) => s.id)).toEqual(['mem-2023-10']);
  });

  it('xlsx: title row, header, drop-down on 检查结果, cover sheet with enterprise and criteria hash', async () => {
    const dir = tmp();
    const r = runCli(['checklist', '--industry', '机械', '--attr', '粉尘涉爆', '有限空间', '--org', '测试机械厂', '--as-of', '2025-06-30', '-o', join(dir, '清单.xlsx'), ...GONGMAO]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('22 条');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, '清单.xlsx'));
    const ws = wb.getWorksheet('自查清单');
    expect(ws).toBeDefined();
    expect(String(ws?.getCell('A1').value)).toContain('测试机械厂重大事故隐患自查清单');
    const header = (ws?.getRow(2).values as unknown[]).slice(1);
    expect(header).toEqual(['序号', '判定标准', '条款', '条款编号', '检查内容', '检查要点', '检查结果', '问题描述', '检查人', '检查日期', '带队负责人']);
    expect(ws?.rowCount).toBe(2 + 22);
    expect(ws?.getCell('G3').dataValidation).toMatchObject({ type: 'list' });
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const cover = wb.getWorksheet('封面');
    const coverText = JSON.stringify(cover?.getSheetValues());
    expect(coverText).toContain('测试机械厂');
    expect(coverText).toContain('应急管理部令第10号');
  });
});

describe('filled checklist read back', () => {
  async function filled(dir: string): Promise<string> {
    const out = join(dir, '清单.xlsx');
    expect(runCli(['checklist', '--industry', '机械', '--attr', '粉尘涉爆', '有限空间', '--org', '测试机械厂', '--as-of', '2025-06-30', '-o', out, ...GONGMAO]).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('自查清单');
    if (!ws) throw new Error('no 自查清单 sheet');
    // An enterprise fills in the answers: two 不符合, the 第七条 items 符合, 13.1 不涉及, the rest left blank.
    ws.eachRow((row, n) => {
      if (n < 3) return;
      const id = String(row.getCell(4).value);
      const answer = (result: string, problem?: string): void => {
        row.getCell(7).value = result;
        if (problem) row.getCell(8).value = problem;
        row.getCell(9).value = '王五';
        row.getCell(10).value = new Date(Date.UTC(2025, 5, 20));
        row.getCell(11).value = '张总';
      };
      if (id === 'mem-2023-10/3.1') answer('符合');
      else if (id === 'mem-2023-10/3.2') answer('不符合', '焊工李某证件过期仍上岗');
      else if (id === 'mem-2023-10/11.1') answer('不符合', '除尘器设在室内且无泄爆');
      else if (id === 'mem-2023-10/13.1') answer('不涉及');
      else if (id.startsWith('mem-2023-10/7.')) answer('符合');
    });
    const path = join(dir, '已填清单.xlsx');
    await wb.xlsx.writeFile(path);
    return path;
  }

  it('hazard check: 不符合 → 重大 under its clause (no text matching), blank → 未检查 gap, 符合/不涉及 → not major', async () => {
    const dir = tmp();
    const file = await filled(dir);
    const r = runCli(['check', file, '--as-of', '2025-06-30', '--format', 'json', ...GONGMAO]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { rows: { row: number; determination: string; grading: string; matches: { ruleId: string }[]; diagnostics: { code: string; location: { row?: number } }[] }[] };
    const majors = j.rows.filter((x) => x.determination === 'major');
    expect(majors.map((x) => x.matches[0]?.ruleId).sort()).toEqual(['mem-2023-10/11.1', 'mem-2023-10/3.2']);
    expect(majors.every((x) => x.grading === 'agree')).toBe(true);
    // 22 lines: 2 不符合, 7 + 1 符合, 1 不涉及, 11 blank.
    expect(j.rows).toHaveLength(22);
    expect(j.rows.filter((x) => x.determination === 'not-major')).toHaveLength(9);
    const unchecked = j.rows.flatMap((x) => x.diagnostics).filter((d) => d.code === 'checklist-unchecked');
    expect(unchecked).toHaveLength(11);
    expect(j.rows.filter((x) => x.determination === 'indeterminate').map((x) => x.row).sort((a, b) => a - b)).toEqual(unchecked.map((d) => d.location.row).sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(runCli(['check', file, '--as-of', '2025-06-30', '--fail-on', 'major', ...GONGMAO]).status).toBe(1);
  });

  it('hazard report: only 不符合 lines are hazards (self-found majors); 检查日期 + 带队负责人 count as the principal-led inspection', async () => {
    const dir = tmp();
    const file = await filled(dir);
    writeFileSync(join(dir, 'hazard.config.yaml'), 'enterprise:\n  name: 测试机械厂\n  industries: [机械]\n  principal: 张总\n');
    const r = runCli(['report', file, '--as-of', '2025-06-30', '--format', 'json', ...GONGMAO], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      cohorts: Record<string, { total: number; selfFoundRate: number | null }>;
      inspections: { inspections: number; enterprises: { org: string; covered: number; missing: string[] }[] };
    };
    expect(j.cohorts['major']).toMatchObject({ total: 2, selfFoundRate: 1 });
    expect(j.cohorts['all']?.total).toBe(2);
    expect(j.inspections.inspections).toBe(1);
    expect(j.inspections.enterprises).toEqual([expect.objectContaining({ org: '测试机械厂', covered: 1, missing: ['2025Q1'] })]);
  });
});

describe('hazard init / config show', () => {
  it('init writes a commented profile that config show and checklist read; the source of each setting is shown', () => {
    const dir = tmp();
    const init = runCli(['init', '--name', '某某机械有限公司', '--industry', '机械', '--attr', '粉尘涉爆', '有限空间'], { cwd: dir });
    expect(init.status, init.stderr).toBe(0);
    const text = readFileSync(join(dir, 'hazard.config.yaml'), 'utf8');
    expect(text).toMatch(/^# /m);
    expect(text).toContain('name: "某某机械有限公司"');
    expect(runCli(['init'], { cwd: dir }).status).toBe(2);
    const show = runCli(['config', 'show', '--format', 'json', '--industry', '冶金'], { cwd: dir });
    expect(show.status, show.stderr).toBe(0);
    const s = JSON.parse(show.stdout) as { configFile: string; settings: { key: string; value: string; source: string }[] };
    expect(s.configFile).toBe(join(dir, 'hazard.config.yaml'));
    const industry = s.settings.find((x) => x.key.includes('industr'));
    expect(industry).toMatchObject({ value: expect.stringContaining('冶金') as unknown });
    expect(industry?.source).toMatch(/命令行|--industry/);
    const org = s.settings.find((x) => x.value.includes('某某机械有限公司'));
    expect(org?.source).toContain('hazard.config.yaml');
    const cl = runCli(['checklist', '--format', 'json', '--as-of', '2025-06-30', ...GONGMAO], { cwd: dir });
    expect(cl.status, cl.stderr).toBe(0);
    expect((JSON.parse(cl.stdout) as ChecklistJson).items.map((i) => i.ruleId)).toEqual(MACHINERY_DUST_CONFINED);
  });

  it('an unknown key in the config is a usage/config error with file:line:col (exit 2)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'hazard.config.yaml'), 'enterprise:\n  name: 甲\n  industrys: [机械]\n');
    const r = runCli(['config', 'show'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/hazard\.config\.yaml:3:3/);
    expect(r.stderr).toContain('industrys');
  });
});
