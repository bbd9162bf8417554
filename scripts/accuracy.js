#!/usr/bin/env node
// npm run accuracy: precision/recall of the engine on the labelled benchmark in fixtures/accuracy/ (not the rule examples).
// Usage: node scripts/accuracy.js [--standard <id>] [--json] [--criteria <dir>] [--no-fail]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCriteria } from '../dist/criteria/load-criteria.js';
import { compileEngine } from '../dist/rules/compile-engine.js';
import { measureAccuracy } from '../dist/rules/measure-accuracy.js';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = flag('--standard');
const criteriaDir = flag('--criteria') ?? 'criteria';
const TARGET = { clauseRecall: 0.95, precision: 0.97 };

const loaded = await loadCriteria([criteriaDir], { cwd: process.cwd() });
if (!loaded.criteria) {
  for (const d of loaded.diagnostics.filter((x) => x.severity === 'error')) console.error(`${d.location.file}:${d.location.line}:${d.location.col}  ${d.code}  ${d.message}`);
  process.exit(2);
}
const effective = new Map(loaded.criteria.standards.map((s) => [s.id, s.effective]));
const engine = compileEngine(loaded.criteria, { asOf: new Date().toISOString().slice(0, 10) });
const dir = 'fixtures/accuracy';
const items = [];
for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  const set = name.replace(/\.ya?ml$/, '');
  if (only && set !== only) continue;
  const list = parse(readFileSync(join(dir, name), 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${name}: expected a YAML list`);
  for (const it of list) {
    // Undated items are judged under the edition the set is about.
    const date = it.date ? String(it.date) : effective.get(set);
    items.push({ text: String(it.text), expect: String(it.expect), ...(it.industry ? { industry: String(it.industry) } : {}), ...(date ? { date } : {}), set });
  }
}
const report = measureAccuracy(items, engine);
const pct = (x) => (x === null ? '/' : `${(x * 100).toFixed(1)}%`);
if (args.includes('--json')) {
  console.log(JSON.stringify({ overall: report.overall, bySet: Object.fromEntries(report.bySet), misses: report.misses }, null, 2));
} else {
  const rows = [...report.bySet.entries(), ['合计', report.overall]];
  console.log('| 基准集 | 条数 | 重大/非重大 | 判定精确率 | 判定召回率 | 条款召回率 | 条款精确率 | 误判为重大 |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [set, s] of rows) {
    console.log(`| ${set} | ${s.items} | ${s.positives}/${s.negatives} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.clauseRecall)} | ${pct(s.clausePrecision)} | ${s.falsePositives} |`);
  }
  if (report.misses.length) {
    console.log(`\n未判对的 ${report.misses.length} 条：`);
    for (const m of report.misses) {
      console.log(`- [${m.set}] 「${m.text}」 期望 ${m.expect}，实际 ${m.determination}${m.got.length ? ` ${m.got.join(',')}` : ''}${m.partial.length ? `（部分：${m.partial.join(',')}）` : ''}`);
    }
  }
}
const o = report.overall;
const met = (o.clauseRecall ?? 0) >= TARGET.clauseRecall && (o.precision ?? 0) >= TARGET.precision;
if (!args.includes('--json')) console.log(`\n目标：条款召回率 ≥ 95%，精确率 ≥ 97% —— ${met ? '达标' : '未达标'}`);
if (!met && !args.includes('--no-fail')) process.exitCode = 1;
