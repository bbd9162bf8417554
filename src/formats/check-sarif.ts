import type { CheckResult } from '../check/types.js';
import type { Diagnostic } from '../diagnostic.js';

interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: unknown[];
}

/** SARIF 2.1.0 for code-scanning style CI: one result per major finding, mis-grading and diagnostic. */
export function formatCheckSarif(result: CheckResult): string {
  const rules = new Map<string, { id: string; name: string; shortDescription: { text: string }; fullDescription?: { text: string } }>();
  const results: SarifResult[] = [];
  const location = (file: string, sheet: string | undefined, row: number | undefined, column?: string) => ({
    physicalLocation: { artifactLocation: { uri: file }, ...(row !== undefined ? { region: { startLine: row } } : {}) },
    ...(sheet !== undefined ? { logicalLocations: [{ name: column ? `${sheet}!${column}${row ?? ''}` : `${sheet}!${row ?? ''}`, kind: 'sheet' }] } : {}),
  });
  const addDiagnostic = (d: Diagnostic): void => {
    if (d.severity === 'info') return;
    if (!rules.has(d.code)) rules.set(d.code, { id: d.code, name: d.code, shortDescription: { text: d.code } });
    results.push({
      ruleId: d.code,
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text: d.message },
      locations: [location(d.location.file, d.location.sheet, d.location.row, d.location.column)],
    });
  };
  for (const d of result.diagnostics) addDiagnostic(d);
  for (const row of result.rows) {
    for (const m of row.matches) {
      if (!rules.has(m.ruleId)) {
        rules.set(m.ruleId, { id: m.ruleId, name: m.ruleId, shortDescription: { text: `${m.standardTitle} ${m.citation}` }, fullDescription: { text: m.title } });
      }
      results.push({
        ruleId: m.ruleId,
        level: row.grading === 'under-graded' ? 'error' : 'warning',
        message: { text: `重大事故隐患：${m.title}（${m.docNumber} ${m.citation}）；依据：${m.evidence.map((e) => e.text).join('、')}` },
        locations: [location(row.file, row.sheet, row.row)],
      });
    }
    for (const d of row.diagnostics) addDiagnostic(d);
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'hazard', version: result.tool.version, informationUri: 'https://hazard-toolkit.dev', rules: [...rules.values()] } },
        results,
        properties: { asOf: result.asOf, criteriaHash: result.criteria.hash, ...(result.config !== undefined ? { config: result.config } : {}) },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
