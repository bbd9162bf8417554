/** Public API of the report computation: build the result model. Renderers live in src/formats (report-render.ts). */
export { buildReport, startReport } from './build-report.js';
export { DEFAULT_TARGET_PROFILE, TARGET_PROFILES, TARGET_PROFILE_IDS } from './targets.js';
export type * from './types.js';
