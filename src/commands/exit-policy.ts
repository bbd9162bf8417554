import type { CheckResult } from '../check/types.js';
import type { Diagnostic } from '../diagnostic.js';
import { EXIT, type ExitCode } from '../errors.js';

export const FAIL_ON = ['major', 'misgraded', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/**
 * The one exit-code policy of the judging verbs (check, ledger, report), so the same input gives the same code in
 * each: 3 when any input — a ledger, or an auxiliary file such as --previous, --inspections, --roster — was not read
 * in full (a file, a sheet, a cell skipped or not taken as written, or no data row at all), even though everything
 * readable was delivered; else 1 when the findings reach --fail-on; else 0. Readers mark lost content as
 * file-level diagnostics of severity error, so this function needs no list of codes.
 */
export function exitCodeFor(result: CheckResult, failOn: FailOn = 'never', auxiliary: readonly Diagnostic[] = []): ExitCode {
  if (inputIncomplete(result) || auxiliary.some((d) => d.severity === 'error')) return EXIT.input;
  const s = result.summary;
  const hit =
    failOn === 'never'
      ? false
      : failOn === 'major'
        ? s.major > 0
        : failOn === 'misgraded'
          ? s.underGraded + s.noBasis > 0
          : s.major + s.underGraded + s.noBasis + s.warnings + s.errors + s.indeterminate > 0;
  return hit ? EXIT.findings : EXIT.ok;
}

/** Something of the ledgers themselves was not read (a header-only file counts: it delivers nothing). */
export function inputIncomplete(result: CheckResult): boolean {
  const s = result.summary;
  return s.filesUnreadable > 0 || result.inputs.some((i) => !i.complete) || (s.rows === 0 && result.inputs.length > 0);
}
