import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../errors.js';
import { csvRows } from './csv-reader.js';
import type { RawRow } from './raw.js';
import type { Diagnostic } from '../../diagnostic.js';
import { readXlsx } from './xlsx-reader.js';
import type { SheetWorkerRequest, SheetWorkerMessage } from './worker-sheet-rows.js';

// Reads one worksheet of a large xlsx (inflate, XML scan, shared strings) and posts its rows in batches, at most
// `credit` batches ahead of the main thread, which meanwhile normalises and judges the batches already sent.
const request = workerData as SheetWorkerRequest;
let credit = request.credit;
let wake: (() => void) | undefined;
parentPort?.on('message', () => {
  credit++;
  wake?.();
  wake = undefined;
});

const post = (message: SheetWorkerMessage): void => parentPort?.postMessage(message);

async function send(source: AsyncIterable<RawRow[]>): Promise<void> {
  for await (const rows of source) {
    while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    post({ kind: 'rows', rows });
  }
}

try {
  const { file, source } = request;
  if (source.format === 'csv') {
    const diagnostics: Diagnostic[] = [];
    await send(csvRows(file, source.detected, source.delimiter, undefined, diagnostics));
    post({ kind: 'done', diagnostics });
  } else {
    const wb = await readXlsx(file, { maxInflatedBytes: source.maxInflatedBytes });
    const sheet = wb.sheets[source.sheet];
    if (sheet) await send(sheet.rows());
    // Workbook-level findings (duplicate parts) are reported by the main thread's own open of the file.
    post({ kind: 'done', diagnostics: wb.diagnostics.filter((d) => d.code !== 'xlsx-duplicate-part') });
  }
} catch (e) {
  post({
    kind: 'error',
    message: e instanceof Error ? e.message : String(e),
    ...(e instanceof InputError ? { input: { file: e.file, code: e.code } } : {}),
    ...(e instanceof Error && e.stack ? { stack: e.stack } : {}),
  });
}
