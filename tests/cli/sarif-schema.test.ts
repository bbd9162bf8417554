/**
 * SARIF output validated against the official OASIS SARIF 2.1.0 schema (schema/vendor/, draft-04; read by ajv as
 * draft-07 with its `id` as `$id`), formats included: artifactLocation.uri must be an RFC 3986 uri-reference.
 */
import { mkdtempSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { artifactUri } from '../../src/formats/check-sarif.js';
import { ROOT, runCli } from '../helpers.js';

const GONGMAO = ['--criteria', ...['criteria/_vocabulary.yaml', 'criteria/_vocab-gongmao.yaml', 'criteria/mem-2023-10.yaml'].map((p) => join(ROOT, p))];

// RFC 3986: unreserved, sub-delims, ':' '@' '/' '?' '#', and percent-encoded octets only.
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;

function sarifValidator() {
  const raw: unknown = JSON.parse(readFileSync(join(ROOT, 'schema/vendor/sarif-schema-2.1.0.json'), 'utf8'));
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) throw new Error('not the SARIF schema');
  const { id, $schema: _draft04, ...rest } = raw as { id: string; $schema: string } & Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', URI);
  ajv.addFormat('uri-reference', URI_REFERENCE);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/);
  return ajv.compile({ ...rest, $id: id });
}

interface Sarif {
  runs: {
    tool: { driver: { informationUri?: string; rules: { id: string; help?: { text: string } }[] } };
    invocations: { executionSuccessful: boolean }[];
    results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  }[];
}

describe('SARIF 2.1.0', () => {
  const validate = sarifValidator();

  it('the demo, read from a directory with 汉字 and spaces in its name, is valid against the official schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard sarif 台账-'));
    copyFileSync(join(ROOT, 'fixtures/demo/示例企业隐患排查台账.xlsx'), join(dir, '示例 企业台账.xlsx'));
    copyFileSync(join(ROOT, 'fixtures/workbooks/not-a-zip.xlsx'), join(dir, '坏文件.xlsx'));
    const r = runCli(['check', '示例 企业台账.xlsx', join(dir, '坏文件.xlsx'), '--as-of', '2024-12-31', '--format', 'sarif', '--fail-on', 'never', '--no-config', ...GONGMAO], { cwd: dir });
    const sarif: unknown = JSON.parse(r.stdout);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const run = (sarif as Sarif).runs[0];
    if (!run) throw new Error('no run');
    const uris = new Set(run.results.map((x) => x.locations[0]?.physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(['%E5%9D%8F%E6%96%87%E4%BB%B6.xlsx', '%E7%A4%BA%E4%BE%8B%20%E4%BC%81%E4%B8%9A%E5%8F%B0%E8%B4%A6.xlsx']);
    expect(run.tool.driver.informationUri).toBeUndefined();
    expect(run.invocations[0]?.executionSuccessful).toBe(false);
    expect(run.results.every((x) => Object.keys(x.partialFingerprints).length === 1)).toBe(true);
    // One result per finding: no (ruleId, location) repeats, and clause rules carry their guidance as help.
    const findings = run.results.filter((x) => x.ruleId.includes('/'));
    expect(new Set(findings.map((x) => Object.values(x.partialFingerprints)[0])).size).toBe(findings.length);
    const clauseRules = run.tool.driver.rules.filter((x) => x.id.includes('/'));
    expect(clauseRules.length).toBeGreaterThan(0);
    expect(clauseRules.every((x) => (x.help?.text ?? '').length > 0)).toBe(true);
  });

  it('artifact URIs: relative, forward slashes, percent-encoded; outside the working directory a file: URI', () => {
    expect(artifactUri('/data/台账/a b.xlsx', '/data')).toBe('%E5%8F%B0%E8%B4%A6/a%20b.xlsx');
    expect(artifactUri('/elsewhere/x.xlsx', '/data')).toBe('file:///elsewhere/x.xlsx');
    expect(artifactUri('fixtures/demo/x#1.xlsx')).toBe('fixtures/demo/x%231.xlsx');
  });
});
