import { backtrackingProblem } from './regex-safety.js';
import { isIsoDay } from '../dates/calendar.js';
import type { Diagnostic, Severity } from '../diagnostic.js';
import { canonicalUnit } from '../text/quantities.js';
import { normaliseText } from '../text/normalise.js';
import { positionOf, type YamlSource } from '../yaml/parse-yaml.js';
import { citationToClause } from './citation.js';
import type { Criteria, MatchNode, Standard } from './types.js';

type Path = (string | number)[];

/** Semantic checks the schema cannot express (docs/criteria-format.md). */
export function lintCriteria(criteria: Criteria, sources: ReadonlyMap<string, YamlSource>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (std: Standard, path: Path, severity: Severity, code: string, message: string, key?: string): void => {
    const src = sources.get(std.file);
    const pos = src ? positionOf(src, path, key) : { line: 1, col: 1 };
    out.push({ code, severity, message, location: { file: std.file, line: pos.line, col: pos.col } });
  };

  const byId = new Map<string, Standard>();
  const ruleIds = new Map<string, string>();
  for (const std of criteria.standards) {
    const prev = byId.get(std.id);
    if (prev) at(std, ['id'], 'error', 'standard-id-duplicate', `标准编号 "${std.id}" 与 ${prev.file} 重复`);
    byId.set(std.id, std);
  }

  for (const std of criteria.standards) {
    if (std.published && std.effective && std.published > std.effective) at(std, ['effective'], 'error', 'dates-inverted', '施行日期早于发布日期');
    if (std.repealed && std.effective && std.repealed <= std.effective) at(std, ['repealed'], 'error', 'dates-inverted', '废止日期不晚于施行日期');
    const status = std.verification.status;
    // Only a metadata-only standard may leave its 施行日期 unverified; a rule set needs it to pick the edition.
    if (!std.effective && status !== 'metadata-only') at(std, ['id'], 'error', 'effective-missing', '缺少施行日期 effective（只有 metadata-only 的标准可以在日期未核实时省略）');
    if (status === 'metadata-only' && std.rules.length > 0) {
      at(std, ['rules'], 'error', 'metadata-only-has-rules', '核实状态为 metadata-only 的标准不得包含规则（条文未确立，不能编造条款）');
    }
    if (status !== 'metadata-only' && std.rules.length === 0) {
      at(std, ['verification', 'status'], 'error', 'no-rules', `核实状态为 ${status} 但没有任何规则；条文未确立时应标为 metadata-only`);
    }
    if (std.repealed && !std.supersededBy) {
      at(std, ['repealed'], 'warning', 'repealed-without-successor', '已写废止日期但未写 supersededBy（替代版本）');
    }
    checkLineage(std, byId, at);

    const industryNames = new Set(std.industries.map((i) => i.name));
    std.rules.forEach((rule, i) => {
      const rp: Path = ['rules', i];
      const prevFile = ruleIds.get(rule.id);
      if (prevFile) at(std, [...rp, 'id'], 'error', 'rule-id-duplicate', `规则编号 "${rule.id}" 与 ${prevFile} 中的规则重复`);
      ruleIds.set(rule.id, std.file);
      if (!rule.id.startsWith(`${std.id}/`)) {
        at(std, [...rp, 'id'], 'error', 'rule-id-prefix', `规则编号应以标准编号 "${std.id}/" 开头`);
      } else {
        const clause = rule.id.slice(std.id.length + 1);
        const expected = citationToClause(rule.citation, std.structure);
        if (expected === undefined) {
          at(std, [...rp, 'citation'], 'warning', 'citation-unparsed', `无法从引用 "${rule.citation}" 解析条款号，无法核对规则编号`);
        } else if (clause !== expected && !clause.startsWith(`${expected}.`)) {
          at(std, [...rp, 'id'], 'error', 'rule-id-citation-mismatch', `规则编号条款 "${clause}" 与引用 "${rule.citation}"（应为 ${expected}）不一致`);
        }
      }
      for (const ind of rule.applies?.industries ?? []) {
        if (!industryNames.has(ind)) {
          at(std, [...rp, 'applies', 'industries'], 'error', 'industry-unknown', `适用行业 "${ind}" 不在本标准 industries 列表中`);
        }
      }
      const stats = { positive: 0, numbers: 0, regex: 0 };
      walk(rule.match, [...rp, 'match'], false, stats, std, criteria, at);
      (rule.exclude ?? []).forEach((n, j) => walk(n, [...rp, 'exclude', j], true, { positive: 0, numbers: 0, regex: 0 }, std, criteria, at));
      if (stats.positive + stats.numbers + stats.regex === 0) {
        at(std, [...rp, 'match'], 'error', 'rule-never-fires', '匹配条件中没有任何正向关键词、数值或正则，该规则永远不会命中');
      }
    });
  }
  return out;
}

type At = (std: Standard, path: Path, severity: Severity, code: string, message: string, key?: string) => void;

