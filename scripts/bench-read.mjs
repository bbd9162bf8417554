#!/usr/bin/env node
// Reader benchmark (not part of npm test): generates a 100k-row findings workbook and CSV into
// .bench-data/ (kept between runs) and prints rows/s of src/io's readers against exceljs.
// Usage: npm run build && node scripts/bench-read.mjs [rows=100000] [reps=3]
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';

const require = createRequire(import.meta.url);
const ExcelJS = require('exceljs');
const { openWorkbook } = await import('../dist/io/workbook/open-workbook.js');

const ROWS = Number(process.argv[2] ?? 100_000);
const REPS = Number(process.argv[3] ?? 3);
const DIR = new URL('../.bench-data/', import.meta.url).pathname;
const XLSX = `${DIR}read-${ROWS}.xlsx`;
const CSV = `${DIR}read-${ROWS}.csv`;

const HEADERS = ['企业名称', '统一社会信用代码', '所属行业', '所在地', '隐患描述', '隐患等级', '发现日期', '检查来源',
  '整改措施', '整改责任人', '整改期限', '整改状态', '销号日期', '验收人', '备注'];
const WORDS = ['抽查时发现', '罐区', '消防沙箱', '数量不足', '排风扇', '记录不全', '存在中毒窒息风险', '经查', '冷库',
  '未定期校验', '液氨', '管道', '锈蚀', '安全阀', '未设置', '可燃气体报警', '应急预案', '未演练', '配电箱', '接地不良'];
const INDUSTRIES = ['危险化学品', '冶金', '有色', '建材', '机械', '轻工', '纺织', '烟草', '商贸'];
const PLACES = ['北京市朝阳区', '上海市浦东新区', '广东省深圳市', '江苏省苏州市', '浙江省宁波市', '山东省青岛市'];

function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* findings(n) {
  const rand = mulberry32(42);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  for (let i = 0; i < n; i++) {
    let description = '';
    while (description.length < 15 + rand() * 40) description += pick(WORDS);
    const found = new Date(Date.UTC(2024, 0, 1 + Math.floor(rand() * 365)));
    const due = new Date(found.getTime() + 30 * 86_400_000);
    const closed = rand() < 0.6 ? new Date(found.getTime() + Math.floor(rand() * 60) * 86_400_000) : null;
    yield [`示例企业${i % 20_000}有限公司`, `91110000${String(i % 20_000).padStart(10, '0')}`, pick(INDUSTRIES), pick(PLACES),
      description, rand() < 0.2 ? '重大隐患' : '一般隐患', found, pick(['企业自查', '执法检查', '专家会诊']),
      `立即整改：${pick(WORDS)}`, pick(['张三', '李四', '王五']), due, closed ? '已整改' : '整改中', closed, closed ? '赵六' : '',
      rand() < 0.1 ? '复查' : ''];
  }
}

async function generate() {
  mkdirSync(DIR, { recursive: true });
  if (!existsSync(XLSX)) {
    const t0 = performance.now();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: XLSX, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('隐患台账');
    ws.columns = HEADERS.map((header, i) => ({ header, key: String(i), style: [6, 10, 12].includes(i) ? { numFmt: 'yyyy-mm-dd' } : {} }));
    for (const values of findings(ROWS)) ws.addRow(values).commit();
    ws.commit();
    await wb.commit();
    console.log(`generated ${XLSX} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (!existsSync(CSV)) {
    const out = createWriteStream(CSV);
    const quote = (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : /[",\n]/.test(String(v ?? '')) ? `"${String(v).replace(/"/g, '""')}"` : String(v ?? ''));
    out.write(`\uFEFF${HEADERS.join(',')}\n`);
    for (const values of findings(ROWS)) {
      if (!out.write(`${values.map(quote).join(',')}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    console.log(`generated ${CSV}`);
  }
}

async function ours(file) {
  const wb = await openWorkbook(file);
  let rows = 0;
  for await (const batch of wb.sheets[0].rows()) rows += batch.length;
  return rows;
}

async function exceljsStream(file) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  let rows = 0;
  for await (const ws of reader) for await (const row of ws) if (row.values) rows++;
  return rows;
}

async function exceljsCsv(file) {
  const wb = new ExcelJS.Workbook();
  const ws = await wb.csv.readFile(file);
  return ws.actualRowCount;
}

async function csvParseStream(file) {
  let rows = 0;
  for await (const record of createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }))) if (record) rows++;
  return rows;
}

async function measure(label, fn, file) {
  const times = [];
  let rows = 0;
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    rows = await fn(file);
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(34)} ${String(rows).padStart(8)} rows  ${median.toFixed(2).padStart(6)} s  ${Math.round(rows / median).toLocaleString('en').padStart(9)} rows/s`);
}

await generate();
console.log(`median of ${REPS} reps, node ${process.version}`);
await measure('xlsx  hazard-toolkit src/io', ours, XLSX);
await measure('xlsx  exceljs stream.WorkbookReader', exceljsStream, XLSX);
await measure('csv   hazard-toolkit src/io', ours, CSV);
await measure('csv   csv-parse stream (baseline)', csvParseStream, CSV);
await measure('csv   exceljs csv.readFile', exceljsCsv, CSV);
