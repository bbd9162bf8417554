/**
 * Issue 17, class 5: with --jobs, a worker that dies (here: out of memory under a tiny heap cap) fails only the
 * file it held; the other files' results are delivered and the run exits 3. The pool is the built one (workers run
 * compiled JavaScript).
 */
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

interface PoolModule {
  createWorkerPool: (
    size: number,
    setup: Record<string, unknown>,
    local: (file: string) => Promise<{ input: { file: string; complete: boolean }; summary: { filesUnreadable: number } }>,
    limits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number },
  ) => { runner: (file: string) => Promise<{ input: { file: string; complete: boolean }; diagnostics: { code: string; message: string; location: { file: string } }[]; summary: { filesUnreadable: number } }>; close: () => Promise<void> };
}

describe('--jobs: a dying worker fails only its own file', () => {
  it('the file held by an out-of-memory worker is one located error; the files on the other lane are delivered', async () => {
    const pool = (await import(`${ROOT}dist/check/worker-pool.js`)) as PoolModule;
    const delivered: string[] = [];
    const local = async (file: string) => {
      delivered.push(file);
      await new Promise((r) => setTimeout(r, 200));
      return { input: { file, complete: true }, rows: [], diagnostics: [], summary: { filesUnreadable: 0 }, omitted: 0, flagged: 0 };
    };
    const setup = { criteria: [`${ROOT}criteria`], rulesOff: [], cwd: ROOT, cacheKey: 'test', asOf: '2024-12-31', version: 'test', read: {}, keep: 'none', waivers: [] };
    const { runner, close } = pool.createWorkerPool(2, setup, local, { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 });
    try {
      const results = await Promise.all(['a.xlsx', 'b.xlsx', 'c.xlsx'].map((f) => runner(f)));
      const failed = results.filter((r) => !r.input.complete);
      expect(failed.length).toBe(1);
      expect(failed[0]!.summary.filesUnreadable).toBe(1);
      expect(failed[0]!.diagnostics[0]).toMatchObject({ code: 'file-worker-failed', location: { file: failed[0]!.input.file } });
      expect(failed[0]!.diagnostics[0]!.message).toContain('处理该文件的线程意外终止');
      expect(delivered.length).toBe(2);
      expect(results.filter((r) => r.input.complete).map((r) => r.input.file).sort()).toEqual(delivered.sort());
    } finally {
      await close();
    }
  }, 60_000);
});