function checkLineage(std: Standard, byId: ReadonlyMap<string, Standard>, at: At): void {
  // Dates the schema's pattern admits but the calendar does not (2024-02-30) would shift which edition applies.
  for (const key of ['published', 'effective', 'repealed'] as const) {
    const day = std[key];
    if (day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(day) && !isIsoDay(day)) at(std, [key], 'error', 'date-invalid', `日期“${day}”不存在（按公历核对年、月、日）`);
  }
  // A supersededBy chain that comes back to where it started has no current edition at all.
  const seen = new Set<string>([std.id]);
  for (let next = std.supersededBy; next !== undefined; next = byId.get(next)?.supersededBy) {
    if (seen.has(next)) {
      if (next === std.id) at(std, ['supersededBy'], 'error', 'supersede-cycle', `supersededBy 形成循环（${[...seen, next].join(' → ')}）：沿革链上必须有一个现行版本`);
      break;
    }
    seen.add(next);
  }
  if (std.supersedes) {
    const old = byId.get(std.supersedes);
    if (!old) {
      at(std, ['supersedes'], 'warning', 'reference-unresolved', `被替代版本 "${std.supersedes}" 未加载，无法核对沿革`);
    } else {
      if (old.supersededBy !== std.id) {
        at(old, old.supersededBy ? ['supersededBy'] : ['id'], 'error', 'superseded-without-link', `"${std.id}" 声明替代本版本，但本文件的 supersededBy 未指向它`);
      }
      if (std.effective && (!old.repealed || old.repealed > std.effective)) {
        at(old, old.repealed ? ['repealed'] : ['effective'], 'error', 'edition-overlap', `与新版本 "${std.id}"（${std.effective} 施行）有效期重叠：旧版本废止日期应不晚于新版本施行日期`);
      }
    }
  }
  if (std.supersededBy) {
    const next = byId.get(std.supersededBy);
    if (!next) at(std, ['supersededBy'], 'warning', 'reference-unresolved', `替代版本 "${std.supersededBy}" 未加载`);
    else if (next.supersedes !== std.id) {
      at(next, next.supersedes ? ['supersedes'] : ['id'], 'error', 'supersedes-without-link', `"${std.id}" 声明被本版本替代，但本文件的 supersedes 未指向它`);
    }
  }
}

function walk(
  n: MatchNode,
  path: Path,
  negated: boolean,
  stats: { positive: number; numbers: number; regex: number },
  std: Standard,
  criteria: Criteria,
  at: At,
): void {
  const terms = (list: string[], key: string, positive: boolean): void => {
    list.forEach((t, i) => {
      if (t.startsWith('@')) {
        const name = t.slice(1);
        if (!std.concepts?.[name] && !criteria.concepts.has(name)) {
          at(std, [...path, key, i], 'error', 'concept-unknown', `概念 "${t}" 未定义（查本文件 concepts 及 criteria/_*.yaml）`);
          return;
        }
      } else if (normaliseText(t) === '') {
        at(std, [...path, key, i], 'error', 'term-empty', '关键词归一化后为空');
        return;
      }
      if (positive && !negated) stats.positive++;
    });
  };
  if ('has' in n) terms(n.has, 'has', true);
  else if ('lacks' in n) terms(n.lacks, 'lacks', true);
  else if ('number' in n) {
    if (canonicalUnit(n.number.unit) === undefined) {
      at(std, [...path, 'number', 'unit'], 'error', 'number-unit-unknown', `未知单位 "${n.number.unit}"（可用：人 t kg kPa MPa % m mm km ℃ h min d 月 年 m3 kV 层 台…）`);
    }
    if (n.number.near) terms(n.number.near, 'number', false);
    if (!negated) stats.numbers++;
  } else if ('regex' in n) {
    const problem = regexProblem(n.regex);
    if (problem) at(std, [...path, 'regex'], 'error', 'regex-invalid', problem);
    else if (!negated) stats.regex++;
  } else if ('industry' in n) {
    const names = new Set(std.industries.map((i) => i.name));
    n.industry.forEach((name, i) => {
      if (!names.has(name)) at(std, [...path, 'industry', i], 'error', 'industry-unknown', `行业 "${name}" 不在本标准 industries 中`);
    });
  } else if ('all' in n) n.all.forEach((c, i) => walk(c, [...path, 'all', i], negated, stats, std, criteria, at));
  else if ('any' in n) n.any.forEach((c, i) => walk(c, [...path, 'any', i], negated, stats, std, criteria, at));
  else if ('not' in n) walk(n.not, [...path, 'not'], !negated, stats, std, criteria, at);
  const kinds = ['has', 'lacks', 'number', 'regex', 'industry', 'all', 'any', 'not'].filter((k) => k in n);
  if (kinds.length !== 1) {
    at(std, path, 'error', 'node-kind', `每个匹配条件须恰好使用 has/lacks/number/regex/industry/all/any/not 之一（此处为：${kinds.join('、') || '无'}）`);
  }
  if ('ifAbsent' in n && !('has' in n) && !('lacks' in n)) {
    at(std, path, 'error', 'node-kind', 'ifAbsent 只能与 has 或 lacks 一起使用');
  }
}

/** Criteria regexes run on every row: reject what does not compile, cannot work on CJK, or can backtrack badly. */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'u');
  } catch (e) {
    return `正则无法编译：${e instanceof Error ? e.message : String(e)}`;
  }
  if (/\\b|\\B/.test(source)) return '正则使用了 \\b 词边界：中文没有词边界，\\b 在中文文本上不起作用';
  if (/\\[1-9]|\\k</.test(source)) return '正则使用了反向引用（可能导致灾难性回溯），请改写';
  const slow = backtrackingProblem(source);
  if (slow) return `正则可能导致灾难性回溯（匹配时间随文本长度超线性增长）：${slow}，请改写`;
  return undefined;
}
