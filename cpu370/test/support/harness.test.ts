import { describe, expect, it } from 'vitest';
import { assemble, gasSkipReason } from './gas.ts';
import { herculesSkipReason, pswCommand, runOnHercules } from '../../src/reference/hercules.ts';
import { coreImage } from './images.ts';
import { maskBcIlc } from '../../src/reference/report.ts';
import { runVm370 } from './vm370.ts';
import { skipNote } from '../../src/reference/tools.ts';

const PROGRAM = `
base:
  lm %r1,%r3,data-base(%r0)
  ar %r1,%r2
  st %r1,0x900(%r0)
  .long 0               # operation exception, then the program-check trap at X'68'
  .balign 8
data: .long 1,2,3
`;

describe('GNU as helper', () => {
  it.skipIf(gasSkipReason)(`assembles a snippet to raw bytes${skipNote(gasSkipReason)}`, () => {
    expect(Buffer.from(assemble('ar %r1,%r2\n st %r1,0x900(%r0)')).toString('hex')).toBe('1a12501009000707'); // the section is padded to 8 with NOPR
  });
  it.skipIf(gasSkipReason)(`reports assembler errors${skipNote(gasSkipReason)}`, () => {
    expect(() => assemble(' nosuchop %r1')).toThrow(/GNU as failed/);
  });
});

describe('pswCommand', () => {
  it('sets BC and EC PSWs field by field', () => {
    expect(pswCommand(0x00000000, 0x18000800)).toBe('psw sm=00 pk=0 cmwp=0 cc=1 pm=8 ia=000800');
    expect(pswCommand(0x04392500, 0x00000800)).toBe('psw sm=04 pk=3 cmwp=9 cc=2 pm=5 ia=000800');
  });
  it('masks the ILC of BC-mode PSWs only', () => {
    expect(maskBcIlc('0002000040000068')).toBe('0002000000000068');
    expect(maskBcIlc('000A000040000068')).toBe('000A000040000068');
  });
});

describe.skipIf(herculesSkipReason ?? gasSkipReason)(`Hercules harness${skipNote(herculesSkipReason ?? gasSkipReason)}`, () => {
  it('runs a core image on Hercules and on vm370 with the same result', async () => {
    const program = assemble(PROGRAM.replace(/-base\(%r0\)/g, '-base+0x800(%r0)'));
    const image = coreImage({ program, origin: 0x800 });
    const dumps = ['900.4', '28-2F'];
    const h = await runOnHercules({ image, mode: { kind: 'core', start: 'psw' }, dumps, timeLimitSec: 5 });
    const v = await runVm370({ image, mode: { kind: 'core', start: 'psw' }, dumps });
    expect(h.status).toBe('wait');
    expect(h.waitPsw).toBe('0002000000000068');
    expect(h.gpr.slice(1, 4)).toEqual(['00000003', '00000002', '00000003']);
    expect(h.mem['900.4']).toBe('00000003');
    expect(h.mem['28-2F']).toBe('000000016000080C');
    expect(h.pgmCodes).toEqual(['0001']);
    expect(h.elapsedSec).toBeGreaterThanOrEqual(0);
    const { rawPsw, elapsedSec, log, dir, ...hercules } = h;
    const { instructions, ...ours } = v;
    expect(ours).toEqual(hercules);
  });

  it('starts a raw image at an origin with traps, and a restart from a core image', async () => {
    const program = assemble(' lr %r5,%r15\n svc 7\n');
    const h = await runOnHercules({ image: program, mode: { kind: 'bin', origin: 0x2000 }, traps: true, dumps: ['20.8'], timeLimitSec: 5 });
    expect(h.status).toBe('wait');
    expect(h.waitPsw).toBe('0002000000000060');
    expect(h.mem['20.8']).toBe('0000000740002004');

    const image = coreImage({ program: assemble(' .long 0x00020000,0x00000ABC\n lpsw 0x800(%r0)'), origin: 0x800, psw: [0, 0x808] });
    const r = await runOnHercules({ image, mode: { kind: 'core', start: 'restart' }, dumps: ['8.8'], timeLimitSec: 5 });
    expect(r.status).toBe('wait');
    expect(r.waitPsw).toBe('0002000000000ABC');
    expect(r.mem['8.8']).toBe('0000000000000000');
  });

  it('stops a program that never ends with status limit', async () => {
    const program = assemble(' balr %r15,0\n bcr 15,%r15');
    const h = await runOnHercules({ image: program, mode: { kind: 'bin', origin: 0x800 }, traps: true, cr: new Map([[1, 0x12345678]]), timeLimitSec: 1 });
    expect(h.status).toBe('limit');
    expect(h.cr[1]).toBe('12345678');
  });
});
