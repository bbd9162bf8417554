import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Waiver } from '../config/types.js';
import type { ReadFindingsOptions } from '../io/findings/read-findings.js';
import { emptySummary, type FileCheck, type FileRunner } from './check-files.js';

/** What each worker needs to rebuild the engine and read like the main thread would. Plain, cloneable data. */
export interface WorkerSetup {
  criteria: string[];
  rulesOff: string[];
  cwd: string;
  cacheDir?: string;
  cacheKey: string;
  asOf: string;
  version: string;
  read: ReadFindingsOptions;
  keep: 'all' | 'flagged' | 'none';
  keepLimit?: number;
  waivers: Waiver[];
}

/**
 * `--jobs N`: the main thread plus N-1 worker threads, each with its own compiled engine, each handed one file at
 * a time (a free lane takes the next file, so one large workbook does not hold up the rest). The main thread
 * works as a lane too: on a 2-core machine it would otherwise sit idle while paying for a worker's start-up.
 * Results are merged in input order by the caller.
 *
 * A worker that dies (out of memory, an uncaught error) fails only the file it held: that file's result says so
 * and counts as not read (exit 3); the dead worker leaves the pool and the other lanes take the remaining files.
 * Only when no lane is left do the files still queued fail the same way. `resourceLimits` caps each worker.
 */
export function createWorkerPool(size: number, setup: WorkerSetup, local?: FileRunner, resourceLimits?: ResourceLimits): { runner: FileRunner; close: () => Promise<void> } {
  const script = new URL('./check-worker.js', import.meta.url);
  const workerCount = local ? size - 1 : size;
  const workers = Array.from({ length: Math.max(0, workerCount) }, () => new Worker(script, { workerData: setup, ...(resourceLimits ? { resourceLimits } : {}) }));
  type Lane = Worker | 'local';
  interface Job { file: string; resolve: (r: FileCheck) => void; reject: (e: Error) => void }
  const idle: Lane[] = [...workers, ...(local ? (['local'] as const) : [])];
  const alive = new Set<Worker>(workers);
  const queue: Job[] = [];
  const pending = new Map<number, Job & { worker: Worker }>();
  let nextId = 0;
  let closing = false;
  const pump = (): void => {
    while (idle.length && queue.length) {
      const lane = idle.pop();
      const job = queue.shift();
      if (!lane || !job) return;
      if (lane === 'local') {
        if (!local) return;
        local(job.file).then(
          (r) => {
            idle.push('local');
            job.resolve(r);
            pump();
          },
          (e: unknown) => {
            idle.push('local');
            job.reject(e instanceof Error ? e : new Error(String(e)));
            pump();
          },
        );
        continue;
      }
      const id = nextId++;
      pending.set(id, { ...job, worker: lane });
      lane.postMessage({ id, file: job.file });
    }
    // Every lane is gone: nothing would ever take the queued files.
    if (!local && alive.size === 0) for (const job of queue.splice(0)) job.resolve(failedFile(job.file, '没有可用的处理线程'));
  };
  const died = (w: Worker, reason: string): void => {
    if (!alive.delete(w)) return;
    const at = idle.indexOf(w);
    if (at >= 0) idle.splice(at, 1);
    for (const [id, p] of pending) {
      if (p.worker !== w) continue;
      pending.delete(id);
      p.resolve(failedFile(p.file, reason));
    }
    pump();
  };
  for (const w of workers) {
    w.on('message', (msg: { id: number; result?: FileCheck; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      idle.push(p.worker);
      if (msg.result) p.resolve(msg.result);
      else p.resolve(failedFile(p.file, firstLine(msg.error ?? '处理线程报告了错误')));
      pump();
    });
    w.on('error', (e) => died(w, errorText(e)));
    w.on('exit', (code) => {
      if (!closing) died(w, `处理线程意外退出（退出码 ${code}）`);
    });
  }
  return {
    runner: (file) =>
      new Promise<FileCheck>((resolve, reject) => {
        queue.push({ file, resolve, reject });
        pump();
      }),
    close: async () => {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** The result of a file whose worker died: nothing read, one located error, counted as unreadable. */
export function failedFile(file: string, reason: string): FileCheck {
  const summary = emptySummary(1);
  summary.filesUnreadable = 1;
  summary.errors = 1;
  return {
    input: { file, sheets: [], complete: false },
    rows: [],
    diagnostics: [{ code: 'file-worker-failed', severity: 'error', message: `处理该文件的线程意外终止（${reason}），该文件未能读取；其他文件的结果不受影响。可改用 --jobs 1 重试`, location: { file } }],
    summary,
    omitted: 0,
    flagged: 0,
  };
}

function errorText(e: Error): string {
  const code = 'code' in e && typeof e.code === 'string' ? e.code : '';
  return code === 'ERR_WORKER_OUT_OF_MEMORY' ? '内存不足' : firstLine(e.message || code);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
