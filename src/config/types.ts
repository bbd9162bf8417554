/** hazard.config.yaml (schema/config.schema.json). */
export interface EnterpriseProfile {
  name?: string;
  uscc?: string;
  region?: string;
  industries?: string[];
  attributes?: string[];
  majorHazardSourceLevel?: '一级' | '二级' | '三级' | '四级' | '无';
  highRisk?: boolean;
  principal?: string;
}

export interface Waiver {
  rule: string;
  reason: string;
  approver: string;
  expires: string;
  file?: string;
}

export interface SignOff {
  preparer?: string;
  reviewer?: string;
  date?: string;
}

export interface HazardConfig {
  enterprise?: EnterpriseProfile;
  targets?: { profile?: 'national' | 'shandong' | 'feicheng' | 'jianan' };
  signoff?: SignOff;
  criteria?: string[];
  rules?: Record<string, { severity: 'off' | 'on'; reason?: string }>;
  waivers?: Waiver[];
}

/** Where an effective setting came from, for `hazard config show`. */
export interface Provenance {
  key: string;
  value: string;
  source: string;
}
