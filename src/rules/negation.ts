/**
 * Absence and failure as inspectors write them — the defect grammar every `lacks` node uses.
 *
 * 令第10号 第十四条 and GB 45067-2024 4.x ("缺失或失效") treat a failed, removed, bypassed or switched-off device as an
 * absent one, so every such predicate counts as negation: 未设置X, 无X, X缺失, X失效, X坏了, X不好使, X被拆了,
 * X被塑料布包着, X跳线, X没人盯, X从来没做过, X还在走流程, X过期. A negation does not reach across a sentence break,
 * except that a short trailing clause which is only a predicate (漏电保护，试了一下，不跳) still belongs to the subject
 * before it. A record, label or signature between the subject and the predicate (调校记录签字不全, 检定报告过期) makes it
 * a paperwork problem, not a missing device: that is not a negation of the subject.
 */
const PRE_NEGATORS = [
  '未按规定',
  '未设置',
  '未安装',
  '未配备',
  '未配置',
  '不具备',
  '没有',
  '缺少',
  '从来没',
  '从没',
  '从未',
  '一直没',
  '一直未',
  '未曾',
  '没人',
  '无人',
  '擅自拆除',
  '私自拆除',
  '拆除了',
  '拆了',
  '拆掉',
  '去掉',
  '取消了',
  '关闭了',
  '关掉',
  '关了',
  '停用了',
  '屏蔽了',
  '短接了',
  '甩掉',
  '未',
  '无',
  '缺',
  '不能',
  '无法',
  '不按',
  '没',
];
// 没 as a verb prefix (没装、没设、没配) is colloquial negation, but not inside 淹没/埋没/出没/隐没/湮没/沉没/吞没.
const NOT_NEGATING_MEI = /[淹埋出隐湮沉吞]没/u;

const POST_NEGATORS = [
  '缺失',
  '没有',
  '没装',
  '没设',
  '没配',
  '没接',
  '没开',
  '没做',
  '没搞',
  '没弄',
  '没修',
  '没用',
  '没人',
  '没反应',
  '未装',
  '失效',
  '失去作用',
  '损坏',
  '损毁',
  '人为关闭',
  '人为屏蔽',
  '坏了',
  '坏掉',
  '已坏',
  '坏的',
  '都坏',
  '全坏',
  '不好使',
  '不好用',
  '不管用',
  '不灵',
  '不动作',
  '不起作用',
  '不响',
  '不报警',
  '不跳',
  '不断电',
  '不停',
  '不闭锁',
  '未自动启动',
  '没自动启动',
  '不启动',
  '起不来',
  '打不着',
  '未关断',
  '没关断',
  '不关断',
  '断开',
  '缠裹',
  '缠住',
  '裹住',
  '捆死',
  '绑死',
  '锈死',
  '卡死',
  '甩掉',
  '甩开',
  '停不下',
  '不断开',
  '不切断',
  '不能切断',
  '未设',
  '未安装',
  '未配备',
  '未配置',
  '未联锁',
  '未连锁',
  '没联锁',
  '未接入',
  '未启用',
  '未投用',
  '未投入',
  '未开启',
  '未运行',
  '未正常',
  '未修',
  '不正常',
  '停用',
  '停运',
  '停了',
  '停掉',
  '关了',
  '关掉',
  '拆除',
  '拆了',
  '拆掉',
  '拆下',
  '拆走',
  '被拆',
  '摘除',
  '摘了',
  '剪了',
  '剪断',
  '被剪',
  '拔了',
  '拔掉',
  '拔电',
  '断了',
  '断线',
  '封了',
  '封死',
  '堵了',
  '堵死',
  '罩住',
  '罩着',
  '包着',
  '包住',
  '包裹',
  '套住',
  '遮住',
  '遮挡',
  '盖住',
  '旁路',
  '短接',
  '跳线',
  '跳了线',
  '屏蔽',
  '解除',
  '退出',
  '被关闭',
  '关闭',
  '故障',
  '失灵',
  '不全',
  '缺少',
  '不足',
  '不够',
  '不能',
  '无法',
  '无效',
  '无人',
  '未检测',
  '未开展',
  '未落实',
  '未执行',
  '未审批',
  '未办理',
  '未报检',
  '没报检',
  '未检验',
  '没检验',
  '未检定',
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
  '超期',
  '逾期',
  '还在走流程',
  '在走流程',
  '还没批',
  '没批',
];

