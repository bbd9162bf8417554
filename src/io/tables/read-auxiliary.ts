import type { Diagnostic } from '../../diagnostic.js';
import { parseBoolean, readTable } from './read-table.js';
import { parseSource } from '../findings/normalise-values.js';
import type { FindingRecord } from '../../domain/finding-record.js';
import type { InspectionRecord, RosterEntry } from '../../report/types.js';

const INSPECTION_SPEC = {
  date: ['检查日期', '检查时间', '排查日期', '日期'],
  org: ['单位名称', '企业名称', '被检查单位', '单位'],
  uscc: ['统一社会信用代码', '信用代码'],
  leader: ['带队人', '带队领导', '带队负责人'],
  principal: ['是否主要负责人', '带队人是否主要负责人', '主要负责人带队', '是否主要负责人带队'],
  role: ['带队人职务', '职务'],
  kind: ['检查类型', '检查方式', '检查来源', '类型'],
} as const;

const ROSTER_SPEC = {
  org: ['单位名称', '企业名称', '单位'],
  uscc: ['统一社会信用代码', '信用代码'],
  region: ['所属区县', '区县', '属地'],
  industry: ['所属行业', '行业'],
  highRisk: ['是否高危', '高危行业', '是否高危行业'],
  principal: ['主要负责人', '主要负责人姓名', '法定代表人'],
} as const;

export interface AuxiliaryOptions {
  inspections?: string;
  roster?: string;
  /** The enterprise's 主要负责人 (config), to recognise checklist leaders. */
  principal?: string;
}

/**
 * The inputs that are not hazard ledgers: an inspection log, an enterprise roster, and the inspections a filled
 * self-inspection checklist records (its 检查日期 and 带队负责人 count as one inspection per enterprise and day).
 */
export async function auxiliaryInputs(records: readonly FindingRecord[], options: AuxiliaryOptions): Promise<{ inspections: InspectionRecord[]; roster: RosterEntry[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const inspections: InspectionRecord[] = [];
  const roster: RosterEntry[] = [];
  if (options.inspections) {
    const t = await readTable(options.inspections, INSPECTION_SPEC);
    diagnostics.push(...t.diagnostics);
    for (const r of t.rows) {
      const date = r.dates.date;
      const org = r.values.org;
      if (!date || !org) {
        diagnostics.push({ code: 'inspection-incomplete', severity: 'warning', message: '检查记录缺少检查日期或单位名称，未计入', location: { file: options.inspections, sheet: r.sheet, row: r.row } });
        continue;
      }
      const principal = r.values.principal !== undefined ? parseBoolean(r.values.principal) : r.values.role ? /主要负责人|董事长|总经理|厂长|法定代表人/.test(r.values.role) : undefined;
      const kind = r.values.kind ? parseSource(r.values.kind) : 'self';
      inspections.push({
        org,
        date,
        ...(r.values.uscc ? { uscc: r.values.uscc } : {}),
        ...(r.values.leader ? { leader: r.values.leader } : {}),
        ...(principal !== undefined ? { leaderIsPrincipal: principal } : {}),
        kind: kind === 'government' ? 'government' : kind === 'self' ? 'self' : 'other',
      });
    }
  }
  if (options.roster) {
    const t = await readTable(options.roster, ROSTER_SPEC);
    diagnostics.push(...t.diagnostics);
    for (const r of t.rows) {
      if (!r.values.org) continue;
      const high = r.values.highRisk !== undefined ? parseBoolean(r.values.highRisk) : undefined;
      roster.push({
        org: r.values.org,
        ...(r.values.uscc ? { uscc: r.values.uscc } : {}),
        ...(r.values.region ? { region: r.values.region } : {}),
        ...(r.values.industry ? { industry: r.values.industry } : {}),
        ...(high !== undefined ? { highRisk: high } : {}),
        ...(r.values.principal ? { principal: r.values.principal } : {}),
      });
    }
  }
  inspections.push(...checklistInspections(records, options.principal));
  return { inspections, roster, diagnostics };
}

/** A filled checklist's 检查日期 + 带队负责人: one self-inspection per enterprise and day. */
export function checklistInspections(records: readonly FindingRecord[], principal?: string): InspectionRecord[] {
  const inspections: InspectionRecord[] = [];
  const seen = new Set<string>();
  for (const rec of records) {
    const f = rec.fields;
    if (f.check_result === undefined || !f.found_date) continue;
    const org = f.org_name ?? rec.file;
    const key = `${org}\u0001${f.found_date}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const isPrincipal = principal && f.leader ? f.leader.includes(principal) : undefined;
    inspections.push({ org, date: f.found_date, ...(f.leader ? { leader: f.leader } : {}), ...(isPrincipal !== undefined ? { leaderIsPrincipal: isPrincipal } : {}), kind: 'self' });
  }
  return inspections;
}
