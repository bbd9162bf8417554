#!/usr/bin/env node
// Writes fixtures/workbooks/: real-shaped layouts and broken inputs for the `hazard check` golden tests.
// Deterministic; the files are committed, re-run after editing.
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

const dir = 'fixtures/workbooks';
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** A 统一社会信用代码 with a correct GB 32100 check character. */
const uscc = (first17) => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  return first17 + USCC_ALPHABET[(31 - (sum % 31)) % 31];
};
const d = (s) => new Date(`${s}T00:00:00Z`);

// Byte-identical fixtures on every run: exceljs stamps docProps with the current time and every zip entry with the
// current DOS time, so both are fixed here (workbook dates set, zip header times patched to 2024-01-01 00:00).
const FIXED = new Date('2024-01-01T00:00:00Z');
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;
function fixZipTimes(buf) {
  for (let i = 0; i + 4 <= buf.length; i++) {
    const sig = buf.readUInt32LE(i);
    if (sig === 0x04034b50 && i + 14 <= buf.length) {
      buf.writeUInt16LE(DOS_TIME, i + 10);
      buf.writeUInt16LE(DOS_DATE, i + 12);
    } else if (sig === 0x02014b50 && i + 16 <= buf.length) {
      buf.writeUInt16LE(DOS_TIME, i + 12);
      buf.writeUInt16LE(DOS_DATE, i + 14);
    }
  }
  return buf;
}
async function save(wb, path) {
  wb.created = FIXED;
  wb.modified = FIXED;
  wb.lastPrinted = FIXED;
  writeFileSync(path, fixZipTimes(Buffer.from(await wb.xlsx.writeBuffer())));
}

// 1. Regulator list (区县 level): title, two-row grouped header with merged cells, 挂牌督办, several enterprises.
{
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('重大隐患清单');
  ws.addRow(['肥城市重大事故隐患排查整治情况表']);
  ws.mergeCells('A1:P1');
  ws.addRow(['序号', '企业名称', '统一社会信用代码', '所属区县', '所属行业', '隐患基本情况（简述）', '隐患等级', '排查日期', '五落实情况', '', '', '', '', '是否挂牌督办', '督办级别', '整改状态']);
  ws.addRow(['', '', '', '', '', '', '', '', '责任人', '措施', '资金(万元)', '时限', '预案', '', '', '']);
  for (const col of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'N', 'O', 'P']) ws.mergeCells(`${col}2:${col}3`);
  ws.mergeCells('I2:M2');
  const rows = [
    ['泰安鑫源化工有限公司', uscc('91370983MA3C4XY21'), '肥城市', '危险化学品生产', '液氨储罐区未设置紧急切断装置', '重大', d('2024-03-12'), '张伟', '增设紧急切断阀并联锁', 15, d('2024-06-30'), '制定液氨泄漏专项预案', '是', '市级', '已销号'],
    ['肥城宏达机械有限公司', uscc('91370983MA3D5AB22'), '肥城市', '机械制造', '抛丸除尘器泄爆片缺失', '一般', d('2024-05-20'), '李强', '安装泄爆片', '', d('2024-06-20'), '', '否', '', '已整改'],
    ['肥城盛通食品有限公司', '91370983MA3E6DEF3M', '老城街道', '食品加工', '速冻间同时作业15人', '重大', '2024年7月8日', '王芳', '', 2, '长期', '', '是', '县级', '整改中'],
    ['肥城恒瑞建材有限公司', '913709836', '仪阳街道', '水泥制造', '煤磨袋式收尘器未设置温度监测和一氧化碳监测', '重大', '2024.9.1', '刘洋', '加装监测', 6, '2024.12.31', '落实临时管控', '否', '', '未整改'],
  ];
  rows.forEach((r, i) => ws.addRow([i + 1, ...r]));
  ws.addRow(['合计', '', '', '', '', '4项']);
  ws.addRow(['填表人：赵敏', '', '', '', '审核人：孙立']);
  ws.getColumn(8).numFmt = 'yyyy-mm-dd';
  ws.getColumn(12).numFmt = 'yyyy-mm-dd';
  await save(wb, `${dir}/regulator-grouped-header.xlsx`);
}

