const q = (s: string | undefined): string => (s === undefined ? '' : JSON.stringify(s));

/** The commented hazard.config.yaml that `hazard init` writes. */
export function renderConfigTemplate(o: { name?: string; uscc?: string; region?: string; industry?: string; attr?: string[] }): string {
  const industries = (o.industry ?? '').split(/[、,，;；\s]+/).filter((x) => x !== '');
  const list = (xs: string[]) => (xs.length ? `[${xs.map((x) => JSON.stringify(x)).join(', ')}]` : '[]');
  return `# yaml-language-server: $schema=https://hazard-toolkit.dev/schema/config-1.json
# hazard-toolkit 企业配置。hazard check / ledger / report / checklist 从当前目录向上查找本文件；--config 可指定。
# 用 hazard config show 查看每项设置的生效值及来源。未知的键会报错（文件:行:列）。

enterprise:
  name: ${q(o.name) || '""'}            # 企业名称（台账没有“单位名称”列时使用）
  uscc: ${q(o.uscc) || '""'}            # 统一社会信用代码（18位，GB 32100 校验）
  region: ${q(o.region) || '""'}          # 所属区县
  industries: ${list(industries)}   # 所属行业，可多个：化工、冶金、有色、建材、机械、轻工、纺织、烟草、商贸、煤矿、非煤矿山、建筑施工、燃气…
  attributes: ${list(o.attr ?? [])}   # 企业属性，决定适用条款：涉氨制冷、粉尘涉爆、有限空间、重大危险源、涉及重点监管危险化工工艺、人员密集场所
  # majorHazardSourceLevel: 二级   # 重大危险源等级：一级 / 二级 / 三级 / 四级 / 无
  # highRisk: true                 # 是否高危行业（覆盖推断）：高危行业主要负责人每月带队检查，其他每季度
  # principal: 张三                # 主要负责人

# targets:                         # 报表对照的目标配置（以公开文件命名），默认 national
#   profile: national              # national：国务院安委会治本攻坚三年行动方案与2024年度考核要点（安委〔2024〕10号）
#                                  # shandong：鲁安发〔2024〕4号；feicheng：肥安发〔2024〕5号；jianan：建安区安委办提醒函

# signoff:                         # 台账签字栏（输入台账没有填表人/审核人时使用）
#   preparer: 王五                 # 填表人
#   reviewer: 安全总监 李四        # 审核人
#   date: 2024-12-31               # 填表日期

# criteria:                        # 判定标准规则文件或目录（相对本文件）；省略则用内置标准
#   - criteria/

# rules:                           # 按规则编号停用某条（例如新版本逐步启用）
#   mem-2023-10/14: { severity: off, reason: 待专家论证 }

# waivers:                         # 豁免：被豁免的发现仍然列出，单独计数；过期自动失效并提示
#   - rule: mem-2023-10/13.1
#     reason: 已停用该有限空间并拆除入口
#     approver: 安全总监 李四
#     expires: 2025-06-30
`;
}
