// IPL from a card deck and from an AWS tape, the IPL device address in BC and EC mode,
// failed IPLs, and CPUs running on while a device completes later.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAws, CardReader, ipl, Machine, Tape, type CcwRequest, type CcwResult, type Cpu, type Device } from '../../index.ts';
import { iplDeck } from '../../src/machine/deck.ts';
import { tempDir } from '../devices/helpers.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

/** At X'800': LPSW X'808', which is a disabled wait PSW with address X'ABCD'. */
const WAIT_PROGRAM = Uint8Array.of(0x82, 0x00, 0x08, 0x08, 0, 0, 0, 0, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0xab, 0xcd);

function waitFor(m: Machine): Promise<Cpu> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no disabled wait within 5 s')), 5000);
    m.events = {
      disabledWait: (cpu) => {
        clearTimeout(t);
        resolve(cpu);
      },
    };
  });
}

function psw(cpu: Cpu): string {
  return cpu.pswWords().map((w) => (w >>> 0).toString(16).toUpperCase().padStart(8, '0')).join(' ');
}

describe('IPL', () => {
  it('from a card deck: the program runs; the reader address is in bytes 2-3 of the BC-mode IPL PSW', async () => {
    const deck = tmp.path('deck.ebc');
    // Large enough for two chain cards (more than 9 image cards).
    const image = new Uint8Array(1000);
    image.set(WAIT_PROGRAM);
    image[999] = 0x5a;
    writeFileSync(deck, iplDeck(image, { origin: 0x800 }));
    const m = new Machine({ storageSize: 1 << 20 });
    m.attach(new CardReader(0x00c, 0x3505, [deck, 'eof']));
    const waited = waitFor(m);
    expect(await ipl(m, 0x00c)).toEqual({ ok: true, psw: '0000000C00000800' });
    const cpu = await waited;
    expect(psw(cpu)).toBe('00020000 0000ABCD');
    expect(m.storage.read32(0)).toBe(0x0000000c);
    expect(m.storage.read8(0x800 + 999)).toBe(0x5a);
    m.close();
  });

  it('with an EC-mode IPL PSW the address goes to X\'BA\' and X\'B8\' is zeroed', async () => {
    const deck = tmp.path('deck.ebc');
    const m = new Machine({ storageSize: 1 << 20 });
    m.storage.write32(0xb8, 0xffffffff);
    writeFileSync(deck, iplDeck(WAIT_PROGRAM, { origin: 0x800, psw: [0x00080000, 0x00000800] }));
    m.attach(new CardReader(0x01c, 0x2540, [deck]));
    const waited = waitFor(m);
    expect(await ipl(m, 0x01c, { loadparm: 'abc' })).toEqual({ ok: true, psw: '0008000000000800' });
    await waited;
    expect(m.storage.read32(0xb8)).toBe(0x0000001c);
    expect(m.storage.read32(0)).toBe(0x00080000);
    expect(m.loadparm).toBe('ABC     ');
    m.close();
  });

  it('from an AWS tape: 24 bytes of the first block, then the CCWs it holds', async () => {
    const tape = tmp.path('ipl.aws');
    const rec = new Uint8Array(40);
    rec.set([0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00]); // PSW: BC, IA X'800'
    rec.set([0x02, 0x00, 0x08, 0x00, 0x20, 0x00, 0x00, 0x10], 8); // READ the next block to X'800', SLI
    writeFileSync(tape, buildAws([rec, WAIT_PROGRAM, null]));
    const m = new Machine({ storageSize: 1 << 20 });
    m.attach(new Tape(0x181, 0x3420, [tape]));
    const waited = waitFor(m);
    expect(await ipl(m, 0x181)).toEqual({ ok: true, psw: '0000018100000800' });
    expect(psw(await waited)).toBe('00020000 0000ABCD');
    m.close();
  });

  it('an IPL device that fails leaves the CPU stopped and says why', async () => {
    const m = new Machine({ storageSize: 1 << 20 });
    m.attach(new CardReader(0x00c, 0x3505, []));
    expect(await ipl(m, 0x00c)).toEqual({ ok: false, reason: 'IPL I/O failed: CSW 00000008 0E000018' });
    expect(m.isRunning()).toBe(false);
    expect(await ipl(m, 0x00d)).toEqual({ ok: false, reason: 'device 00D not found' });
    const tape = tmp.path('bad.aws');
    writeFileSync(tape, Buffer.from([24, 0, 7, 0, 0xa0, 0, 1, 2, 3]));
    m.attach(new Tape(0x180, 0x3420, [tape]));
    expect(await ipl(m, 0x180)).toEqual({ ok: false, reason: 'IPL I/O failed: CSW 00000008 0E000018' });
    m.close();
  });
});

