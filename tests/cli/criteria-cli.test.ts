import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

describe('hazard criteria (golden)', () => {
  it('validate: exit 0 and a summary on valid files', () => {
    const r = runCli(['criteria', 'validate', 'fixtures/criteria-valid']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('✓ 校验通过：3 个文件，3 条规则；0 个错误，0 个警告\n');
  });

  it('validate: exit 2 with file:line:col on a corrupted file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-crit-'));
    copyFileSync('fixtures/criteria-valid/_vocabulary.yaml', join(dir, '_vocabulary.yaml'));
    const text = readFileSync('fixtures/criteria-valid/mini.yaml', 'utf8').replace('    guidance: 控制人数', '    guidance: 控制人数\n    guidence: 拼错');
    writeFileSync(join(dir, 'mini.yaml'), text);
    const r = runCli(['criteria', 'validate', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/mini\.yaml:28:5  错误  schema-unknown-key  rules\.0：未知字段 "guidence"/);
  });

  it('validate --format json is machine-readable', () => {
    const r = runCli(['criteria', 'validate', 'fixtures/criteria-valid/_vocabulary.yaml', 'fixtures/criteria-invalid/duplicate-key.yaml', '--format', 'json']);
    expect(r.status).toBe(2);
    const json = JSON.parse(r.stdout) as { valid: boolean; diagnostics: { code: string; location: { line: number } }[] };
    expect(json.valid).toBe(false);
    expect(json.diagnostics[0]).toMatchObject({ code: 'yaml-duplicate-key', location: { line: 3 } });
  });

  it('test: exit 0 when every example passes, 1 when one fails', () => {
    const ok = runCli(['criteria', 'test', 'fixtures/criteria-valid']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('3 passed, 0 failed');

    const dir = mkdtempSync(join(tmpdir(), 'hazard-crit-'));
    copyFileSync('fixtures/criteria-valid/_vocabulary.yaml', join(dir, '_vocabulary.yaml'));
    const text = readFileSync('fixtures/criteria-valid/mini.yaml', 'utf8').replace('miss: [速冻间作业人员6人,', 'miss: [速冻间作业人员16人,');
    writeFileSync(join(dir, 'mini.yaml'), text);
    const bad = runCli(['criteria', 'test', dir]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('失败  mini-std/12.2');
    expect(bad.stdout).toMatch(/mini\.yaml:\d+:\d+  不应命中，实际命中：「速冻间作业人员16人」/);
  });

  it('test: exit 2 and no test run when the criteria are invalid', () => {
    const r = runCli(['criteria', 'test', 'fixtures/criteria-invalid/empty.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('yaml-empty');
  });

  it('list: the catalogue of every edition', () => {
    const r = runCli(['criteria', 'list', 'fixtures/criteria-valid', '--as-of', '2024-01-01']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('已废止(2023-05-15)');
    expect(r.stdout).toContain('共 2 个标准版本，3 条规则（截至 2024-01-01）');
  });

  it('list --coverage: the standards in force on --as-of, decided / stood in / only listed, with the national count (golden)', () => {
    const r = runCli(['criteria', 'list', 'fixtures/criteria-coverage', '--coverage', '--as-of', '2025-06-01']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync('fixtures/criteria-coverage/expected-coverage-2025-06-01.txt', 'utf8'));
    // Before the new edition: the old one decides, nothing stands in; a repealed edition is never listed.
    const before = runCli(['criteria', 'list', 'fixtures/criteria-coverage', '--coverage', '--as-of', '2024-06-01']);
    expect(before.stdout).toContain('截至 2024-06-01 现行 2 个标准版本：判定 1 个（2 条规则），代为比对 0 个，仅列目录 1 个');
    expect(before.stdout).not.toContain('mini-old');
  });

  it('list --coverage --format json on the bundled criteria: AQ 3067-2026 and GB 35181-2025 stand in, 民爆 and 农机 decide', () => {
    const r = runCli(['criteria', 'list', '--coverage', '--as-of', '2026-12-08', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      rows: { id: string; mode: string; rules: number; officialClauseCount?: number; standIn?: { id: string } }[];
      totals: { standards: number; decided: number; standIn: number; listed: number };
      national: { count: number };
    };
    const row = (id: string) => j.rows.find((x) => x.id === id);
    expect(row('aq-3067-2026-chem')).toMatchObject({ mode: 'stand-in', rules: 20, officialClauseCount: 53, standIn: { id: 'saws-2017-121-chem' } });
    expect(row('gb-35181-2025')).toMatchObject({ mode: 'stand-in', standIn: { id: 'gb-35181-2017' } });
    expect(row('saws-2017-121-fireworks')).toMatchObject({ mode: 'rules', rules: 20 });
    expect(row('miit-2024-234-civil-explosives')).toMatchObject({ mode: 'rules', rules: 16, officialClauseCount: 17 });
    expect(row('nbj-2022-7-farm-machinery')).toMatchObject({ mode: 'rules', rules: 6, officialClauseCount: 6 });
    expect(row('jtb-2024-67-inland-ships')).toMatchObject({ mode: 'metadata', rules: 0 });
    // Editions no longer in force are not in the table.
    for (const id of ['saws-2017-121-chem', 'mem-2020-4-coal', 'kan-2023-125-opencoal', 'jtb-2016-178-port-dangerous-goods', 'miit-2023-337-civil-explosives']) {
      expect(row(id)).toBeUndefined();
    }
    expect(j.totals.decided + j.totals.standIn + j.totals.listed).toBe(j.totals.standards);
    expect(j.national.count).toBe(67);
  });

  it('usage errors exit 2, never 1', () => {
    expect(runCli(['no-such-verb']).status).toBe(2);
    expect(runCli(['criteria', 'validate', '--no-such-flag']).status).toBe(2);
  });

  it('--version and --help exit 0', () => {
    const v = runCli(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(runCli(['--help']).status).toBe(0);
  });
});
