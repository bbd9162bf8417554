import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCriteria } from '../../src/criteria/load-criteria.js';
import { citationToClause } from '../../src/criteria/citation.js';
import { ROOT } from '../helpers.js';

const VOCAB = 'fixtures/criteria-valid/_vocabulary.yaml';

async function errorsOf(file: string) {
  const r = await loadCriteria([VOCAB, `fixtures/criteria-invalid/${file}`], { cwd: ROOT });
  expect(r.criteria).toBeUndefined();
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ code: d.code, line: d.location.line, col: d.location.col }));
}

describe('loadCriteria on broken files gives located errors', () => {
  it.each([
    ['duplicate-key.yaml', 'yaml-duplicate-key', 3, 1],
    ['tab-indent.yaml', 'yaml-tab-indent', 18, 1],
    ['bad-indent.yaml', 'yaml-syntax', 18, 15],
    ['unknown-key.yaml', 'schema-unknown-key', 28, 5],
    ['wrong-type.yaml', 'schema-pattern', 5, 12],
    ['bad-regex.yaml', 'regex-invalid', 37, 18],
    ['citation-mismatch.yaml', 'rule-id-citation-mismatch', 17, 9],
    ['unknown-concept.yaml', 'concept-unknown', 23, 17],
    ['empty.yaml', 'yaml-empty', 1, 1],
    ['not-utf8.yaml', 'yaml-encoding', 1, 1],
    ['alias-bomb.yaml', 'yaml-alias-bomb', 1, 1],
    ['missing-effective.yaml', 'effective-missing', 1, 5],
  ])('%s → %s at %d:%d', async (file, code, line, col) => {
    expect(await errorsOf(file)).toContainEqual({ code, line, col });
  });

  it('reports every schema problem of a file, not just the first', async () => {
    const codes = (await errorsOf('wrong-type.yaml')).map((e) => e.code);
    expect(codes).toEqual(['schema-pattern', 'schema-type']);
  });

  it('rejects a directory with no criteria', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-empty-'));
    const r = await loadCriteria([dir], { cwd: ROOT });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['criteria-none']);
  });

  it('loads the valid fixture set and hashes it', async () => {
    const r = await loadCriteria(['fixtures/criteria-valid'], { cwd: ROOT });
    expect(r.criteria?.standards.map((s) => s.id).sort()).toEqual(['mini-old', 'mini-std']);
    expect(r.criteria?.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('citationToClause', () => {
  it.each([
    ['第十二条第（二）项', 'article-item', '12.2'],
    ['第三条第（一）项', 'article-item', '3.1'],
    ['第十四条', 'article-item', '14'],
    ['第二十一条第（十三）项', 'article-item', '21.13'],
    ['第四项', 'item-list', '4'],
    ['（十二）', 'item-list', '12'],
    ['4.6 e)', 'gb-clause', '4.6.e'],
    ['5.1.3', 'gb-clause', '5.1.3'],
  ] as const)('%s → %s', (citation, structure, clause) => expect(citationToClause(citation, structure)).toBe(clause));
});
