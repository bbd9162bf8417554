/**
 * Rebuttals: words in a finding that take it outside a clause although the clause's words are there. The standards
 * describe a condition that exists while the place or device is in use (GB 45067-2024: "……仍继续使用的"; 令第10号
 * 第四条起: 生产作业中的情形), so a finding that says the condition was already removed on the spot, that the plant was
 * stopped for repair at the time, or that the place is on the other side of a wall, is not decided 重大 by the words
 * alone: it comes back 待核实 with the rebuttal named, for a person to confirm.
 */
export interface Rebuttal {
  kind: 'remedied' | 'not-in-use' | 'elsewhere' | 'within-limits';
  cue: string;
  /** Clauses whose own text names this (检修作业, 停产整顿) are about that situation: the rebuttal does not apply to them. */
  premise: RegExp;
  /** What the reviewer is told (Chinese). */
  note: string;
}

const PATTERNS: readonly { kind: Rebuttal['kind']; re: RegExp; note: string; premise: RegExp }[] = [
  {
    kind: 'remedied',
    re: /(已|现场已|检查时已|当场已?|当即|随即)[^,，。;；]{0,3}(整改|改正|纠正|修复|修补|更换|补装|补设|加装|完善|消除|排除|清理|清走|清除|撤出|撤离|移走|搬离|关停|停止)(完毕|到位|完成|了)?|已恢复(正常|原状)|已(当场|现场|立即)整改|立行立改完成|已整改闭环/u,
    note: '描述称问题已当场整改或已消除，请核实检查时是否仍存在',
    premise: /整改/u,
  },
  {
    kind: 'not-in-use',
    re: /停产检修|停产期间|停用期间|停工期间|停运期间|处于停产|已停产|已报停|办理停用|已封存|尚未投产|已停止使用|停止使用并|停运检修|停机检修/u,
    note: '描述称设备或场所处于停产、停用或检修状态，条款所述情形以在用、生产作业中为前提，请核实',
    premise: /检修|停产|停用|停工|停运|停机/u,
  },
  {
    kind: 'elsewhere',
    re: /隔着一道墙|隔一道墙|中间隔墙|有墙隔开|有隔墙|隔墙分开|隔墙隔开|墙体分隔|防火墙隔开|实体墙隔开|另一跨|隔壁跨|不在同一(跨|建筑|栋|幢|座|楼|厂房|区域|车间)|在另一(栋|幢|座|个厂房|个车间)|独立建筑内|不在[^,，。;；]{0,6}(影响|危险|警戒|爆破|作业)?范围(内|之内)?|(影响|危险|警戒)(范围|区域)(之)?外|设在[^,，。;；]{0,8}(区|区域|范围|跨)(之)?外|已(隔离|隔开|分隔)/u,
    note: '描述称场所位于另一跨或有墙体分隔，条款所述区域范围需核实',
    premise: /(?!)/u,
  },
  {
    kind: 'within-limits',
    re: /(未|没)(达到|到)报废标准|在(允许|规定|标准)范围内|(?<!不)符合(规范|标准|设计)要求|未超过(规定|核定|设计)|已记录观察|(检测|检验)合格|(均|都|全部|全都)(已|有)?(落实|到位|正常|合格|齐全)(了)?|(另|其余|其他)[^,，。;；]{0,4}(运行|工作|使用)正常|(通风|检测|审批|监护)[^,，。;；]{0,6}(记录)?(齐全|到位|已落实)/u,
    note: '描述称数值或状态仍在允许范围内，请核实是否达到条款的限值',
    premise: /(?!)/u,
  },
];

/** The rebuttals a (normalised) finding text carries, first of each kind. */
export function findRebuttals(text: string): Rebuttal[] {
  const out: Rebuttal[] = [];
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m) out.push({ kind: p.kind, cue: m[0], note: p.note, premise: p.premise });
  }
  return out;
}
