import type { Location } from '../diagnostic.js';
import type { Engine } from './compile-engine.js';
import type { Decision } from './types.js';
import { positionOf, type YamlSource } from '../yaml/parse-yaml.js';
import type { Criteria, RuleExample } from '../criteria/types.js';

export interface ExampleOutcome {
  kind: 'hit' | 'miss';
  text: string;
  passed: boolean;
  /** What the engine said about this rule: full match, partial match, or nothing. */
  got: 'hit' | 'partial' | 'none';
  /** Evidence or missing elements, for the failure message. */
  detail: string;
  location: Location;
}

export interface RuleTestResult {
  ruleId: string;
  file: string;
  passed: boolean;
  examples: ExampleOutcome[];
}

export interface CriteriaTestResult {
  rules: RuleTestResult[];
  passed: number;
  failed: number;
  examples: number;
}

/** Run every rule's hit/miss examples through the real engine (Semgrep-style rule tests). */
export function testCriteria(criteria: Criteria, engine: Engine, sources: ReadonlyMap<string, YamlSource>): CriteriaTestResult {
  const rules: RuleTestResult[] = [];
  let examples = 0;
  for (const std of criteria.standards) {
    const src = sources.get(std.file);
    std.rules.forEach((rule, i) => {
      const outcomes: ExampleOutcome[] = [];
      for (const kind of ['hit', 'miss'] as const) {
        rule.examples[kind].forEach((ex, j) => {
          const e: RuleExample = typeof ex === 'string' ? { text: ex } : ex;
          const industry = e.industry ?? (std.scope === 'general' ? undefined : (rule.applies?.industries?.[0] ?? std.industries[0]?.name));
          const decision = engine.decide({ text: e.text, date: e.date ?? std.effective, ...(industry ? { industry } : {}) });
          const got = outcomeFor(decision, rule.id);
          const passed = kind === 'hit' ? got === 'hit' : got !== 'hit';
          const pos = src ? positionOf(src, ['rules', i, 'examples', kind, j]) : { line: 1, col: 1 };
          outcomes.push({ kind, text: e.text, passed, got, detail: detailFor(decision, rule.id), location: { file: std.file, ...pos } });
          examples++;
        });
      }
      rules.push({ ruleId: rule.id, file: std.file, passed: outcomes.every((o) => o.passed), examples: outcomes });
    });
  }
  const failed = rules.filter((r) => !r.passed).length;
  return { rules, passed: rules.length - failed, failed, examples };
}

function outcomeFor(d: Decision, ruleId: string): 'hit' | 'partial' | 'none' {
  if (d.matches.some((m) => m.ruleId === ruleId)) return 'hit';
  if (d.partial.some((m) => m.ruleId === ruleId)) return 'partial';
  return 'none';
}

function detailFor(d: Decision, ruleId: string): string {
  const m = d.matches.find((x) => x.ruleId === ruleId) ?? d.partial.find((x) => x.ruleId === ruleId);
  const parts: string[] = [];
  if (m) {
    if (m.evidence.length) parts.push(`命中：${m.evidence.map((e) => e.text).join('、')}`);
    if (m.missing.length) parts.push(`缺少：${m.missing.join('、')}`);
  }
  const others = d.matches.filter((x) => x.ruleId !== ruleId).map((x) => x.ruleId);
  if (others.length) parts.push(`同时命中：${others.join('、')}`);
  return parts.join('；') || '无任何关键词命中';
}
