import type { CliContext } from './context.js';

/** Files done / total, rows/s and ETA on stderr when it is a terminal; silent otherwise or with --quiet. */
export function createProgress(ctx: CliContext, quiet: boolean): { update: (done: number, total: number, rows: number) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  if (quiet || !tty) return { update: () => undefined, done: () => undefined };
  const start = Date.now();
  let shown = false;
  return {
    update(done, total, rows) {
      const secs = Math.max((Date.now() - start) / 1000, 0.001);
      const eta = done > 0 ? ((total - done) * secs) / done : 0;
      ctx.stderr(`\r已处理 ${done}/${total} 个文件，${rows} 行，${Math.round(rows / secs)} 行/秒，预计剩余 ${Math.round(eta)} 秒   `);
      shown = true;
    },
    done() {
      if (shown) ctx.stderr('\n');
    },
  };
}