// 2. Dates in every form, serial numbers as plain numbers, relative deadlines, 1904 system in a second file.
const messyRows = [
  ['隐患编号', '隐患描述', '隐患等级', '发现日期', '整改期限', '整改情况', '整改完成日期'],
  ['A-01', '配电箱门未关闭', '一般', 45356, '7天', '已整改', 45358],
  ['A-02', '灭火器压力不足', '一般', '2024/3/5', '1个月内', '整改中', ''],
  ['A-03', '消防通道堆放杂物', '一般', '2024.3.5', '立即', '已完成', '2024.3.5'],
  ['A-04', '应急照明不亮', '一般', '2024年3月5日', '限期三十日', '已整改', '2024年3月20号'],
  ['A-05', '临边防护缺失', '一般', '20240305', '2024-04-30', '待验收', '20240410'],
  ['A-06', '插线板串接', '一般', '２０２４年３月５日', '长期', '未整改', ''],
  ['A-07', '叉车无证驾驶', '重大', '2024-03-05 10:12:12', '待定', '整改中', ''],
  ['A-08', '岗位规程未上墙', '一般', '去年春天', '2024-02-30', '已整改', ''],
  ['A-09', '安全帽未系带', '较大', '3月5日', '2周内', '已销号', '2024-03-06'],
];
{
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('日期');
  for (const r of messyRows) ws.addRow(r);
  await save(wb, `${dir}/dates-and-deadlines.xlsx`);
  const wb4 = new ExcelJS.Workbook();
  wb4.properties.date1904 = true;
  const ws4 = wb4.addWorksheet('台账');
  ws4.addRow(['隐患描述', '隐患等级', '发现日期', '整改期限']);
  ws4.addRow(['灭火器过期', '一般', d('2024-03-05'), d('2024-03-12')]);
  ws4.getColumn(3).numFmt = 'yyyy-mm-dd';
  ws4.getColumn(4).numFmt = 'yyyy-mm-dd';
  await save(wb4, `${dir}/date1904.xlsx`);
}

// 3. The same small ledger as GBK CSV, UTF-8-BOM CSV and UTF-16LE CSV.
{
  const lines = [
    ['单位名称', '隐患部位', '隐患描述', '隐患等级', '发现日期', '整改期限', '整改情况', '整改完成日期', '所属行业'],
    ['泰安华泰纺织有限公司', '印染车间', '保险粉与双氧水混存', '一般', '2024-05-06', '2024-05-20', '已整改', '2024-05-18', '纺织印染'],
    ['泰安华泰纺织有限公司', '定型机', '定型机导热油炉与生产车间未隔离', '重大', '2024-05-06', '2024-08-31', '整改中', '', '纺织印染'],
    ['泰安华泰纺织有限公司', '仓库', '"货架,超高"堆放', '一般', '2024-05-07', '3天', '未整改', '', '纺织印染'],
  ];
  const text = lines.map((r) => r.map((c) => (c.includes(',') && !c.startsWith('"') ? `"${c}"` : c)).join(',')).join('\r\n') + '\r\n';
  writeFileSync(`${dir}/ledger-gbk.csv`, iconv.encode(text, 'gbk'));
  writeFileSync(`${dir}/ledger-utf8-bom.csv`, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  writeFileSync(`${dir}/ledger-utf16le.csv`, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]));
}

