#!/usr/bin/env node
// The stock-parts pipeline `npm run bench` compares against (docs/bench-results.md): exceljs streaming reader →
// naive per-rule loop over the full criteria → exceljs streaming writer (styled). Usage: bench-baseline.js in.xlsx out.xlsx
import ExcelJS from 'exceljs';
import { loadCriteria } from '../dist/criteria/load-criteria.js';
import { compileEngine } from '../dist/rules/compile-engine.js';

const [input, output] = process.argv.slice(2);
const loaded = await loadCriteria(['criteria'], { cwd: process.cwd() });
if (!loaded.criteria) throw new Error('criteria invalid');
const engine = compileEngine(loaded.criteria, { asOf: '2024-12-31' });

const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: output, useStyles: true, useSharedStrings: false });
const sheet = writer.addWorksheet('隐患台账');
let header;
let rows = 0;
const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' });
for await (const ws of reader) {
  for await (const row of ws) {
    const values = (row.values ?? []).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? '' : String(v)));
    if (!header) {
      header = values;
      const out = sheet.addRow([...header, '判定结果', '判定依据']);
      out.font = { bold: true };
      out.commit();
      continue;
    }
    const desc = values[header.indexOf('隐患描述')] ?? '';
    const d = engine.decideNaive({ text: desc, industry: values[header.indexOf('所属行业')] ?? undefined });
    const out = sheet.addRow([...values, d.determination, d.matches.map((m) => `${m.docNumber} ${m.citation}`).join('；')]);
    out.alignment = { wrapText: true, vertical: 'top' };
    out.commit();
    rows++;
  }
}
sheet.commit();
await writer.commit();
console.log(JSON.stringify({ rows }));
