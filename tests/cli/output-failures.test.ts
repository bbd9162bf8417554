/**
 * Issue 17, class 10: output failures. A target that is not a regular file is written in place (a device) or
 * refused (a directory), never replaced by a rename; a full disk is a clear message, exit 2, and no temp file
 * left behind; one output path twice in a run is a usage error; a killed run's temp and sort-spill files are
 * removed by the next run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { LEDGER_HEADER, ledgerRow } from '../io/raw-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hazard-out-'));
const input = join(dir, 'in.csv');
writeFileSync(input, [LEDGER_HEADER.join(','), ...Array.from({ length: 50 }, (_, i) => ledgerRow(i + 1).join(','))].join('\n') + '\n');
const AS_OF = ['--as-of', '2024-12-31'];

/** A process id that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('targets that are not regular files', () => {
  it('a device (/dev/null) is written in place and stays a device', () => {
    const r = runCli(['check', input, ...AS_OF, '--fail-on', 'never', '-o', 'json=/dev/null']);
    expect(r.status).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a directory is refused before any work, named as a directory (not by a temp-file name)', () => {
    const out = join(dir, 'a-folder');
    mkdirSync(out);
    for (const args of [['check', input, ...AS_OF, '-o', `json=${out}`], ['ledger', input, ...AS_OF, '-o', out], ['report', input, ...AS_OF, '-o', `html=${out}`]]) {
      const r = runCli(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${out} 是一个目录`);
      expect(r.stderr).not.toMatch(/\.tmp|at .*\.js/);
    }
  });

  it('the same output path twice in one run is a usage error', () => {
    const r = runCli(['check', input, ...AS_OF, '-o', `json=${join(dir, 'x.json')}`, `sarif=${dir}/./x.json`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('是同一个文件');
    const rep = runCli(['report', input, ...AS_OF, '-o', join(dir, 'r.md'), `md=${join(dir, 'r.md')}`]);
    expect(rep.status).toBe(2);
  });
});

describe('a full disk', () => {
  it.runIf(existsSync('/dev/full'))('ENOSPC (/dev/full) is a clear message and exit 2, never a stack trace, in check -o and ledger', () => {
    const check = runCli(['check', input, ...AS_OF, '--fail-on', 'never', '-o', 'json=/dev/full']);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain('无法写入输出文件 /dev/full：/dev 所在磁盘空间不足');
    expect(check.stderr).not.toContain('内部错误');
    const ledger = runCli(['ledger', input, ...AS_OF, '-o', '/dev/full', '--format', 'csv']);
    expect(ledger.status).toBe(2);
    expect(ledger.stderr).toContain('磁盘空间不足');
  });

  // A real full filesystem: a 64 KiB tmpfs, when this machine lets the tests mount one (root on Linux).
  const small = join(dir, 'small');
  let mounted = false;
  beforeAll(() => {
    mkdirSync(small);
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]).status === 0;
    if (mounted) writeFileSync(join(small, 'fill'), Buffer.alloc(56 * 1024));
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [small]);
  });

  it('ENOSPC on a real filesystem removes the temp file (ledger xlsx, check -o)', (context) => {
    if (!mounted) context.skip();
    const ledger = runCli(['ledger', input, ...AS_OF, '-o', join(small, 'l.xlsx')]);
    expect(ledger.status).toBe(2);
    expect(ledger.stderr).toContain('所在磁盘空间不足，输出未写入（未写完的临时文件已删除）');
    const check = runCli(['check', input, ...AS_OF, '--fail-on', 'never', '-o', `json=${join(small, 'c.json')}`]);
    expect(check.status).toBe(2);
    expect(readdirSync(small)).toEqual(['fill']);
  });
});

describe('leftovers of a killed run', () => {
  it('temp and sort-spill files whose process is gone are removed by the next run; a live run’s are kept', () => {
    const out = join(dir, 'stale');
    mkdirSync(out);
    const dead = deadPid();
    const names = [`.台账.xlsx.${dead}-0a1b2c3d.tmp`, `.hazard-ledger-${dead}-0123456789ab-0.ndjson`, `.hazard-ledger-${dead}-0123456789ab-1.ndjson`, `.台账.xlsx.${process.pid}-0a1b2c3d.tmp`];
    for (const n of names) writeFileSync(join(out, n), 'x');
    const r = runCli(['ledger', input, ...AS_OF, '-o', join(out, '台账.xlsx')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('已删除上次中断的运行');
    expect(readdirSync(out).sort()).toEqual([`.台账.xlsx.${process.pid}-0a1b2c3d.tmp`, '台账.xlsx'].sort());
  });
});
