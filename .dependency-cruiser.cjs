// Layer rules of hazard-toolkit (CONTRIBUTING.md, "Layout"): readers at the edge, evaluators in the middle,
// formatters and writers last, verbs thin; checked by `npm run lint:deps` in `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-folder-cycles', severity: 'error', comment: 'Folders form a one-way flow; a cycle means a concept lives in two places.', from: {}, to: { circular: true } },
    { name: 'library-never-imports-verbs', severity: 'error', comment: 'Only src/commands, src/program.ts and src/cli.ts are the face.', from: { path: '^src/', pathNot: '^src/(commands/|program\\.ts|cli\\.ts)' }, to: { path: '^src/(commands/|program\\.ts|cli\\.ts)' } },
    { name: 'rules-never-read-files', severity: 'error', comment: 'The engine takes compiled criteria and text, never paths.', from: { path: '^src/rules/' }, to: { path: '^(node:)?(fs|fs/promises|path|os|child_process)$|^src/io/' } },
    { name: 'domain-is-pure', severity: 'error', comment: 'Domain, text and dates are pure vocabulary and rules: no I/O, no engine, no output.', from: { path: '^src/(domain|text|dates)/' }, to: { path: '^(node:)?(fs|fs/promises|child_process|worker_threads)$|^src/(io|rules|formats|writers|commands|report|ledger|check)/' } },
    { name: 'writers-import-no-domain', severity: 'error', comment: 'Writers are machinery (zip, xlsx cells, atomic rename): renderers live in src/formats.', from: { path: '^src/writers/' }, to: { path: '^src/(domain|rules|check|report|ledger|criteria|checklist)/' } },
    { name: 'workbook-container-has-no-domain', severity: 'error', comment: 'io/workbook reads bytes into raw rows; findings and tables interpret them.', from: { path: '^src/io/workbook/' }, to: { path: '^src/(domain|io/findings|io/tables|rules|check|report|ledger)/' } },
    { name: 'criteria-loading-needs-no-engine', severity: 'error', comment: 'Loading and validating criteria does not depend on the engine.', from: { path: '^src/criteria/' }, to: { path: '^src/rules/' } },
    { name: 'report-metrics-take-records', severity: 'error', comment: 'Metrics take records, not files, and do not render.', from: { path: '^src/report/' }, to: { path: '^src/(io|formats|writers)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
