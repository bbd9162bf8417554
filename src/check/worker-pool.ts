import { Worker } from 'node:worker_threads';
import type { Waiver } from '../config/types.js';
import type { ReadFindingsOptions } from '../io/findings/read-findings.js';
import type { FileCheck, FileRunner } from './check-files.js';

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
 */
export function createWorkerPool(size: number, setup: WorkerSetup, local?: FileRunner): { runner: FileRunner; close: () => Promise<void> } {
  const script = new URL('./check-worker.js', import.meta.url);
  const workerCount = local ? size - 1 : size;
  const workers = Array.from({ length: Math.max(0, workerCount) }, () => new Worker(script, { workerData: setup }));
  type Lane = Worker | 'local';
  const idle: Lane[] = [...workers, ...(local ? (['local'] as const) : [])];
  const queue: { file: string; resolve: (r: FileCheck) => void; reject: (e: Error) => void }[] = [];
  const pending = new Map<number, { resolve: (r: FileCheck) => void; reject: (e: Error) => void; worker: Worker }>();
  let nextId = 0;
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
      pending.set(id, { resolve: job.resolve, reject: job.reject, worker: lane });
      lane.postMessage({ id, file: job.file });
    }
  };
  for (const w of workers) {
    w.on('message', (msg: { id: number; result?: FileCheck; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      idle.push(p.worker);
      if (msg.result) p.resolve(msg.result);
      else p.reject(new Error(msg.error ?? 'worker failed'));
      pump();
    });
    w.on('error', (e) => {
      for (const [id, p] of pending) {
        if (p.worker === w) {
          pending.delete(id);
          p.reject(e);
        }
      }
    });
  }
  return {
    runner: (file) =>
      new Promise<FileCheck>((resolve, reject) => {
        queue.push({ file, resolve, reject });
        pump();
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