// 4. Formulas with cached values, a hidden sheet, 10 000 empty styled rows at the end, a notes sheet.
{
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['隐患描述', '隐患等级', '发现日期', '整改期限', '整改情况', '整改资金（元）']);
  ws.addRow(['除尘器泄爆口朝向人员通道', '一般', d('2024-06-01'), d('2024-06-15'), '已整改', { formula: '100*2', result: 200 }]);
  ws.addRow([{ formula: 'CONCATENATE("粉尘","清理不及时")', result: '粉尘清理不及时' }, '一般', d('2024-06-02'), d('2024-06-09'), '整改中', 0]);
  ws.getColumn(3).numFmt = 'yyyy-mm-dd';
  ws.getColumn(4).numFmt = 'yyyy-mm-dd';
  for (let r = 4; r < 10_004; r++) ws.getCell(`A${r}`).border = { bottom: { style: 'thin' } };
  const hidden = wb.addWorksheet('上月台账');
  hidden.state = 'hidden';
  hidden.addRow(['隐患描述', '隐患等级', '发现日期', '整改期限']);
  hidden.addRow(['有限空间未设置警示标识', '一般', '2024-05-01', '2024-05-10']);
  const notes = wb.addWorksheet('说明');
  notes.addRow(['本表由安全科每月更新']);
  await save(wb, `${dir}/formulas-hidden-emptyrows.xlsx`);
}

// 5. A workbook with no recognisable header anywhere; broken and disguised files.
{
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['会议纪要']);
  ws.addRow(['时间', '2024年5月']);
  ws.addRow(['参会人', '张三、李四']);
  await save(wb, `${dir}/no-header.xlsx`);
  const good = await new ExcelJS.Workbook().xlsx; // placeholder to keep ordering obvious
  void good;
  writeFileSync(`${dir}/empty.xlsx`, Buffer.alloc(0));
  writeFileSync(`${dir}/not-a-zip.xlsx`, Buffer.from('这不是一个xlsx文件，只是文本。\n'));
  writeFileSync(`${dir}/csv-named.xlsx`, Buffer.from('\ufeff隐患描述,隐患等级,发现日期,整改期限\n配电箱未接地,一般,2024-01-02,2024-01-09\n', 'utf8'));
  // OLE2 compound-file magic: what an encrypted (password-protected) xlsx or a legacy .xls starts with.
  const ole = Buffer.alloc(1024);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
  writeFileSync(`${dir}/encrypted.xlsx`, ole);
}
// 6. Regulator summary with 单位名称 / 所属行业 merged down over each enterprise's rows (the value sits in the top cell
//    only), a horizontally merged title and a merged description across two columns in a data row.
{
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('汇总');
  ws.mergeCells('A1:I1');
  ws.getCell('A1').value = 'XX区2024年3月重大事故隐患排查情况汇总表';
  ws.getRow(2).values = ['序号', '单位名称', '所属行业', '隐患描述', '', '隐患等级', '发现日期', '整改期限', '整改情况'];
  ws.mergeCells('D2:E2');
  const data = [
    ['甲机械有限公司', '机械', '布袋除尘器未设置泄爆装置', '一般', '2024-03-01', '2024-03-31', '已整改'],
    [null, null, '灭火器压力不足', '一般', '2024-03-01', '2024-03-10', '已整改'],
    [null, null, '有限空间作业无监护人', '一般', '2024-03-01', '2024-03-05', '未整改'],
    ['乙食品有限公司', '食品', '速冻间作业人员12人', '一般', '2024-03-02', '2024-04-01', '整改中'],
    [null, null, '配电箱未接地', '一般', '2024-03-02', '2024-03-20', '已整改'],
    ['丙化工有限公司', '化工', '动火作业未办理作业票', '一般', '2024-03-03', '2024-03-04', '已整改'],
  ];
  data.forEach(([org, ind, desc, ...rest], i) => {
    ws.getRow(i + 3).values = [i + 1, org, ind, desc, '', ...rest];
    ws.mergeCells(`D${i + 3}:E${i + 3}`);
  });
  ws.mergeCells('B3:B5');
  ws.mergeCells('C3:C5');
  ws.mergeCells('B6:B7');
  ws.mergeCells('C6:C7');
  await save(wb, `${dir}/merged-down.xlsx`);
}
console.log('fixtures written');
