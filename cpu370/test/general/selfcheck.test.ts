// Self-checking S/370 programs (assembled by our assembler) run through the engine of
// `vm370 run`; each ends in a disabled wait at X'600D' when all its checks pass, or at
// X'0BAD' with the failing check's number in R11. The same image runs on Hercules when
// it is installed and must end the same way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, hex, link, runStandalone } from '../../index.ts';
import { herculesSkipReason, runOnHercules } from '../../src/reference/hercules.ts';
import { skipNote } from '../../src/reference/tools.ts';

const ORIGIN = 0x2000;

function build(name: string) {
  const a = assemble(readFileSync(join(import.meta.dirname, 'programs', name), 'latin1'), { file: name });
  expect(a.diagnostics.list).toEqual([]);
  return link([a.module], { origin: ORIGIN });
}

describe('self-checking programs', () => {
  const p = build('selfcheck.asm');

  it('selfcheck.asm passes every check on vm370', async () => {
    const r = await runStandalone({ image: p.image, mode: { kind: 'bin', origin: ORIGIN, entry: p.entry }, storageSize: 1 << 20, maxInstructions: 100_000 });
    expect({ status: r.status, psw: r.psw, check: r.cpu.gpr[11] }).toEqual({ status: 'wait', psw: '000200000000600D', check: 12 });
    expect(r.cpu.pgmLog).toEqual([9]);
  });

  it.skipIf(herculesSkipReason)(`selfcheck.asm ends the same way on Hercules${skipNote(herculesSkipReason)}`, async () => {
    const [ours, h] = [
      await runStandalone({ image: p.image, mode: { kind: 'bin', origin: ORIGIN, entry: p.entry }, storageSize: 2 << 20, maxInstructions: 100_000 }),
      await runOnHercules({ image: p.image, mode: { kind: 'bin', origin: ORIGIN, entry: p.entry }, storageSize: 2 << 20, timeLimitSec: 5 }),
    ];
    expect(h.waitPsw).toBe('000200000000600D');
    expect(h.pgmCodes).toEqual(['0009']);
    expect(h.gpr).toEqual([...ours.cpu.gpr].map((v) => hex(v, 8)));
  });
});
