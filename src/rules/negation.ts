/**
 * Absence and failure as inspectors write them. 令10号第十四条 and GB 45067 ("缺失或失效") treat a failed
 * device as an absent one, so failure words count as negation too.
 */
const PRE_NEGATORS = ['未按规定', '未设置', '未安装', '未配备', '未配置', '不具备', '没有', '缺少', '未', '无', '缺', '不能', '无法', '不按', '没'];
// 没 as a verb prefix (没装、没设、没配) is colloquial negation, but not inside 淹没/埋没/出没/隐没/湮没/沉没/吞没.
const NOT_NEGATING_MEI = /[淹埋出隐湮沉吞]没/u;
const POST_NEGATORS = [
  '缺失',
  '没有',
  '没装',
  '没设',
  '没配',
  '未装',
  '失效',
  '损坏',
  '损毁',
  '未设',
  '未安装',
  '未配备',
  '未配置',
  '未联锁',
  '未连锁',
  '未接入',
  '未启用',
  '未投用',
  '未投入',
  '未开启',
  '未运行',
  '未正常',
  '不正常',
  '停用',
  '拆除',
  '摘除',
  '旁路',
  '被关闭',
  '关闭',
  '故障',
  '失灵',
  '不全',
  '缺少',
  '不足',
  '不能',
  '无法',
  '无效',
  '不起作用',
  '未检测',
  '未开展',
  '未落实',
  '未执行',
  '未审批',
  '未办理',
  '未经',
  '未进行',
  '未按',
  '未取得',
  '未持',
  '未设立',
  '未建立',
  '未辨识',
  '未配',
  '不合格',
  '过期',
];

// Negation never reaches across a clause: 除尘器无积灰，泄爆片完好 must not read as 无泄爆.
const CLAUSE_BREAK = /[,，。;；!！?？\n]/u;
const WINDOW = 8;

/** Is the term at [start, end) in normalised text negated (未设置X, 无X, X缺失, X失效…)? Returns the cue. */
export function negationAt(text: string, start: number, end: number): string | undefined {
  let before = text.slice(Math.max(0, start - WINDOW), start);
  const cut = lastBreak(before);
  if (cut >= 0) before = before.slice(cut + 1);
  for (const cue of PRE_NEGATORS) {
    if (!before.includes(cue)) continue;
    if (cue === '没' && !hasNegatingMei(before)) continue;
    return cue;
  }
  let after = text.slice(end, end + WINDOW);
  const stop = after.search(CLAUSE_BREAK);
  if (stop >= 0) after = after.slice(0, stop);
  for (const cue of POST_NEGATORS) if (after.includes(cue)) return cue;
  return undefined;
}

function hasNegatingMei(s: string): boolean {
  for (let i = s.indexOf('没'); i >= 0; i = s.indexOf('没', i + 1)) {
    if (!NOT_NEGATING_MEI.test(s.slice(Math.max(0, i - 1), i + 1))) return true;
  }
  return false;
}

function lastBreak(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) if (CLAUSE_BREAK.test(s.charAt(i))) return i;
  return -1;
}
