import { InputError } from '../../errors.js';

/** Stable codes of the `InputError`s thrown by the readers in `src/io/`. */
export type InputErrorCode =
  | 'input-not-found'
  | 'input-unreadable'
  | 'input-empty'
  | 'input-encrypted-or-xls'
  | 'input-html-table'
  | 'input-not-zip'
  | 'input-truncated'
  | 'input-corrupt'
  | 'input-zip-bomb'
  | 'input-zip-unsupported'
  | 'input-not-xlsx'
  | 'input-encoding-unsupported'
  | 'input-csv-malformed'
  | 'input-xls'
  | 'input-et'
  | 'input-ods'
  | 'input-xlsb'
  | 'input-numbers';

/** An `InputError` whose message names the file: `无法读取 'file'：reason`. */
export function inputError(file: string, code: InputErrorCode, reason: string, cause?: unknown): InputError {
  const error = new InputError(`无法读取 '${file}'：${reason}`, file, code);
  if (cause !== undefined) error.cause = cause;
  return error;
}

/** Wraps a file-system failure (missing file, permissions) as an `InputError`. */
export function fsInputError(file: string, cause: unknown): InputError {
  const code = errnoCode(cause);
  if (code === 'ENOENT') return inputError(file, 'input-not-found', '文件不存在', cause);
  if (code === 'EISDIR') return inputError(file, 'input-unreadable', '这是一个目录，不是文件', cause);
  if (code === 'EACCES' || code === 'EPERM') return inputError(file, 'input-unreadable', '没有读取权限', cause);
  return inputError(file, 'input-unreadable', `读取失败（${code ?? String(cause)}）`, cause);
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
