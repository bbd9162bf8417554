#!/usr/bin/env node
// Folder-level import graph of src/ (dependency-cruiser's module graph, grouped by folder): fails on any cycle
// between folders, and prints the graph with --print. Run by `npm run lint:deps`.
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';

const out = execFileSync('npx', ['depcruise', 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
const { modules } = JSON.parse(out);
// program.ts and cli.ts are the face (with commands/); errors.ts and diagnostic.ts are shared by every layer ('.').
const folder = (p) => {
  if (/^src\/(program|cli)\.ts$/.test(p)) return 'commands';
  const d = dirname(p).replace(/^src\/?/, '') || '.';
  return d.startsWith('io/') ? d : d.split('/')[0];
};
const edges = new Map();
for (const m of modules) {
  if (!m.source.startsWith('src/')) continue;
  const from = folder(m.source);
  for (const d of m.dependencies) {
    if (!d.resolved.startsWith('src/')) continue;
    const to = folder(d.resolved);
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
  }
}
// Tarjan's strongly connected components.
let index = 0;
const idx = new Map(), low = new Map(), stack = [], on = new Set(), sccs = [];
const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])]);
function visit(v) {
  idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
    if (c.length > 1) sccs.push(c);
  }
}
for (const v of [...nodes].sort()) if (!idx.has(v)) visit(v);
if (process.argv.includes('--print')) for (const [f, t] of [...edges].sort()) console.log(`${f} → ${[...t].sort().join(', ')}`);
if (sccs.length) {
  for (const c of sccs) console.error(`folder cycle: ${c.sort().join(' ↔ ')}`);
  process.exit(1);
}
console.log(`folder graph of src/: ${nodes.size} folders, no cycles`);
