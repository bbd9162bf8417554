import type { Diagnostic } from './diagnostic.js';

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  input: 3,
  // Not documented as a contract: a bug. EX_SOFTWARE from sysexits.h.
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad flags or arguments. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Criteria or config files that cannot be used. Exit 2. Carries the located diagnostics. */
export class CriteriaError extends Error {
  override name = 'CriteriaError';
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

/** An input workbook that could not be read at all. Exit 3. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly file: string,
    readonly code: string = 'input-unreadable',
  ) {
    super(message);
  }
}

/**
 * An output that could not be written (a full disk, a directory in the way, no permission): exit 2, worded by
 * the CLI from the errno `code`, naming the target the user gave, never the temp file.
 */
export class OutputError extends Error {
  override name = 'OutputError';
  constructor(
    readonly target: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`${target}（${code}）`, options);
  }
}

/** The message has already been shown; only the exit code remains to be set. */
export class ExitError extends Error {
  override name = 'ExitError';
  constructor(readonly exitCode: ExitCode) {
    super(`exit ${exitCode}`);
  }
}
