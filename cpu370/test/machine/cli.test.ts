// `vm370 ipl` as an operator uses it: --rc commands, commands on standard input, quit,
// and configuration errors as a message with exit code 1.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../devices/helpers.ts';

const BIN = join(import.meta.dirname, '../../../bin/vm370.js');
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

function vm370(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/**
 * A one-card IPL deck whose IPL PSW is a disabled wait at X'1234' (its first CCW is a
 * NOP), and m.cnf with it on the reader at X'00C'; returns the deck's path.
 */
function waitDeckAndConfig(): string {
  const deck = join(tmp.dir, 'd.ebc');
  const card0 = new Uint8Array(80);
  card0.set([0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x03, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x01]);
  writeFileSync(deck, card0);
  writeFileSync(join(tmp.dir, 'm.cnf'), `MAINSIZE 1\n000C 3505 ${deck}\n`);
  return deck;
}

describe('vm370 ipl', () => {
  it('runs --rc commands, then operator commands from standard input until quit', async () => {
    const deck = waitDeckAndConfig();
    writeFileSync(join(tmp.dir, 'm.rc'), '# set up\nr 800=C8C9\ndevlist\n');
    const r = await vm370(['ipl', join(tmp.dir, 'm.cnf'), '--rc', join(tmp.dir, 'm.rc')], 'ipl 00c\npause 0.2\npsw\nquit\n');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'R:00000800  C8C9                                 *HI*',
        `000C 3505 ${deck} auto intrq [idle]`,
        'CPU0000: disabled wait state PSW=00020000 00001234',
        'PSW=00020000 00001234',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
  });

  it('--exit-on-wait --json reports the final state as one JSON object', async () => {
    waitDeckAndConfig();
    const r = await vm370(['ipl', join(tmp.dir, 'm.cnf'), '--ipl', '00c', '--exit-on-wait', '--json', '--dump', '0.8', '--dump', 'FFFFE.4'], '');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j.status).toBe('wait');
    expect(j.waitPsw).toBe('0002000000001234');
    expect(j.mem).toEqual({ '0.8': '0002000C00001234', 'FFFFE.4': '0000----' });
    expect((j.cr as string[])[0]).toBe('000000E0');
  });

  it('a bad configuration is a message and exit code 1', async () => {
    writeFileSync(join(tmp.dir, 'bad.cnf'), 'MAINSIZE 1\n000C 9999 x\n');
    const r = await vm370(['ipl', join(tmp.dir, 'bad.cnf')], '');
    expect(r.stderr).toMatch(/^vm370: line 2: device type 9999 is not supported \(known: /);
    expect(r.code).toBe(1);
  });
});
