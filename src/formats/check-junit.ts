import type { CheckResult } from '../check/types.js';

const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] ?? ch).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: a suite per input file, a case per row; mis-graded rows and unreadable input fail. */
export function formatCheckJunit(result: CheckResult): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let total = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const input of result.inputs) {
    const rows = result.rows.filter((r) => r.file === input.file);
    const cases: string[] = [];
    const fileErrors = result.diagnostics.filter((d) => d.location.file === input.file && d.severity === 'error');
    if (!input.complete || fileErrors.length) {
      cases.push(`    <testcase classname="${esc(input.file)}" name="读取"><failure message="输入未能完整读取">${esc(fileErrors.map((d) => d.message).join('\n'))}</failure></testcase>`);
    } else cases.push(`    <testcase classname="${esc(input.file)}" name="读取"/>`);
    for (const r of rows) {
      const name = `${r.sheet}!${r.row}`;
      const bad = r.grading === 'under-graded' || r.grading === 'no-basis' || r.diagnostics.some((d) => d.severity === 'error');
      if (bad) {
        const msg = r.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code}: ${d.message}`).join('\n');
        cases.push(`    <testcase classname="${esc(input.file)}" name="${esc(name)}"><failure message="${esc(r.grading)}">${esc(msg)}</failure></testcase>`);
      } else cases.push(`    <testcase classname="${esc(input.file)}" name="${esc(name)}"/>`);
    }
    const f = cases.filter((c) => c.includes('<failure')).length;
    total += cases.length;
    failures += f;
    suites.push(`  <testsuite name="${esc(input.file)}" tests="${cases.length}" failures="${f}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  out.push(`<testsuites name="hazard check" tests="${total}" failures="${failures}">`);
  out.push(...suites);
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
