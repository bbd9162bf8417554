import type { Diagnostic } from '../diagnostic.js';
import type { FindingRecord } from '../domain/finding-record.js';
import type { Engine } from '../rules/compile-engine.js';
import type { Decision, Determination } from '../rules/types.js';
import type { CheckedRow, Grading } from './types.js';

/** The text the engine reads: location and description together (部位 often names the equipment). */
export function findingText(record: FindingRecord): string {
  const f = record.fields;
  return [f.location, f.description].filter((x): x is string => !!x && x.trim() !== '').join('：');
}

/** Decide one record and compare with its recorded level. Pure. `industry`: from `industryOf` when the caller has it. */
export function judgeRecord(record: FindingRecord, engine: Engine, industry: string | undefined = industryOf(record, engine).industry): CheckedRow {
  const f = record.fields;
  const diagnostics: Diagnostic[] = [...record.diagnostics];
  const checklistRow = f.check_result !== undefined || f.clause_ref !== undefined;
  const decision = checklistRow ? judgeChecklistRow(record, engine, diagnostics, industry) : judgeText(record, engine, industry);
  const recordedLevel = f.level ?? null;
  // 不符合 against a named clause is the enterprise's own major grading, so it agrees by construction.
  const grading = checklistRow && recordedLevel === null && f.check_result === 'fail' && decision.matches.length > 0
    ? 'agree'
    : gradingOf(recordedLevel, decision.determination);
  const loc = { file: record.file, sheet: record.sheet, row: record.row, ...levelCell(record) };
  if (grading === 'under-graded') {
    const m = decision.matches[0];
    diagnostics.push({
      code: 'under-graded',
      severity: 'warning',
      message: `记录为一般隐患，但符合《${m?.standardTitle ?? ''}》${m?.citation ?? ''}（${m?.title ?? ''}），应判定为重大事故隐患（定级偏低）`,
      location: loc,
      ...(m ? { ruleId: m.ruleId } : {}),
    });
  } else if (grading === 'no-basis') {
    diagnostics.push({
      code: 'no-basis',
      severity: 'warning',
      message: '记录为重大隐患，但未匹配任何重大事故隐患判定标准条款（缺少判定依据），请核实定级或补充判定依据',
      location: loc,
    });
  }
  return {
    file: record.file,
    sheet: record.sheet,
    row: record.row,
    recordedLevel,
    determination: decision.determination,
    grading,
    matches: decision.matches,
    partial: decision.partial,
    candidates: decision.candidates,
    fields: record.fields,
    raw: record.raw,
    extra: record.extra,
    diagnostics,
  };
}

/**
 * The industry text a row is judged under: its 所属行业, else its 单位名称 when that names a sector the criteria know
 * (XX烟花爆竹有限公司, XX化工有限公司, XX煤业, XX建筑工程…). Enterprise names nearly always carry the sector; without
 * it every sector's clauses are tried, and a 木业 company's 灭火器失效 came out 待核实 under the fireworks standard.
 * A name that names no known sector (XX科技, XX实业) leaves the row open to every standard, as before.
 */
export function industryOf(record: FindingRecord, engine: Engine): { industry?: string; inferred: boolean } {
  const f = record.fields;
  if (f.industry && f.industry.trim() !== '') return { industry: f.industry, inferred: false };
  const org = f.org_name?.trim();
  if (org && (engine.industryStandards(org)?.length ?? 0) > 0) return { industry: org, inferred: true };
  return { inferred: false };
}

function judgeText(record: FindingRecord, engine: Engine, industry: string | undefined): Decision {
  const text = findingText(record);
  if (text === '') return { determination: 'indeterminate', matches: [], partial: [], candidates: [] };
  const f = record.fields;
  return engine.decide({ text, ...(industry ? { industry } : {}), ...(f.found_date ? { date: f.found_date } : {}) });
}

// A filled self-inspection checklist names its clause: 不符合 is a major finding under that clause, no text
// matching needed; a blank result is a gap (未检查), never a pass.
function judgeChecklistRow(record: FindingRecord, engine: Engine, diagnostics: Diagnostic[], industry: string | undefined): Decision {
  const f = record.fields;
  const loc = { file: record.file, sheet: record.sheet, row: record.row };
  if (f.check_result === 'fail') {
    const m = f.clause_ref ? engine.matchById(f.clause_ref, '自查清单：不符合') : undefined;
    if (m) return { determination: 'major', matches: [m], partial: [], candidates: [] };
    diagnostics.push({ code: 'checklist-clause-unknown', severity: 'warning', message: `自查清单条款编号 "${f.clause_ref ?? ''}" 不在判定标准中，按描述文本判定`, location: loc });
    return judgeText(record, engine, industry);
  }
  if (f.check_result === undefined) {
    diagnostics.push({ code: 'checklist-unchecked', severity: 'warning', message: '自查清单该条未填写检查结果（未检查，不视为符合）', location: loc });
    return { determination: 'indeterminate', matches: [], partial: [], candidates: [] };
  }
  return { determination: 'not-major', matches: [], partial: [], candidates: [] };
}

export function gradingOf(recorded: 'general' | 'major' | null, determination: Determination): Grading {
  if (recorded === null) return 'unrecorded';
  if (determination === 'indeterminate') return 'unverified';
  if (recorded === 'general') return determination === 'major' ? 'under-graded' : 'agree';
  return determination === 'major' ? 'agree' : 'no-basis';
}

function levelCell(record: FindingRecord): { column?: string; header?: string; value?: string } {
  const c = record.raw.level;
  return c ? { column: c.column, header: c.header, value: c.raw } : {};
}
