// `vm370 dasd` as a user runs it: the commands in-process through commander (fast), and
// one real process to see that a bad file gives a message and exit code 1, no stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { register } from '../../cli/commands/dasd.ts';
import { tempDir } from './chain.ts';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

async function vm370(...args: string[]): Promise<{ out: string; error?: string; exitCode: number }> {
  const program = new Command();
  program.exitOverride();
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const saved = process.exitCode;
  process.exitCode = 0;
  let error: string | undefined;
  try {
    await program.parseAsync(['node', 'vm370', 'dasd', ...args]);
  } catch (e) {
    error = (e as Error).message;
  } finally {
    spy.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = saved;
  return { out, error, exitCode };
}

describe('vm370 dasd', () => {
  it('init, info --json, ls, check, copy -z, convert back', async () => {
    const f = join(tmp.dir, 'a.3350');
    const init = await vm370('init', f, '3350', 'ABC123', '10');
    expect(init.out).toBe(`created ${f}: 3350 10 cylinders, volume ABC123\n`);
    const info = JSON.parse((await vm370('info', '--json', f)).out);
    expect(info).toMatchObject({ format: 'ckd', type: '3350', devtype: '3350', cylinders: 10, heads: 30, trackSize: 19456, label: { kind: 'VOL1', volser: 'ABC123' } });
    expect((await vm370('ls', f)).out).toBe(`${f}: VOL1 ABC123 owner HERCULES, VTOC at cyl 0 head 1 record 1\n  no VTOC (no Format-4 DSCB where the label points)\n`);
    const check = await vm370('check', f);
    expect(check.out).toBe(`${f}: ckd, 300 tracks checked, no problems found\n`);
    expect(check.exitCode).toBe(0);
    const z = join(tmp.dir, 'a.cckd');
    expect((await vm370('copy', '-z', f, z)).out).toMatch(/^copied .* \(compressed, \d+ bytes\)\n$/);
    expect(JSON.parse((await vm370('info', '--json', z)).out).compressed).toMatchObject({ compression: 'zlib', totalTracks: 300, closedCleanly: true });
    const back = join(tmp.dir, 'b.3350');
    expect((await vm370('convert', z, back)).out).toMatch(/uncompressed/);
    expect(JSON.parse((await vm370('check', '--json', back)).out)).toMatchObject({ ok: true, tracksChecked: 300 });
  });

  it('init -z and FBA init; check --json of a damaged image exits 1', async () => {
    const z = join(tmp.dir, 'c.3380');
    expect((await vm370('init', '-z', z, '3380', 'ZZZ001')).out).toMatch(/3380 885 cylinders, volume ZZZ001, compressed/);
    const fba = join(tmp.dir, 'd.fba');
    expect((await vm370('init', fba, '3310', 'FBA001', '100')).out).toBe(`created ${fba}: 3310 100 blocks, volume FBA001\n`);
    expect((await vm370('ls', '--type', '3310', fba)).out).toBe(`${fba}: VOL1 FBA001\n`);
    const bad = join(tmp.dir, 'bad.3350');
    await vm370('init', bad, '3350', 'BAD001', '1');
    const { openCkdImage } = await import('../index.ts');
    const img = openCkdImage(bad);
    img.writeTrack(4, Uint8Array.of(0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0x40, 0)); // a count running off the image
    img.close();
    const r = await vm370('check', '--json', bad);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.out).problems[0]).toMatch(/^track 4 \(cyl 0 head 4\): /);
  });

  it('bad arguments are errors with a message', async () => {
    expect((await vm370('init', join(tmp.dir, 'x'), '9999', 'A')).error).toMatch(/unknown device type 9999/);
    expect((await vm370('init', join(tmp.dir, 'x'), '3350', 'TOOLONGSER')).error).toMatch(/volume serial/);
    expect((await vm370('init', join(tmp.dir, 'x'), '3350', 'A', 'ten')).error).toMatch(/decimal number/);
    expect((await vm370('init', '-z', join(tmp.dir, 'x'), '3370', 'A')).error).toMatch(/not supported/);
    expect(existsSync(join(tmp.dir, 'x'))).toBe(false);
    expect((await vm370('info', join(tmp.dir, 'nothing.3350'))).error).toMatch(/no such file/);
  });

  it('as a process: a file that is not an image gives one line on stderr and exit code 1', () => {
    const junk = join(tmp.dir, 'junk.bin');
    writeFileSync(junk, 'not a disk');
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/vm370.js'), 'dasd', 'info', junk], { encoding: 'utf8', timeout: 30000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`vm370: ${junk}: not a DASD image (header 'not a di', size 10)\n`);
    expect(r.stdout).toBe('');
  });
});