/** Cues that stand alone as a short clause after the subject (漏电保护，试了一下，不跳). */
const PREDICATE_CLAUSE = /^(还是|也|都|全|仍|仍然|根本|完全|已经|早就|一直)?(坏了|坏的|坏掉|不好使|不好用|不管用|不灵|失灵|失效|不动作|不起作用|没反应|不响|不报警|不跳|不断电|不断开|不闭锁|不启动|拆了|被拆了|没用|没装|没有|没修|停了|关了|断了)/u;
/** A state word that says the subject is fine: the clause is about it, and a later clause is about something else. */
const POSITIVE_STATE = /正常|完好|有效|齐全|灵敏|可靠|已设置|已安装|已配备|在用良好|已审批|在井口|在现场/u;
/** A paperwork noun between the subject and the predicate: the predicate is about the record, not the device. */
const RECORD_NOUN = /记录|台账|档案|签字|签名|标识|标签|铭牌|资料|报告|证明|登记|备案|检定证书|说明书|图纸|审批单|审批表|作业票上|票面|一栏|栏目|表格|填写|袖标|标志服|胸牌|工作证/u;
/** A record noun right before a pre-negator: 审批单缺“检测时间”, 记录未填 — the form is incomplete, not the act. */
const RECORD_BEFORE_CUE = /(记录|台账|档案|审批单|审批表|作业票|票证|表格|签字|资料)[^,，。;；]{0,2}$/u;
/** Subject, then an adverb and 没/未 + a verb of doing: 都没挂, 也没签, 一直没建, 还没批. */
const NOT_DONE = /^[^,，。;；]{0,4}?(都|也|均|全|还|一直|根本|从)(没有|没|未)(挂|装|设|配|贴|做|搞|弄|办|签|建|开|接|批|审|检|测|修|换|用|编|报|清|撤|断|拉|上)/u;
/** Verb-不-complement: 锁不住, 关不上, 刹不住, 拉不动, 合不上 — the device does not do its job. */
const CANNOT = /[锁关停刹拉合断跳扣卡挂系压抽排]不(住|上|下|开|动|了|掉|紧|牢|出)/u;

// Negation never reaches across a clause: 除尘器无积灰，泄爆片完好 must not read as 无泄爆.
const CLAUSE_BREAK = /[,，。;；!！?？\n]/u;
const WINDOW = 10;
/** Colloquial predicates sit a little further from their subject (电葫芦起重量限制器说老报警给拆了). */
const POST_WINDOW = 10;
const SHORT_CLAUSE = 8;
/** A clause between the subject and its predicate may say how it was tried (试吊至额定力矩110%). */
const MIDDLE_CLAUSE = 14;

/**
 * Another subject between [from, to): the predicate after it is that subject's (通风口防雨罩缺失: the 防雨罩 is missing,
 * not the 通风口). The engine answers from the vocabulary spans of the row.
 */
export type SubjectBetween = (from: number, to: number) => boolean;

/** Is the term at [start, end) in normalised text negated (未设置X, 无X, X缺失, X失效, X坏了…)? Returns the cue. */
export function negationAt(text: string, start: number, end: number, subjectBetween?: SubjectBetween): string | undefined {
  let before = text.slice(Math.max(0, start - WINDOW), start);
  const cut = lastBreak(before);
  if (cut >= 0) before = before.slice(cut + 1);
  for (const cue of PRE_NEGATORS) {
    const at = before.lastIndexOf(cue);
    if (at < 0) continue;
    if (cue === '没' && !hasNegatingMei(before)) continue;
    if (RECORD_BEFORE_CUE.test(before.slice(0, at))) continue;
    return cue;
  }
  // 非防爆, 不是防爆的: 非 only right before the word (非煤矿山 is a sector, not a negation of 煤矿).
  if (before.endsWith('不是') || before.endsWith('并非')) return before.slice(-2);
  if (before.endsWith('非') && !/^煤/u.test(text.slice(start, start + 1))) return '非';
  let after = text.slice(end, end + POST_WINDOW);
  const stop = after.search(CLAUSE_BREAK);
  if (stop >= 0) after = after.slice(0, stop);
  for (const cue of POST_NEGATORS) {
    const at = after.indexOf(cue);
    if (at < 0) continue;
    if (RECORD_NOUN.test(after.slice(0, at))) continue;
    if (at > 0 && subjectBetween?.(end, end + at)) continue;
    return cue;
  }
  // 警示牌都没挂, 协议也没签, 台账一直没建: the subject first, then (都/也) 没 + verb.
  const notDone = NOT_DONE.exec(after);
  if (notDone && !RECORD_NOUN.test(after.slice(0, notDone.index)) && !(notDone.index > 0 && subjectBetween?.(end, end + notDone.index))) return notDone[0];
  const cannot = CANNOT.exec(after);
  if (cannot && !RECORD_NOUN.test(after.slice(0, cannot.index)) && !(cannot.index > 0 && subjectBetween?.(end, end + cannot.index))) return cannot[0];
  if (/^的?(不是|并非)/u.test(after)) return after.includes('不是') ? '不是' : '并非';
  return trailingPredicate(text, end);
}

