/**
 * Issue 17, class 8: criteria and config cannot hang or mislead the tool. Super-linear regexes are rejected at
 * `criteria validate` by the linear-time restriction (src/criteria/regex-safety.ts); YAML custom tags, supersededBy
 * cycles, impossible dates, switches and waivers naming unknown rules and conflicting mappings are located errors.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtrackingProblem } from '../../src/criteria/regex-safety.js';
import { regexProblem } from '../../src/criteria/lint-criteria.js';
import { loadMappingFile } from '../../src/io/findings/mapping-file.js';
import { runCli } from '../helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'hazard-crit-'));
const MINI = readFileSync('fixtures/criteria-valid/mini.yaml', 'utf8');

/** The mini criteria in a folder of their own, with `edit` applied to mini.yaml (and old-edition.yaml). */
function criteriaDir(edit: (mini: string) => string, editOld: (old: string) => string = (o) => o): string {
  const dir = tmp();
  copyFileSync('fixtures/criteria-valid/_vocabulary.yaml', join(dir, '_vocabulary.yaml'));
  writeFileSync(join(dir, 'mini.yaml'), edit(MINI));
  writeFileSync(join(dir, 'old-edition.yaml'), editOld(readFileSync('fixtures/criteria-valid/old-edition.yaml', 'utf8')));
  return dir;
}

describe('regexes that could backtrack badly', () => {
  it.each(['(a|aa)+$', '((a+))+$', '(a+){2,5}', '(a?)*', '(a|ab)*x', '\\d+\\d+x', '.*.*=', '[^,]*[^;]*!'])('rejects %s', (re) => {
    expect(backtrackingProblem(re)).toBeDefined();
    expect(regexProblem(re)).toMatch(/灾难性回溯/);
  });

  it.each(['\\d+(?:\\.\\d+)?', '[^,。;!?]{0,12}?(?<![\\d.])(?:[5-9]|[1-9]\\d+)(?:\\.\\d+)?', '(ab|cd)+', '(未|没有|无)(按规定)?(编制|编写)[^,。;!?]{0,10}方案', 'x*y*z*'])('accepts %s', (re) => {
    expect(backtrackingProblem(re)).toBeUndefined();
  });

  it('the rejected pattern really is exponential on V8 (why the rule exists), and the check takes no time', () => {
    const started = performance.now();
    expect(/^(a|aa)+$/.test(`${'a'.repeat(24)}b`)).toBe(false);
    const slow = performance.now() - started;
    const t = performance.now();
    for (let i = 0; i < 1000; i++) backtrackingProblem('(a|aa)+$');
    expect(performance.now() - t).toBeLessThan(slow + 500);
  });

  it('criteria validate rejects (a|aa)+$ with file:line:col, exit 2; check refuses to run on it', () => {
    const dir = criteriaDir((m) => m.replace('        - has: [除尘器, 除尘系统, 布袋除尘, 集尘器]', () => "        - has: [除尘器, 除尘系统, 布袋除尘, 集尘器]\n        - regex: '(a|aa)+$'"));
    const r = runCli(['criteria', 'validate', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/mini\.yaml:\d+:\d+ .*regex-invalid .*灾难性回溯/);
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, `隐患描述,隐患等级\n${'a'.repeat(40)}b,一般\n`);
    expect(runCli(['check', csv, '--criteria', dir, '--as-of', '2024-12-31']).status).toBe(2);
  });
});

describe('YAML and lineage', () => {
  it('a custom tag (!!js/function, !!python/object) is an error with file:line:col', () => {
    const dir = criteriaDir((m) => m.replace('title: 迷你测试标准\n', 'title: !!js/function "function () { return 1 }"\n'));
    const r = runCli(['criteria', 'validate', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/mini\.yaml:2:8 .*yaml-custom-tag .*!!js\/function/);
    const cfg = join(dir, 'hazard.config.yaml');
    writeFileSync(cfg, 'enterprise:\n  name: !!python/object:os.system "rm"\n');
    const c = runCli(['config', 'show', '--config', cfg]);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/hazard\.config\.yaml:2:9 .*yaml-custom-tag/);
  });

  it('a supersededBy cycle and an impossible date are errors', () => {
    const dir = criteriaDir(
      (m) => m.replace('supersedes: mini-old\n', 'supersedes: mini-old\nsupersededBy: mini-old\nrepealed: 2024-02-30\n'),
      (o) => o.replace('supersededBy: mini-std', 'supersededBy: mini-std\nsupersedes: mini-std'),
    );
    const r = runCli(['criteria', 'validate', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/supersede-cycle .*mini-std → mini-old → mini-std/);
    expect(r.stdout).toMatch(/mini\.yaml:\d+:\d+ .*date-invalid .*2024-02-30/);
  });
});

describe('config and mapping files', () => {
  const csv = () => {
    const dir = tmp();
    const file = join(dir, 'in.csv');
    writeFileSync(file, '隐患描述,隐患等级,发现日期,整改期限\n除尘器未设泄爆,一般,2024-07-05,2024-07-20\n');
    return { dir, file };
  };

  it('a waiver with an impossible expiry date is an error where it is written', () => {
    const { dir, file } = csv();
    const cfg = join(dir, 'hazard.config.yaml');
    writeFileSync(cfg, 'waivers:\n  - rule: mini-std/11.3\n    reason: 已整改待验收\n    approver: 张三\n    expires: 2025-02-30\n');
    const r = runCli(['check', file, '--config', cfg, '--criteria', 'fixtures/criteria-valid', '--as-of', '2024-12-31']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/hazard\.config\.yaml:5:14 .*config-date-invalid .*2025-02-30/);
  });

  it('a waiver or a switch naming an unknown rule is an error with file:line:col', () => {
    const { dir, file } = csv();
    const cfg = join(dir, 'hazard.config.yaml');
    writeFileSync(cfg, 'rules:\n  mini-std/99.9: { severity: off }\nwaivers:\n  - rule: mini-std/11.30\n    reason: 已整改待验收\n    approver: 张三\n    expires: 2025-06-30\n');
    const r = runCli(['check', file, '--config', cfg, '--criteria', 'fixtures/criteria-valid', '--as-of', '2024-12-31']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/hazard\.config\.yaml:2:3 .*config-rule-unknown .*mini-std\/99\.9/);
    expect(r.stderr).toMatch(/hazard\.config\.yaml:4:11 .*waiver-rule-unknown .*mini-std\/11\.30/);
  });

  it('a mapping with one field on two columns, or two fields on one column, is an error', async () => {
    const dir = tmp();
    const twoColumns = join(dir, 'two-columns.yaml');
    writeFileSync(twoColumns, 'sheets:\n  "*":\n    columns:\n      B: description\n      存在问题: description\n');
    await expect(loadMappingFile(twoColumns)).rejects.toThrow(/two-columns\.yaml:5:7  字段 description 同时映射到列 "B" 和 "存在问题"/);
    const oneColumn = join(dir, 'one-column.yaml');
    writeFileSync(oneColumn, 'sheets:\n  "*":\n    columns:\n      c: description\n      C: remarks\n');
    await expect(loadMappingFile(oneColumn)).rejects.toThrow(/one-column\.yaml:5:7  列 "C" 与 "c" 是同一列/);
  });
});
