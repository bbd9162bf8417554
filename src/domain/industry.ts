/**
 * The one industry resolver: 所属行业 text (or an enterprise name) → the standards whose sectors it names, and the
 * sector names within each. The engine, the self-inspection checklist, the catalogue and the report's 高危 rule all
 * ask this, so they cannot disagree.
 *
 * A label is read in three ways, all of which count:
 *  1. the sector names and synonyms each standard lists (criteria/*.yaml `industries`);
 *  2. umbrella words — a standard's own `domain` (工贸, 化工, 煤矿 …) and its common short forms (危化, 非煤, 建筑施工)
 *     select every sector of that standard (令第10号 第二条: 工贸 = 冶金、有色、建材、机械、轻工、纺织、烟草、商贸);
 *  3. the national classification GB/T 4754-2017 (门类/大类/中类 names, `data/gbt-4754-2017.ts`);
 *  4. the product or process ledgers name an enterprise by (钢结构, 注塑, 包装印刷: `data/ledger-labels.ts`).
 * Where one reading sits inside a longer one (零售 inside 烟花爆竹零售), only the longer counts; separate mentions
 * (机械制造、食品加工) all count.
 */
import { normaliseText } from '../text/normalise.js';
import { GBT_4754_2017 } from './data/gbt-4754-2017.js';
import { LEDGER_LABELS } from './data/ledger-labels.js';

/** Short forms of a standard's `domain` that ledgers write for the whole domain. */
const DOMAIN_ALIASES: Readonly<Record<string, readonly string[]>> = {
  工贸: ['工贸企业', '工贸行业', '冶金等工贸', '工商贸'],
  化工: ['危化', '危险化学品', '危化品', '化工企业', '化学品'],
  金属非金属矿山: ['非煤', '非煤矿山', '金属矿山', '非金属矿山', '矿山企业'],
  房屋市政工程: ['建筑施工', '建设工程', '建筑工程', '房建', '市政工程', '建筑工地', '建筑业', '施工企业'],
  城镇燃气: ['燃气'],
  民用爆炸物品: ['民爆'],
  烟花爆竹: ['烟花', '爆竹'],
  煤矿: ['煤炭开采', '煤企'],
  渔业: ['渔船', '渔业船舶'],
};

/** Sector names of the 安全生产责任保险实施办法 第二条 高危行业领域, matched on the 所属行业 text. */
const HIGH_RISK_WORDS: Readonly<Record<string, readonly string[]>> = {
  矿山: ['矿山', '煤矿', '非煤矿山', '金属非金属矿山', '尾矿库', '采矿', '矿业'],
  危险化学品: ['危险化学品', '危化', '化工', '危险物品'],
  烟花爆竹: ['烟花爆竹', '烟花', '爆竹'],
  交通运输: ['交通运输', '道路运输', '水路运输', '水上运输', '铁路', '民航', '运输'],
  建筑施工: ['建筑施工', '建筑', '施工', '建设工程', '隧道'],
  民用爆炸物品: ['民用爆炸物品', '民爆', '爆破'],
  金属冶炼: ['金属冶炼', '冶炼', '冶金', '钢铁', '有色金属'],
  渔业生产: ['渔业生产', '渔业', '渔船'],
};

/** Standard index → the sector names (as in its `industries`) a text selects. */
export type SectorMap = ReadonlyMap<number, ReadonlySet<string>>;

interface Reading {
  /** Normalised words to look for. */
  word: string;
  std: number;
  names: readonly string[];
}

/** What the resolver needs of a standard (criteria/types.ts Standard satisfies it). */
export interface IndustryStandard {
  id: string;
  domain: string;
  scope?: string | undefined;
  industries: readonly { name: string; synonyms?: readonly string[] }[];
  highRisk?: boolean | undefined;
}

export class IndustryResolver {
  private readonly readings: Reading[] = [];
  private readonly cache = new Map<string, SectorMap | undefined>();

