import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

// Golden files pin the whole stdout; UPDATE_GOLDEN=1 rewrites them after a reviewed change.
function golden(name: string, actual: string): void {
  const file = join(ROOT, 'tests/cli/golden', name);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('hazard explain', () => {
  it('traces a floor-name finding to its clause: terms read as their canonical word, the negation, the rules it nearly met', () => {
    const r = runCli(['explain', '航吊急停按钮按下去不断电，还在用', '--industry', '钢结构', '--date', '2025-02-19', '--limit', '3']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('判定：重大');
    expect(r.stdout).toContain('GB 45067-2024');
    expect(r.stdout).toContain('航吊（读作 起重机）');
    expect(r.stdout).toContain('否定/失效：“不断电”');
    golden('explain-crane.txt', r.stdout);
  });

  it('json: the same trace as data, with editions and industry resolution', () => {
    const r = runCli(['explain', '装药工房核定4人，进去一看有8个人在干', '--industry', '烟花爆竹生产', '--date', '2022-10-11', '--format', 'json']);
    expect(r.status).toBe(0);
    const t = JSON.parse(r.stdout) as { decision: { determination: string; matches: { ruleId: string }[] }; text: string; industryRecognised: boolean; editions: { standardId: string; status: string }[] };
    expect(t.decision.determination).toBe('major');
    expect(t.decision.matches.map((m) => m.ruleId)).toContain('saws-2017-121-fireworks/4');
    expect(t.text).toContain('超员');
    expect(t.industryRecognised).toBe(true);
    expect(t.editions.find((e) => e.standardId === 'mem-2026-21-coal')?.status).toBe('not-in-force');
  });

  it('a rebuttal sends a match to 待核实 and says why; usage errors exit 2', () => {
    const r = runCli(['explain', '中频炉停产检修，炉坑里有积水还没抽', '--industry', '铸造', '--date', '2024-01-30']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('判定：待核实');
    expect(r.stdout).toContain('反驳证据');
    expect(runCli(['explain', '积水', '--format', 'banana']).status).toBe(2);
    expect(runCli(['explain', '积水', '--date', '2024-02-30']).status).toBe(2);
  });
});
