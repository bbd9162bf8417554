import type { CheckResult } from '../check/types.js';

/** The documented JSON contract (schema/check-result.schema.json). */
export function formatCheckJson(result: CheckResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