  constructor(private readonly standards: readonly IndustryStandard[]) {
    standards.forEach((s, std) => {
      if (s.scope === 'general') return;
      for (const ind of s.industries) {
        for (const syn of [ind.name, ...(ind.synonyms ?? [])]) this.add(syn, std, [ind.name]);
      }
      const all = s.industries.map((i) => i.name);
      for (const w of [s.domain, ...(DOMAIN_ALIASES[s.domain] ?? [])]) this.add(w, std, all);
    });
    const bySector = new Map<string, { std: number; name: string }[]>();
    standards.forEach((s, std) => {
      if (s.scope === 'general') return;
      for (const ind of s.industries) {
        const list = bySector.get(ind.name) ?? [];
        list.push({ std, name: ind.name });
        bySector.set(ind.name, list);
      }
    });
    for (const entry of GBT_4754_2017) {
      const targets = entry.sectors.flatMap((sec) => bySector.get(sec) ?? []);
      for (const form of classificationForms(entry.name)) {
        for (const t of targets) this.add(form, t.std, [t.name]);
      }
    }
    for (const [label, sectors] of Object.entries(LEDGER_LABELS)) {
      for (const t of sectors.flatMap((sec) => bySector.get(sec) ?? [])) this.add(label, t.std, [t.name]);
    }
  }

  private add(raw: string, std: number, names: readonly string[]): void {
    const word = normaliseText(raw);
    if (word.length >= 2 || (word.length === 1 && names.length > 0 && raw === this.standards[std]?.domain)) this.readings.push({ word, std, names });
  }

  /** The standards (by index) and sector names a text selects; undefined when it names none. */
  resolve(text: string | undefined): SectorMap | undefined {
    if (!text) return undefined;
    const key = normaliseText(text);
    if (key === '') return undefined;
    if (this.cache.has(key)) return this.cache.get(key);
    const hits: { r: Reading; start: number; end: number }[] = [];
    for (const r of this.readings) {
      for (let at = key.indexOf(r.word); at >= 0; at = key.indexOf(r.word, at + 1)) hits.push({ r, start: at, end: at + r.word.length });
    }
    let map: Map<number, Set<string>> | undefined;
    for (const h of hits) {
      const inside = hits.some((o) => o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start);
      if (inside) continue;
      map ??= new Map();
      let names = map.get(h.r.std);
      if (!names) map.set(h.r.std, (names = new Set()));
      for (const n of h.r.names) names.add(n);
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, map);
    return map;
  }

  /**
   * The sector a 所属行业 text is grouped under: the sector names read in it (机械 / 机械制造 / 机械制造(铸造) are all
   * 机械), several joined with 、; a text selecting every sector of a standard is that standard's domain (化工); the
   * text itself when it names no sector.
   */
  sectorLabel(text: string | undefined): string | undefined {
    const map = this.resolve(text);
    if (!map) return text;
    const names = new Set<string>();
    for (const [std, set] of [...map].sort(([a], [b]) => a - b)) {
      const s = this.standards[std];
      const whole = s !== undefined && s.industries.length > 1 && s.industries.every((i) => set.has(i.name));
      if (whole && s) names.add(s.domain);
      else for (const n of set) names.add(n);
    }
    return names.size ? [...names].join('、') : text;
  }

  /** Standard ids a text selects, in catalogue order; undefined when it names none. */
  standardIds(text: string | undefined): string[] | undefined {
    const map = this.resolve(text);
    if (!map) return undefined;
    return [...map.keys()].sort((a, b) => a - b).map((i) => this.standards[i]?.id ?? '').filter((x) => x !== '');
  }
}

/** 金属制品业 → 金属制品业, 金属制品; 通用设备制造业 → …, 通用设备制造. Names with 、 or 和 are kept whole. */
function classificationForms(name: string): string[] {
  const forms = new Set([name]);
  if (name.endsWith('业')) forms.add(name.slice(0, -1));
  return [...forms].filter((f) => f.length >= 2);
}

/**
 * The 高危行业领域 an industry text belongs to (安全生产责任保险实施办法 第二条), or undefined. A standard marked
 * `highRisk` in criteria/ that the text selects makes it 高危 too.
 */
export function highRiskSector(industry: string | undefined, resolver?: IndustryResolver, standards?: readonly Pick<IndustryStandard, 'highRisk' | 'domain'>[]): string | undefined {
  const text = (industry ?? '').normalize('NFKC');
  if (text === '') return undefined;
  for (const [sector, words] of Object.entries(HIGH_RISK_WORDS)) {
    if (words.some((w) => text.includes(w))) return sector;
  }
  if (resolver && standards) {
    for (const i of resolver.resolve(text)?.keys() ?? []) {
      const s = standards[i];
      if (s?.highRisk) return s.domain;
    }
  }
  return undefined;
}

export function isHighRiskIndustry(industry: string | undefined, resolver?: IndustryResolver, standards?: readonly Pick<IndustryStandard, 'highRisk' | 'domain'>[]): boolean {
  return highRiskSector(industry, resolver, standards) !== undefined;
}

