// Deterministic generator of realistic inspection workbooks for `npm run bench` (seeded mulberry32).
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { XlsxWorkbookWriter, STYLE } from '../dist/writers/xlsx-workbook.js';

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['1#车间', '2号生产线', '铸造车间', '抛丸打磨间', '冷库', '罐区', '配电室', '仓库', '污水处理站', '喷漆房', '锅炉房', '包装车间', '原料库', '3#楼施工现场', '装置区'];
const MAJORISH = [
  '布袋除尘器未设置泄爆装置',
  '除尘系统泄爆片缺失',
  '速冻间内同时作业{n}人',
  '污水井有限空间作业未经审批，无监护人',
  '熔炼炉冷却水未设置出水温度监测报警',
  '调漆间未设置可燃气体报警装置',
  '特种作业人员未持证上岗',
  '煤气管道排水器水封压力{k}kPa',
  '包装间空调采用氨直接蒸发制冷',
  '液氯钢瓶用蒸汽直接加热汽化',
];
const GENERAL = [
  '灭火器压力不足',
  '安全警示标志褪色',
  '消防通道堆放杂物',
  '配电箱门未关闭',
  '叉车司机操作证下月到期',
  '员工未正确佩戴安全帽',
  '插线板串接使用',
  '应急照明个别不亮',
  '临边防护栏杆松动',
  '岗位安全操作规程未上墙',
  '劳保用品发放记录不全',
  '地面有少量油污',
];
const STATUS = ['已整改', '整改中', '未整改', '已销号', '已验收', '已完成', '待整改', '逾期'];
const SOURCES = ['企业自查', '部门检查', '日常排查', '专项检查', '执法检查', '群众举报'];
const INDUSTRIES = ['机械制造', '冶金', '食品加工', '建材', '化工', '轻工', '纺织'];
const REGIONS = ['泰山区', '岱岳区', '肥城市', '新泰市', '宁阳县', '东平县'];
export const HEADERS = ['序号', '企业名称', '统一社会信用代码', '所属行业', '所属区县', '隐患部位', '隐患描述', '隐患等级', '发现日期', '隐患来源', '整改措施', '整改责任人', '整改期限', '整改情况', '整改完成日期', '销号日期', '验收人', '备注'];

function iso(d) {
  return d.toISOString().slice(0, 10);
}

/** One generated finding row, as cells (dates as {date}). */
export function makeRow(rand, i, orgs) {
  const org = orgs[Math.floor(rand() * orgs.length)];
  const major = rand() < 0.3;
  const tpl = (major ? MAJORISH : GENERAL)[Math.floor(rand() * (major ? MAJORISH.length : GENERAL.length))];
  const desc = tpl.replace('{n}', String(6 + Math.floor(rand() * 10))).replace('{k}', String(20 + Math.floor(rand() * 20)));
  const extra = rand() < 0.3 ? `，${GENERAL[Math.floor(rand() * GENERAL.length)]}` : '';
  const found = new Date(Date.UTC(2023, 0, 1) + Math.floor(rand() * 730) * 86400000);
  const due = new Date(found.getTime() + (7 + Math.floor(rand() * 60)) * 86400000);
  const status = STATUS[Math.floor(rand() * STATUS.length)];
  const done = /已/.test(status) ? new Date(found.getTime() + Math.floor(rand() * 80) * 86400000) : undefined;
  const closed = status === '已销号' && done ? new Date(done.getTime() + 5 * 86400000) : undefined;
  return [
    i + 1,
    org.name,
    org.uscc,
    org.industry,
    org.region,
    PLACES[Math.floor(rand() * PLACES.length)],
    `${desc}${extra}`,
    rand() < 0.8 ? (major ? (rand() < 0.5 ? '重大' : '一般') : '一般') : major ? '重大隐患' : '一般隐患',
    { date: iso(found) },
    SOURCES[Math.floor(rand() * SOURCES.length)],
    '立即组织整改，落实专人负责',
    ['张伟', '王芳', '李娜', '刘洋', '陈静'][Math.floor(rand() * 5)],
    { date: iso(due) },
    status,
    done ? { date: iso(done) } : null,
    closed ? { date: iso(closed) } : null,
    done ? '安全科' : null,
    null,
  ];
}

export function makeOrgs(rand, n) {
  const orgs = [];
  for (let i = 0; i < n; i++) {
    orgs.push({
      name: `${['泰安', '肥城', '新泰', '宁阳'][i % 4]}${['宏达', '鑫源', '华泰', '盛通', '恒瑞', '金鼎'][i % 6]}${['机械', '食品', '建材', '化工', '纺织'][i % 5]}有限公司${i}`,
      uscc: `91370900MA${String(100000 + i).padStart(7, '0')}X`.slice(0, 18),
      industry: INDUSTRIES[i % INDUSTRIES.length],
      region: REGIONS[i % REGIONS.length],
    });
  }
  return orgs;
}

export async function writeXlsx(path, rows, seed) {
  const rand = mulberry32(seed);
  const orgs = makeOrgs(rand, 2000);
  const out = createWriteStream(path);
  const done = new Promise((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  const wb = new XlsxWorkbookWriter(out, 1);
  let written = 0;
  let part = 0;
  while (written < rows) {
    part++;
    await wb.sheet({ name: part === 1 ? '隐患台账' : `隐患台账${part}`, widths: HEADERS.map(() => 12) }, async (s) => {
      await s.row(HEADERS.map((h) => ({ v: h, s: STYLE.header })));
      while (written < rows && s.rowCount < 1_048_576) {
        const cells = makeRow(rand, written, orgs);
        await s.row(cells.map((v) => ({ v, s: v && typeof v === 'object' ? STYLE.date : STYLE.default })));
        written++;
      }
    });
  }
  await wb.finish();
  out.end();
  await done;
}

export async function writeCsv(path, rows, seed, encoding) {
  const rand = mulberry32(seed);
  const orgs = makeOrgs(rand, 2000);
  const out = createWriteStream(path);
  const enc = (s) => (encoding === 'gb18030' ? iconv.encode(s, 'gb18030') : Buffer.from(s, 'utf8'));
  const put = (s) => (out.write(enc(s)) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  if (encoding === 'utf-8-bom') await put('\ufeff');
  await put(`${HEADERS.join(',')}\r\n`);
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const cells = makeRow(rand, i, orgs).map((v) => (v === null ? '' : typeof v === 'object' ? v.date : String(v)));
    buf += `${cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\r\n`;
    if (buf.length > 1 << 16) {
      await put(buf);
      buf = '';
    }
  }
  await put(buf);
  out.end();
  await new Promise((r) => out.on('close', r));
}

export async function writeBatch(dir, files, rowsEach, seed) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) await writeXlsx(join(dir, `client-${String(i).padStart(3, '0')}.xlsx`), rowsEach, seed + i);
}