/** 漏电保护，试了一下，不跳: up to two short clauses after the subject's own, the last of them only a predicate. */
function trailingPredicate(text: string, end: number): string | undefined {
  let pos = end;
  const rest = clauseAt(text, pos);
  if (rest.length > 4 || POSITIVE_STATE.test(rest)) return undefined;
  pos += rest.length;
  for (let hop = 0; hop < 2; hop++) {
    if (pos >= text.length || text.charAt(pos) === '。' || text.charAt(pos) === '；' || text.charAt(pos) === ';') return undefined;
    pos++;
    const clause = clauseAt(text, pos);
    if (clause.length === 0 || clause.length > MIDDLE_CLAUSE || POSITIVE_STATE.test(clause)) return undefined;
    const m = clause.length <= SHORT_CLAUSE ? PREDICATE_CLAUSE.exec(clause) : null;
    if (m) return m[2];
    pos += clause.length;
  }
  return undefined;
}

function clauseAt(text: string, pos: number): string {
  const tail = text.slice(pos, pos + 40);
  const stop = tail.search(CLAUSE_BREAK);
  return stop >= 0 ? tail.slice(0, stop) : tail;
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

// Adverbs of the defect (被人为关闭, 擅自拆除) belong to the predicate, not to a new subject.
const DEFECT_WORDS = new Set([...PRE_NEGATORS, ...POST_NEGATORS, '人为', '擅自', '私自', '违规', '破损', '破裂', '变形', '锈蚀']);

/** A word of the defect grammar itself (缺失, 不全, 拆了 …): never a subject of its own. */
export function isDefectWord(word: string): boolean {
  if (DEFECT_WORDS.has(word)) return true;
  for (const w of DEFECT_WORDS) if (w.length >= 2 && word.includes(w)) return true;
  return false;
}

/**
 * Defect nouns (裂纹, 积水, 泄漏, 超限 …): their absence is not the defect. 隔爆面有点锈，没裂纹 says there is no crack.
 */
const DEFECT_NOUN = /(裂纹|裂缝|裂口|变形|锈蚀|腐蚀|积水|积尘|积灰|泄漏|渗漏|漏气|漏油|超限|超员|超载|超量|超能力|断丝|磨损|破损|缺陷|异常|明火|火花|冒顶|片帮|突水|透水)$/u;
const ABSENT_BEFORE = /(无|没|没有|未见|未发现|无明显|未出现|不存在|未见明显|没发现)$/u;

/** Is this occurrence of a defect noun written as absent (没裂纹, 未发现泄漏, 无积水)? */
export function absentDefect(text: string, term: string, start: number): boolean {
  // 未超设计荷载, 没超员, 不超过核定: an exceedance written as not happening.
  if (/^超/u.test(term)) return /(未|没|没有|不|并未|从未|均未)$/u.test(text.slice(Math.max(0, start - 3), start));
  if (!DEFECT_NOUN.test(term)) return false;
  let before = text.slice(Math.max(0, start - 5), start);
  const cut = lastBreak(before);
  if (cut >= 0) before = before.slice(cut + 1);
  return ABSENT_BEFORE.test(before);
}