/** A device that completes every CCW 20 ms later, storing X'77'. */
class SlowDevice implements Device {
  readonly devtype = 0x3505;
  constructor(readonly devnum: number) {}
  startCcw(ccw: CcwRequest, done: (r: CcwResult) => void): 'pending' {
    setTimeout(() => {
      ccw.data[0] = 0x77;
      done({ unitStatus: 0x0c, residual: ccw.count - 1 });
    }, 20);
    return 'pending';
  }
  sense(): Uint8Array {
    return new Uint8Array(1);
  }
  halt(): void {}
}

describe('the machine loop', () => {
  it('keeps the CPU running while a device works, and takes its interruption when it ends', async () => {
    const m = new Machine({ storageSize: 1 << 20, sliceInstructions: 10_000 });
    m.attach(new SlowDevice(0x00c));
    const st = m.storage;
    st.write32(0x48, 0x00000100); // CAW
    st.write32(0x100, 0x02001000); // READ X'1000', 1 byte, SLI
    st.write32(0x104, 0x20000001);
    st.write32(0x78, 0x00020000); // I/O new PSW: disabled wait X'EEEE'
    st.write32(0x7c, 0x0000eeee);
    st.load(0x800, Uint8Array.of(0x9c, 0x00, 0x00, 0x0c, 0x41, 0x55, 0x00, 0x01, 0x47, 0xf0, 0x08, 0x04)); // SIO; LA 5,1(5); B *-4
    m.cpus[0]!.loadPsw(0x80000000, 0x00000800); // channel 0 enabled
    const waited = waitFor(m);
    m.start(0);
    const cpu = await waited;
    expect(psw(cpu)).toBe('00020000 0000EEEE');
    expect(st.read32(0x38)).toBe(0x8000000c);
    expect(st.read32(0x40)).toBe(0x00000108);
    expect(st.read32(0x44)).toBe(0x0c000000);
    expect(st.read8(0x1000)).toBe(0x77);
    expect(cpu.gpr[5]).toBeGreaterThan(1000);
    m.close();
  });
});

describe('several CPUs', () => {
  it('NUMCPU 2: CPU 1 is there for SIGP, stopped until started', async () => {
    const m = new Machine({ storageSize: 1 << 20, numCpu: 2 });
    // LA 3,1; SIGP 2,3,1 (sense); BC 4,X'810'; LPSW X'820'; X'810': LPSW X'818'
    m.storage.load(0x800, Uint8Array.of(0x41, 0x30, 0x00, 0x01, 0xae, 0x23, 0x00, 0x01, 0x47, 0x40, 0x08, 0x10, 0x82, 0x00, 0x08, 0x20, 0x82, 0x00, 0x08, 0x18));
    m.storage.load(0x818, Uint8Array.of(0, 2, 0, 0, 0, 0, 0x60, 0x0d, 0, 2, 0, 0, 0, 0, 0x0b, 0xad));
    m.cpus[0]!.loadPsw(0, 0x800);
    const waited = waitFor(m);
    m.start(0);
    const cpu = await waited;
    expect(psw(cpu)).toBe('00020000 0000600D');
    expect(cpu.gpr[2]).toBe(0x40);
    expect(m.complex.state).toEqual(['operating', 'stopped']);
    m.close();
  });
});

describe('an IPL that waits for its device', () => {
  it('ends as failed when a system reset (or another IPL) comes first', async () => {
    const m = new Machine({ storageSize: 1 << 20 });
    let halted = 0;
    m.attach({
      devnum: 0x009,
      devtype: 0x3215,
      startCcw: () => 'pending',
      sense: () => new Uint8Array(1),
      halt: () => void halted++,
    });
    const first = ipl(m, 0x009);
    m.systemReset();
    expect(await first).toEqual({ ok: false, reason: 'IPL I/O failed: CSW 00000008 00000000' });
    expect(halted).toBe(2); // the reset at the start of the IPL, then the one that ends it
    m.close();
  });
});
