// The `vm370 run` contract (issue 2 item 7), exercised through the real command line:
// inputs (--bin/--origin/--entry, --core with --start restart|psw, --storage, --cr,
// --dump in both range forms, --max-instructions), the three stops and their exit codes,
// the JSON shape, the readable report, and bad arguments. The same images run on
// Hercules when it is installed, and the results must agree.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreImage, hexBytes } from '../support/images.ts';
import { herculesSkipReason, runOnHercules } from '../../src/reference/hercules.ts';
import { skipNote } from '../../src/reference/tools.ts';

const ROOT = join(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/vm370.js');
const dir = mkdtempSync(join(tmpdir(), 'vm370-run-'));

function file(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function vm370(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? -1) : 0;
      resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
    });
  });
}

// LA 1,5; LA 2,7; AR 1,2; ST 1,X'900'; BALR 14,0; DC X'0000' (operation exception);
// the program new PSW goes on at X'840': LPSW X'880' -> disabled wait X'ABC'.
const PROGRAM = hexBytes('41100005 41200007 1A12 50100900 05E0 0000');
const TAIL = hexBytes('82000880');
const WAIT = hexBytes('00020000 00000ABC');

function imageAt0(psw: readonly [number, number] = [0, 0x800]): Uint8Array {
  return coreImage({
    program: PROGRAM,
    origin: 0x800,
    psw,
    data: [
      [0x68, hexBytes('00000000 00000840')],
      [0x840, TAIL],
      [0x880, WAIT],
      [0x8, hexBytes('FFFFFFFF FFFFFFFF')],
    ],
  });
}

describe('vm370 run', () => {
  it('--bin --origin --entry: disabled wait, exit 0, the JSON contract', async () => {
    const bin = file('a.bin', imageAt0());
    const r = await vm370('run', '--bin', bin, '--origin', '0', '--entry', '800', '--json', '--dump', '900.4', '--dump', '8-F', '--dump', '880', '--cr', '3=1234abcd');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).sort()).toEqual(['cr', 'fpr', 'gpr', 'instructions', 'mem', 'pgmCodes', 'status', 'waitPsw']);
    expect(j.status).toBe('wait');
    expect(j.waitPsw).toBe('0002000000000ABC');
    expect(j.gpr[1]).toBe('0000000C');
    expect(j.gpr[14]).toBe('60000810'); // ILC 1, CC 2 from AR
    expect(j.gpr).toHaveLength(16);
    expect(j.fpr).toEqual(['0000000000000000', '0000000000000000', '0000000000000000', '0000000000000000']);
    expect(j.cr).toEqual(['000000E0', '00000000', 'FFFFFFFF', '1234ABCD', ...Array(10).fill('00000000'), 'C2000000', '00000200']);
    expect(j.mem).toEqual({ '900.4': '0000000C', '8-F': 'FFFFFFFFFFFFFFFF', '880': '00' });
    expect(j.pgmCodes).toEqual(['0001']);
    expect(j.instructions).toBe(7); // the instruction that raised the operation exception counts
  });

  it('--core --start restart: restart new PSW at 0, old PSW stored at 8', async () => {
    const core = file('b.core', imageAt0());
    const r = await vm370('run', '--core', core, '--start', 'restart', '--json', '--dump', '8.8');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.waitPsw).toBe('0002000000000ABC');
    expect(j.mem['8.8']).toBe('0000000000000000');
  });

  it('--core --start psw: the doubleword at 0 is the PSW (CC and program mask too)', async () => {
    const core = file('c.core', imageAt0([0, 0x1e000800]));
    const r = await vm370('run', '--core', core, '--start', 'psw', '--json', '--dump', '8.8', '--storage', '64K');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.mem['8.8']).toBe('FFFFFFFFFFFFFFFF');
    expect(j.gpr[14]).toBe('6E000810'); // CC 2 from AR, program mask E kept
  });

  it('stops at the instruction limit with exit 3, and prints a readable report without --json', async () => {
    const loop = file('d.bin', hexBytes('47F00800'));
    const r = await vm370('run', '--bin', loop, '--origin', '800', '--max-instructions', '1000', '--dump', '800.4');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^status: limit$/m);
    expect(r.stdout).toMatch(/^instructions: 1000$/m);
    expect(r.stdout).toMatch(/^PSW:\s+00000000 00000800$/m);
    expect(r.stdout).toMatch(/^800\.4: 47F00800$/m);
  });

  it('check-stops with exit 4 when the program new PSW cannot be used', async () => {
    // EC-mode program new PSW with bits 32-39 non-zero: every program interruption loads it again.
    const core = file('e.core', coreImage({ program: hexBytes('0000'), origin: 0x800, data: [[0x68, hexBytes('00080000 01000800')]] }));
    const r = await vm370('run', '--core', core, '--start', 'psw', '--json');
    expect(r.code).toBe(4);
    const j = JSON.parse(r.stdout);
    expect(j.status).toBe('checkstop');
    expect(j.pgmCodes.slice(0, 2)).toEqual(['0001', '0006']);
  });

  it('rejects bad arguments with a message and exit 1', async () => {
    const bin = file('f.bin', PROGRAM);
    const cases: Array<[string[], RegExp]> = [
      [['run'], /--bin FILE or --core FILE/],
      [['run', '--bin', bin, '--core', bin], /exactly one/],
      [['run', '--bin', bin], /--origin/],
      [['run', '--core', bin, '--start', 'ipl'], /restart or psw/],
      [['run', '--bin', bin, '--origin', '800', '--dump', '9G'], /range/],
      [['run', '--bin', bin, '--origin', '800', '--cr', '16=1'], /--cr/],
      [['run', '--bin', bin, '--origin', '800', '--storage', '3K'], /storage size/],
      [['run', '--bin', join(dir, 'missing.bin'), '--origin', '800'], /missing\.bin/],
    ];
    const results = await Promise.all(cases.map(([args]) => vm370(...args)));
    results.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(' ')).toBe(1);
      expect(r.stderr, cases[i]![0].join(' ')).toMatch(cases[i]![1]);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    });
  });
});

describe.skipIf(herculesSkipReason)(`vm370 run agrees with Hercules${skipNote(herculesSkipReason)}`, () => {
  it('on the same --bin and --core programs', async () => {
    const dumps = ['900.4', '8-F', '28.8'];
    const bin = file('g.bin', imageAt0([0, 0x1e000800]));
    for (const [args, mode] of [
      [['--bin', bin, '--origin', '0', '--entry', '800'], { kind: 'bin', origin: 0, entry: 0x800 }],
      [['--core', bin, '--start', 'psw'], { kind: 'core', start: 'psw' }],
      [['--core', bin, '--start', 'restart'], { kind: 'core', start: 'restart' }],
    ] as const) {
      const ours = JSON.parse((await vm370('run', ...args, '--json', '--storage', '2M', ...dumps.flatMap((d) => ['--dump', d]))).stdout);
      const h = await runOnHercules({ image: imageAt0([0, 0x1e000800]), mode, dumps, storageSize: 2 << 20, timeLimitSec: 5 });
      expect({ ...ours, instructions: undefined }).toEqual({
        status: h.status,
        waitPsw: h.waitPsw,
        gpr: h.gpr,
        fpr: h.fpr,
        cr: h.cr,
        mem: h.mem,
        pgmCodes: h.pgmCodes,
        instructions: undefined,
      });
    }
  });
});
