/**
 * 高危行业领域: the 安全生产责任保险实施办法 Art. 2 list (domain.md §7), matched on the 所属行业 text.
 * The seeds require 主要负责人带队检查 monthly for these, quarterly otherwise.
 */
export const HIGH_RISK_INDUSTRIES: Readonly<Record<string, readonly string[]>> = {
  矿山: ['矿山', '煤矿', '非煤矿山', '金属非金属矿山', '尾矿库', '采矿', '矿业'],
  危险化学品: ['危险化学品', '危化', '化工', '危险物品'],
  烟花爆竹: ['烟花爆竹', '烟花', '爆竹'],
  交通运输: ['交通运输', '道路运输', '水路运输', '水上运输', '铁路', '民航', '运输'],
  建筑施工: ['建筑施工', '建筑', '施工', '建设工程', '隧道'],
  民用爆炸物品: ['民用爆炸物品', '民爆', '爆破'],
  金属冶炼: ['金属冶炼', '冶炼', '冶金', '钢铁', '有色金属'],
  渔业生产: ['渔业生产', '渔业', '渔船'],
};

/** The 高危 sector an industry text belongs to, or undefined. */
export function highRiskSector(industry: string | undefined): string | undefined {
  const text = (industry ?? '').normalize('NFKC');
  if (text === '') return undefined;
  for (const [sector, words] of Object.entries(HIGH_RISK_INDUSTRIES)) {
    if (words.some((w) => text.includes(w))) return sector;
  }
  return undefined;
}

export function isHighRiskIndustry(industry: string | undefined): boolean {
  return highRiskSector(industry) !== undefined;
}
