/**
 * The hazard levels and the engine's verdicts, with the Chinese words every output uses for them. One home: the
 * ledger, the text table, the report and the JSON formats all read these.
 */
import type { Level } from './finding-record.js';

/** The rule engine's verdict on a finding; it overrides the recorded level unless indeterminate. */
export type Determination = 'major' | 'not-major' | 'indeterminate';

export const DETERMINATION_TEXT: Readonly<Record<Determination, string>> = {
  major: '重大',
  'not-major': '一般',
  indeterminate: '待核实',
};

/** 定级核对: the recorded level against the determination. */
export type Grading =
  | 'agree' // 一致
  | 'under-graded' // 定级偏低: recorded 一般, a major clause matches
  | 'no-basis' // 缺少判定依据: recorded 重大, no clause matches
  | 'unverified' // 待核实: a clause matches only in part
  | 'unrecorded'; // 未记录等级

export const GRADING_TEXT: Readonly<Record<Grading, string>> = {
  agree: '一致',
  'under-graded': '定级偏低',
  'no-basis': '缺少判定依据',
  unverified: '待核实',
  unrecorded: '未记录等级',
};

/** 隐患等级 as recorded in a ledger. */
export const LEVEL_TEXT: Readonly<Record<Level, string>> = { general: '一般', major: '重大' };
