#!/usr/bin/env node
// npm run accuracy: precision/recall of the engine on the labelled benchmark in fixtures/accuracy/ (not the rule examples).
// Usage: node scripts/accuracy.js [--standard <id>] [--json] [--criteria <dir>] [--no-fail]
//        node scripts/accuracy.js --blind NN [--first-sight] [--misses]   one blind batch (fixtures/accuracy/blind/NN-*.tsv);
//          --first-sight appends its figures to fixtures/accuracy/blind/LOG.md (once per batch, before any fix).
//        node scripts/accuracy.js --blind all                              every blind batch at the current code.
import { execSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCriteria } from '../dist/criteria/load-criteria.js';
import { compileEngine } from '../dist/rules/compile-engine.js';
import { measureAccuracy, measureBlind, parseBlindTsv } from '../dist/rules/measure-accuracy.js';

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
if (flag('--blind')) {
  blind(flag('--blind'));
  process.exit(process.exitCode ?? 0);
}
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

function blind(which) {
  const dir = 'fixtures/accuracy/blind';
  const files = readdirSync(dir).filter((f) => /^\d\d-.*\.tsv$/.test(f)).sort();
  const chosen = which === 'all' ? files : files.filter((f) => f.startsWith(`${String(which).padStart(2, '0')}-`));
  if (chosen.length === 0) {
    console.error(`没有找到盲测批次 ${which}（${dir}/NN-*.tsv）`);
    process.exit(2);
  }
  const pct = (a, b) => (b === 0 ? '/' : `${((a / b) * 100).toFixed(1)}%`);
  const line = (name, s) =>
    `| ${name} | ${s.rows} | ${s.positives}/${s.negatives} | ${pct(s.standardHits, s.positives)} | ${pct(s.clauseHits, s.positives)} | ${s.falseMajors} (${pct(s.falseMajors, s.negatives)}) | ${pct(s.reviewHits, s.positives)} | ${pct(s.negativesToReview, s.negatives)} |`;
  const head = ['| 批次 | 行数 | 正例/近似负例 | 标准召回 | 条款准确 | 负例判为重大 | 复核召回 | 负例→待核实 |', '|---|---|---|---|---|---|---|---|'];
  const out = [...head];
  const detail = [];
  for (const f of chosen) {
    const items = parseBlindTsv(readFileSync(join(dir, f), 'utf8'), f);
    const r = measureBlind(items, engine);
    out.push(line(f.replace(/\.tsv$/, ''), r.overall));
    detail.push({ f, r });
  }
  console.log(out.join('\n'));
  for (const { f, r } of detail) {
    if (chosen.length === 1) {
      console.log(`\n按标准（正例按期望条款所属标准；近似负例单列）：`);
      console.log(head.join('\n').replace('批次', '标准'));
      for (const [std, s] of [...r.byStandard.entries()].sort()) console.log(line(std, s));
    }
    if (args.includes('--misses')) {
      console.log(`\n${f} 未判对：`);
      for (const x of r.rows.filter((y) => !y.ok)) {
        const want = x.item.expect.length ? x.item.expect.join('|') : 'not-major';
        console.log(`- 「${x.item.text}」〔${x.item.industry ?? ''} ${x.item.date ?? ''}〕 期望 ${want}，实际 ${x.determination}${x.got.length ? ' ' + x.got.join(',') : ''}${x.partial.length ? `（部分：${x.partial.join(',')}）` : ''}${x.candidates.length ? `（候选：${x.candidates.join(',')}）` : ''}`);
      }
    }
  }
  if (args.includes('--first-sight')) {
    if (chosen.length !== 1) {
      console.error('--first-sight 只能用于单个批次');
      process.exit(2);
    }
    const log = join(dir, 'LOG.md');
    const name = chosen[0].replace(/\.tsv$/, '');
    if (existsSync(log) && readFileSync(log, 'utf8').includes(`## ${name} `)) {
      console.error(`${name} 的首见结果已记录在 LOG.md，不再追加（LOG.md 只追加，不改写）`);
      process.exit(2);
    }
    let commit = 'unknown';
    try {
      commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
      if (execSync('git status --porcelain src criteria', { encoding: 'utf8' }).trim() !== '') commit += '+未提交改动';
    } catch {}
    const { r } = detail[0];
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const entry = [`\n## ${name} — 首见 ${when} UTC，代码 ${commit}，${engine.ruleCount} 条规则\n`, ...head, line(name, r.overall), '', '按标准：', '', ...head.map((h) => h.replace('批次', '标准')), ...[...r.byStandard.entries()].sort().map(([std, s]) => line(std, s)), ''];
    appendFileSync(log, entry.join('\n'));
    console.log(`\n已追加到 ${log}`);
  }
}
