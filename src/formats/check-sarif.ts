import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckResult, CheckedRow } from '../check/types.js';
import type { Diagnostic } from '../diagnostic.js';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help?: { text: string };
}

interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: unknown[];
  partialFingerprints: Record<string, string>;
}

export interface SarifOptions {
  /** Directory artifact URIs are relative to (the verb's working directory). */
  cwd?: string;
}

/**
 * An input path as a SARIF artifactLocation.uri (SARIF 2.1.0 §3.4.3, RFC 3986 uri-reference): relative to `cwd`
 * with forward slashes and each segment percent-encoded (汉字 and spaces included); a file outside `cwd` is a file:
 * URI.
 */
export function artifactUri(file: string, cwd?: string): string {
  if (cwd !== undefined && isAbsolute(file)) {
    const rel = relative(cwd, file);
    if (rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(file).href;
    file = rel;
  } else if (isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .split(sep === '\\' ? /[\\/]/ : '/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

const fingerprint = (...parts: readonly (string | number | undefined)[]): string =>
  createHash('sha256')
    .update(parts.map((p) => String(p ?? '')).join('\u0000'))
    .digest('hex')
    .slice(0, 32);

/**
 * SARIF 2.1.0 for code-scanning style CI: one result per finding (a row that meets a major-hazard clause, its
 * other clauses named in the message) and per diagnostic; rule help from the clause's guidance; a partial
 * fingerprint from file, sheet, row and description so a moved row is still the same result.
 */
export function formatCheckSarif(result: CheckResult, options: SarifOptions = {}): string {
  const rules = new Map<string, SarifRule>();
  const results: SarifResult[] = [];
  const location = (file: string, sheet: string | undefined, row: number | undefined, column?: string) => ({
    physicalLocation: { artifactLocation: { uri: artifactUri(file, options.cwd) }, ...(row !== undefined && row > 0 ? { region: { startLine: row } } : {}) },
    ...(sheet !== undefined ? { logicalLocations: [{ name: column ? `${sheet}!${column}${row ?? ''}` : `${sheet}!${row ?? ''}`, kind: 'sheet' }] } : {}),
  });
  const addDiagnostic = (d: Diagnostic, row?: CheckedRow): void => {
    if (d.severity === 'info') return;
    if (!rules.has(d.code)) rules.set(d.code, { id: d.code, name: d.code, shortDescription: { text: d.code } });
    results.push({
      ruleId: d.code,
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text: d.message },
      locations: [location(d.location.file, d.location.sheet, d.location.row, d.location.column)],
      partialFingerprints: { 'hazardDiagnostic/v1': fingerprint(d.code, d.location.file, d.location.sheet, d.location.row, d.location.column, row?.fields.description) },
    });
  };
  for (const d of result.diagnostics) addDiagnostic(d);
  for (const row of result.rows) {
    const [first, ...others] = row.matches;
    if (first !== undefined) {
      for (const m of row.matches) {
        if (!rules.has(m.ruleId)) {
          rules.set(m.ruleId, {
            id: m.ruleId,
            name: m.ruleId,
            shortDescription: { text: `${m.standardTitle} ${m.citation}` },
            fullDescription: { text: m.title },
            ...(m.guidance ? { help: { text: m.guidance } } : {}),
          });
        }
      }
      const also = others.length ? `；另符合：${others.map((m) => `${m.docNumber} ${m.citation}`).join('、')}` : '';
      results.push({
        ruleId: first.ruleId,
        level: row.grading === 'under-graded' ? 'error' : 'warning',
        message: { text: `重大事故隐患：${first.title}（${first.docNumber} ${first.citation}）；依据：${first.evidence.map((e) => e.text).join('、')}${also}` },
        locations: [location(row.file, row.sheet, row.row)],
        partialFingerprints: { 'hazardFinding/v1': fingerprint(row.file, row.sheet, row.fields.description ?? row.row) },
      });
    }
    for (const d of row.diagnostics) addDiagnostic(d, row);
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'hazard', fullName: 'hazard-toolkit 重大事故隐患判定', version: result.tool.version, rules: [...rules.values()] } },
        invocations: [
          {
            executionSuccessful: result.summary.filesUnreadable === 0,
            ...(result.summary.filesUnreadable > 0 ? { toolExecutionNotifications: [{ level: 'error', message: { text: `${result.summary.filesUnreadable} 个输入文件未能完整读取` } }] } : {}),
          },
        ],
        results,
        properties: { asOf: result.asOf, criteriaHash: result.criteria.hash, ...(result.config !== undefined ? { config: result.config } : {}) },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
