import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../../diagnostic.js';
import { InputError } from '../../errors.js';
import type { DetectedEncoding } from './decode.js';
import type { RawRow } from './raw.js';

/** Which rows the worker reads: one sheet of an xlsx, or a CSV whose encoding and delimiter are already known. */
export type SheetWorkerSource =
  | { format: 'xlsx'; sheet: number; maxInflatedBytes: number }
  | { format: 'csv'; detected: DetectedEncoding; delimiter: string };

/** What the sheet-reading worker is asked to do. Plain data. */
export interface SheetWorkerRequest {
  file: string;
  source: SheetWorkerSource;
  /** Batches the worker may send ahead before it waits for the main thread. */
  credit: number;
}

export type SheetWorkerMessage =
  | { kind: 'rows'; rows: RawRow[] }
  | { kind: 'done'; diagnostics: Diagnostic[] }
  | { kind: 'error'; message: string; input?: { file: string; code: string }; stack?: string };

// Four batches of ~1000 rows ahead: enough to keep both threads busy, a few MB at most in flight.
const CREDIT = 4;
const SCRIPT = new URL('./sheet-rows-worker.js', import.meta.url);
let available: boolean | undefined;

/** False when running from the TypeScript sources (tests), where the compiled worker script does not exist. */
export function sheetWorkerAvailable(): boolean {
  available ??= existsSync(fileURLToPath(SCRIPT));
  return available;
}

/**
 * The rows of one worksheet, read on a worker thread: on a large workbook unzipping and scanning the sheet XML (or
 * decoding and parsing the CSV) is ~40 % of `hazard check`, and on two cores it can run beside normalising and judging. Batches arrive in order;
 * problems the reader reports are appended to `diagnostics` at the end, as the in-thread reader does; a read error
 * is rethrown here as the same InputError.
 */
export async function* workerSheetRows(file: string, source: SheetWorkerSource, diagnostics: Diagnostic[]): AsyncGenerator<RawRow[]> {
  const request: SheetWorkerRequest = { file, source, credit: CREDIT };
  const worker = new Worker(SCRIPT, { workerData: request });
  const inbox: SheetWorkerMessage[] = [];
  let waiting: ((m: SheetWorkerMessage) => void) | undefined;
  const deliver = (m: SheetWorkerMessage): void => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(m);
    } else inbox.push(m);
  };
  worker.on('message', deliver);
  worker.on('error', (e: Error) => deliver({ kind: 'error', message: e.message, ...(e.stack ? { stack: e.stack } : {}) }));
  worker.on('exit', (code) => deliver({ kind: 'error', message: `读取线程意外退出（${code}）` }));
  const next = (): Promise<SheetWorkerMessage> => {
    const m = inbox.shift();
    return m ? Promise.resolve(m) : new Promise((resolve) => (waiting = resolve));
  };
  try {
    for (;;) {
      const m = await next();
      if (m.kind === 'rows') {
        worker.postMessage(1);
        yield m.rows;
      } else if (m.kind === 'done') {
        diagnostics.push(...m.diagnostics);
        return;
      } else {
        if (m.input) throw new InputError(m.message, m.input.file, m.input.code);
        const error = new Error(m.message);
        if (m.stack) error.stack = m.stack;
        throw error;
      }
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
