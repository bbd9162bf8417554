/** Public API of the report computation: build the result model. Renderers live in src/formats (report-render.ts). */
export { buildReport, startReport } from './build-report.js';
export { SEED_TARGET_PROFILE } from './targets.js';
export type * from './types.js';
