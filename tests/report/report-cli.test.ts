import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

// Regulator summary with 单位名称 merged down over each enterprise's rows; four rows are recorded 一般 but meet a clause.
const MERGED = 'fixtures/workbooks/merged-down.xlsx';

describe('hazard report (CLI)', () => {
  it('counts recorded levels by default and says how many rows the standards would count as 重大 (--level judged)', () => {
    const recorded = runCli(['report', MERGED, '--as-of', '2024-12-31', '--format', 'json']);
    expect(recorded.status).toBe(0);
    expect(recorded.stderr).toContain('提示：另有 4 项记录为一般、但判定符合重大事故隐患判定标准（定级偏低），本报表按台账记录的等级统计；按判定结果统计请加 --level judged');
    const r = JSON.parse(recorded.stdout) as { cohorts: { major: { total: number } } };
    const judged = runCli(['report', MERGED, '--as-of', '2024-12-31', '--format', 'json', '--level', 'judged']);
    expect(judged.status).toBe(0);
    expect(judged.stderr).not.toContain('定级偏低');
    const j = JSON.parse(judged.stdout) as { cohorts: { major: { total: number } } };
    expect(r.cohorts.major.total).toBe(0);
    expect(j.cohorts.major.total).toBe(4);
  });

  it('merged 单位名称 cells give every row its enterprise: three enterprises in the by-org table', () => {
    const r = runCli(['report', MERGED, '--as-of', '2024-12-31', '--format', 'json', '--by', 'org']);
    const out = JSON.parse(r.stdout) as { groupings: { by: string; rows: { label: string; all: { total: number } }[] }[] };
    const rows = out.groupings.find((g) => g.by === 'org')?.rows ?? [];
    expect(rows.map((x) => [x.label, x.all.total]).sort()).toEqual([
      ['丙化工有限公司', 1],
      ['乙食品有限公司', 2],
      ['甲机械有限公司', 3],
    ]);
  });

  it('names the config applied, the target profile chosen there, and an input that failed; --no-config ignores it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-cfg-'));
    writeFileSync(join(dir, 'hazard.config.yaml'), 'targets:\n  profile: shandong\n');
    const args = ['report', join(ROOT, MERGED), join(ROOT, 'fixtures/workbooks/not-a-zip.xlsx'), '--as-of', '2024-12-31'];
    const withConfig = runCli(args, { cwd: dir });
    expect(withConfig.status).toBe(3);
    expect(withConfig.stdout).toContain('配置文件：hazard.config.yaml');
    expect(withConfig.stdout).toContain('目标配置：山东省：山东省安全生产治本攻坚三年行动实施方案（鲁安发〔2024〕4号）');
    expect(withConfig.stdout).toMatch(/未能读取 1 个输入文件，其中的隐患未计入任何统计：.*not-a-zip\.xlsx（/);
    const without = runCli([...args, '--no-config', '--format', 'json'], { cwd: dir });
    const j = JSON.parse(without.stdout) as { configFile: string; targetProfile: string; failedInputs: { file: string }[] };
    expect(j.configFile).toBe('未使用配置文件（--no-config）');
    expect(j.targetProfile).toBe('national');
    expect(j.failedInputs.map((f) => f.file.endsWith('not-a-zip.xlsx'))).toEqual([true]);
  });

  it('--by industry groups by the resolved sector: 机械 / 机械制造 / 机械制造(铸造) are one group, 食品加工 is 轻工', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-sector-'));
    writeFileSync(
      join(dir, 'ledger.csv'),
      [
        '单位名称,所属行业,隐患描述,隐患等级,发现日期,整改期限,整改情况',
        '甲厂,机械,灭火器压力不足,一般,2024-03-01,2024-04-01,未整改',
        '乙厂,机械制造,安全警示标志褪色,一般,2024-03-02,2024-04-01,未整改',
        '丙厂,机械制造(铸造),浇注区地面有油污,一般,2024-03-03,2024-04-01,未整改',
        '丁厂,食品加工,配电箱未上锁,一般,2024-03-04,2024-04-01,未整改',
      ].join('\n'),
    );
    const r = runCli(['report', 'ledger.csv', '--as-of', '2024-12-31', '--by', 'industry', '--format', 'json', '--no-config'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { groupings: { by: string; rows: { label: string; all: { total: number } }[] }[] };
    const rows = out.groupings.find((g) => g.by === 'industry')?.rows ?? [];
    expect(rows.map((x) => [x.label, x.all.total])).toEqual([
      ['机械', 3],
      ['轻工', 1],
    ]);
  });
});
