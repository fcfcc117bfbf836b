// Channel-program semantics: chaining, TIC, SLI and incorrect length, SKIP, PCI, status
// modifier, and the architected checks (GA22-7000 ch. 13).
import { describe, expect, it } from 'vitest';
import { reads, rig, ScriptDevice } from './fixture.ts';

const CARD = Array.from({ length: 80 }, (_, i) => i + 1);
const CC = 0x40;
const CD = 0x80;
const SLI = 0x20;
const SKIP = 0x10;
const PCI = 0x08;

function setup(answer = reads(CARD)) {
  const r = rig();
  const dev = new ScriptDevice(0x00c, answer);
  r.ch.attach(dev);
  return { ...r, dev };
}

/** SIO, then the interruption's CSW through TIO. */
function sioThenTio(r: ReturnType<typeof setup>): { sio: number; tio: number; csw: string } {
  const sio = r.io('SIO', 0x00c);
  const tio = r.io('TIO', 0x00c);
  return { sio, tio, csw: r.csw() };
}

describe('data transfer and length', () => {
  it('reads a card: CE+DE, CCW address + 8, residual 0, data stored', () => {
    const r = setup();
    r.ccw(0x100, 0x02, 0x1000, 0, 80);
    r.caw(0x100);
    expect(sioThenTio(r)).toEqual({ sio: 0, tio: 1, csw: '00000108 0C000000' });
    expect([...r.storage.slice(0x1000, 80)]).toEqual(CARD);
    expect(r.storage.read8(0x1050)).toBe(0);
    expect(r.io('TIO', 0x00c)).toBe(0);
  });

  it('a shorter count without SLI gives incorrect length; with SLI it does not', () => {
    const r = setup();
    r.ccw(0x100, 0x02, 0x1000, 0, 40);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000108 0C400000');
    expect(r.storage.read8(0x1027)).toBe(40);
    expect(r.storage.read8(0x1028)).toBe(0);
    r.ccw(0x100, 0x02, 0x2000, SLI, 40);
    expect(sioThenTio(r).csw).toBe('00000108 0C000000');
  });

  it('a longer count leaves a residual, with incorrect length unless SLI', () => {
    const r = setup();
    r.ccw(0x100, 0x02, 0x1000, 0, 100);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000108 0C400014');
    r.ccw(0x100, 0x02, 0x1000, SLI, 100);
    expect(sioThenTio(r).csw).toBe('00000108 0C000014');
  });

  it('incorrect length suppresses command chaining', () => {
    const r = setup();
    r.ccw(0x100, 0x02, 0x1000, CC, 40);
    r.ccw(0x108, 0x02, 0x2000, 0, 80);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000108 0C400000');
    expect(r.dev.requests.length).toBe(1);
  });

  it('command chaining runs each CCW; the device sees chained, prevCommand and sequence', () => {
    const r = setup();
    r.ccw(0x100, 0x03, 0, CC | SLI, 1);
    r.ccw(0x108, 0x02, 0x1000, CC, 80);
    r.ccw(0x110, 0x02, 0x2000, 0, 80);
    r.caw(0x100);
    expect(sioThenTio(r)).toEqual({ sio: 0, tio: 1, csw: '00000118 0C000000' });
    expect(r.dev.requests.map((q) => [q.command, q.chained, q.prevCommand, q.sequence])).toEqual([
      [0x03, false, 0, 0],
      [0x02, true, 0x03, 1],
      [0x02, true, 0x02, 2],
    ]);
    expect(r.storage.read8(0x204f)).toBe(80);
  });

  it('data chaining scatters one record over the CCWs; the device sees one command', () => {
    const r = setup();
    r.ccw(0x100, 0x02, 0x1000, CD, 30);
    r.ccw(0x108, 0x00, 0x2000, 0, 50); // the command code of a data-chained CCW is ignored
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000110 0C000000');
    expect(r.dev.requests.map((q) => [q.command, q.count, q.flags])).toEqual([[0x02, 80, 0]]);
    expect([...r.storage.slice(0x1000, 30)]).toEqual(CARD.slice(0, 30));
    expect([...r.storage.slice(0x2000, 50)]).toEqual(CARD.slice(30));
  });

  it('data chaining: the CSW names the CCW where the data ended, with its residual and IL', () => {
    const r = setup(reads(CARD.slice(0, 40)));
    r.ccw(0x100, 0x02, 0x1000, CD, 30);
    r.ccw(0x108, 0x02, 0x2000, SLI, 50);
    r.caw(0x100);
    // Data chaining does not suppress IL: SLI applies only with no data chaining.
    expect(sioThenTio(r).csw).toBe('00000110 0C000028');
  });

  it('data chaining gathers output from the CCWs', () => {
    const r = setup();
    r.storage.load(0x1000, Uint8Array.of(1, 2, 3));
    r.storage.load(0x2000, Uint8Array.of(4, 5));
    r.ccw(0x100, 0x01, 0x1000, CD, 3);
    r.ccw(0x108, 0x01, 0x2000, 0, 2);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000110 0C000000');
    expect(r.dev.requests[0]!.data).toEqual([1, 2, 3, 4, 5]);
  });

  it('SKIP suppresses storing but the data count is consumed', () => {
    const r = setup();
    r.ccw(0x100, 0x02, 0x1000, CD | SKIP, 30);
    r.ccw(0x108, 0x02, 0x2000, 0, 50);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000110 0C000000');
    expect([...r.storage.slice(0x1000, 30)]).toEqual(new Array(30).fill(0));
    expect([...r.storage.slice(0x2000, 50)]).toEqual(CARD.slice(30));
  });

  it('read backward stores in descending addresses from the CCW address', () => {
    const r = setup((ccw) => {
      ccw.data.set([9, 8, 7]);
      return { unitStatus: 0x0c, residual: ccw.count - 3 };
    });
    r.ccw(0x100, 0x0c, 0x1002, SLI, 3);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000108 0C000000');
    expect([...r.storage.slice(0x1000, 3)]).toEqual([7, 8, 9]);
  });
});

describe('TIC', () => {
  it('transfers to another CCW, which may continue a data chain', () => {
    const r = setup();
    r.ccw(0x100, 0x02, 0x1000, CD, 30);
    r.ccw(0x108, 0x08, 0x200, 0, 0);
    r.ccw(0x200, 0x02, 0x2000, 0, 50);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000208 0C000000');
    expect([...r.storage.slice(0x2000, 50)]).toEqual(CARD.slice(30));
  });

  it('TIC to TIC is a program check naming the second TIC', () => {
    const r = setup();
    r.ccw(0x100, 0x03, 0, CC, 1);
    r.ccw(0x108, 0x08, 0x200, 0, 0);
    r.ccw(0x200, 0x08, 0x300, 0, 0);
    r.caw(0x100);
    expect(sioThenTio(r)).toEqual({ sio: 0, tio: 1, csw: '00000208 00200000' });
  });

  it('a TIC to an address not on a doubleword is a program check naming the TIC', () => {
    const r = setup();
    r.ccw(0x100, 0x03, 0, CC, 1);
    r.ccw(0x108, 0x08, 0x204, 0, 0);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000110 00200000');
  });

  it('a TIC beyond storage is a program check naming the TIC', () => {
    const r = setup();
    r.ccw(0x100, 0x03, 0, CC, 1);
    r.ccw(0x108, 0x08, 0xfff000, 0, 0);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000110 00200000');
  });
});

describe('program and protection checks', () => {
  // The count field is unpredictable after a program check; it shows the CCW's count, as in Hercules.
  it.each([
    ['zero count', 0x02, 0x1000, 0, 0, '00000108 00200000'],
    ['invalid command code', 0x00, 0x1000, 0, 80, '00000108 00200050'],
    ['invalid command code X\'F0\'', 0xf0, 0x1000, 0, 80, '00000108 00200050'],
    ['IDA flag', 0x02, 0x1000, 0x04, 80, '00000108 00200050'],
    ['flag bit 38', 0x02, 0x1000, 0x02, 80, '00000108 00200050'],
  ])('%s in the first CCW: SIO CC 1, CSW program check, the device not started', (_n, cmd, addr, flags, count, csw) => {
    const r = setup();
    r.ccw(0x100, cmd, addr, flags, count);
    r.caw(0x100);
    expect(r.io('SIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe(csw);
    expect(r.dev.requests.length).toBe(0);
    expect(r.io('TIO', 0x00c)).toBe(0);
  });

  it('a check in a chained CCW ends the program with an interruption', () => {
    const r = setup();
    r.ccw(0x100, 0x02, 0x1000, CC, 80);
    r.ccw(0x108, 0x02, 0x1000, 0, 0);
    r.caw(0x100);
    expect(sioThenTio(r)).toEqual({ sio: 0, tio: 1, csw: '00000110 00200000' });
  });

  it.each([
    ['not on a doubleword', 0x00000104, '0000010C 00200000'],
    ['bits 4-7 not zero', 0x01000100, '00000108 00200000'],
  ])('CAW %s: SIO CC 1 with program check (CCW address field: CAW address + 8, as Hercules)', (_n, caw, csw) => {
    const r = setup();
    r.storage.write32(0x48, caw);
    expect(r.io('SIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe(csw);
  });

  it('a CCW address beyond storage is a program check', () => {
    const r = setup();
    r.caw(0x20000);
    expect(r.io('SIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00020008 00200000');
  });

  it('data beyond storage: the bytes up to the end are stored, then program check', () => {
    const r = setup();
    r.ccw(0x100, 0x02, 0xfff0, 0, 80);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000108 0C200040');
    expect([...r.storage.slice(0xfff0, 16)]).toEqual(CARD.slice(0, 16));
  });

  it('output from beyond storage at the first byte: program check, device not started', () => {
    const r = setup();
    r.ccw(0x100, 0x01, 0x10000, 0, 80);
    r.caw(0x100);
    expect(r.io('SIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000108 00200050');
    expect(r.dev.requests.length).toBe(0);
  });

  it('the CAW key is checked against storage keys: protection check on store', () => {
    const r = setup();
    r.storage.keys[0x1000 >>> 11] = 0x20;
    r.ccw(0x100, 0x02, 0x1000, 0, 80);
    r.caw(0x100, 3);
    expect(sioThenTio(r).csw).toBe('30000108 0C100050');
    expect(r.storage.read8(0x1000)).toBe(0);
    r.caw(0x100, 2);
    expect(sioThenTio(r).csw).toBe('20000108 0C000000');
    expect(r.storage.read8(0x1000)).toBe(1);
  });

  it('fetch protection applies to CCWs and output data, not to key 0', () => {
    const r = setup();
    r.ccw(0x1000, 0x01, 0x1100, 0, 4);
    r.storage.keys[0x1000 >>> 11] = 0x28; // key 2, fetch protected
    r.caw(0x1000, 3);
    expect(r.io('SIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('30001008 00100000');
    r.caw(0x1000, 0);
    expect(sioThenTio(r).csw).toBe('00001008 0C000000');
  });

  it('reference and change bits are set by channel stores', () => {
    const r = setup();
    r.ccw(0x100, 0x02, 0x3000, 0, 80);
    r.caw(0x100);
    sioThenTio(r);
    expect(r.storage.keys[0x3000 >>> 11]! & 0x06).toBe(0x06);
  });
});

describe('status from the device', () => {
  it('unit check with no data at the first CCW: SIO CC 1 with the CSW', () => {
    const r = setup(() => ({ unitStatus: 0x0e, residual: 80 }));
    r.ccw(0x100, 0x02, 0x1000, CC | SLI, 80);
    r.ccw(0x108, 0x02, 0x1000, 0, 80);
    r.caw(0x100);
    expect(r.io('SIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000108 0E000050');
  });

  it('status modifier makes command chaining skip one CCW', () => {
    let n = 0;
    const r = setup(() => ({ unitStatus: n++ === 0 ? 0x4c : 0x0c, residual: 0 }));
    r.ccw(0x100, 0x03, 0, CC, 1);
    r.ccw(0x108, 0x01, 0x1000, 0, 1);
    r.ccw(0x110, 0x03, 0, 0, 1);
    r.caw(0x100);
    sioThenTio(r);
    expect(r.dev.requests.map((q) => q.command)).toEqual([0x03, 0x03]);
    expect(r.csw()).toBe('00000118 0C000000');
  });

  it('unit exception ends the chain; the unused count still shows incorrect length without SLI (as Hercules)', () => {
    const r = setup((ccw) => ({ unitStatus: 0x0d, residual: ccw.count }));
    r.ccw(0x100, 0x02, 0x1000, CC, 80);
    r.ccw(0x108, 0x02, 0x1000, 0, 80);
    r.caw(0x100);
    expect(sioThenTio(r)).toEqual({ sio: 0, tio: 1, csw: '00000108 0D400050' });
  });

  it('an immediate command without chaining: SIO CC 1 with CE+DE', () => {
    const r = setup();
    r.ccw(0x100, 0x03, 0, 0, 1);
    r.caw(0x100);
    expect(r.io('SIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000108 0C000000');
    expect(r.io('TIO', 0x00c)).toBe(0);
  });

  it('SIOF: the same case sets CC 0 and the interruption carries deferred CC 1', () => {
    const r = setup();
    r.ccw(0x100, 0x03, 0, 0, 1);
    r.caw(0x100);
    expect(r.io('SIOF', 0x00c)).toBe(0);
    expect(r.io('TIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('01000108 0C000000');
  });

  it('channel end without device end leaves the device busy until it presents device end', () => {
    const r = setup(() => ({ unitStatus: 0x08, residual: 0 }));
    r.ccw(0x100, 0x02, 0x1000, 0, 80);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000108 08000000');
    r.storage.write32(0x44, 0);
    expect(r.io('SIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000108 10000000');
    expect(r.io('TIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000108 10000000');
    r.dev.host!.presentStatus(r.dev, 0x04);
    expect(r.io('TIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000000 04000000');
    expect(r.io('TIO', 0x00c)).toBe(0);
  });
});

describe('PCI and asynchronous devices', () => {
  it('a PCI still pending when the program ends is shown in the final CSW', () => {
    const r = setup();
    r.ccw(0x100, 0x03, 0, CC | PCI, 1);
    r.ccw(0x108, 0x02, 0x1000, 0, 80);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000110 0C800000');
    expect(r.io('TIO', 0x00c)).toBe(0);
  });

  it('a PCI taken while the device works is an intermediate interruption; the final CSW has no PCI', () => {
    let finish: (() => void) | undefined;
    const r = setup((ccw, done) => {
      if (ccw.command === 0x03) return { unitStatus: 0x0c, residual: 0 };
      finish = () => {
        ccw.data.set(CARD);
        done({ unitStatus: 0x0c, residual: 0 });
      };
      return 'pending';
    });
    r.ccw(0x100, 0x03, 0, CC | PCI | SLI, 1);
    r.ccw(0x108, 0x02, 0x1000, 0, 80);
    r.caw(0x100);
    expect(r.io('SIO', 0x00c)).toBe(0);
    expect(r.ch.state(0x00c)).toBe('working');
    expect(r.io('TIO', 0x00c)).toBe(2);
    expect(r.io('SIO', 0x00c)).toBe(2);
    // Enable channel 0 in a BC-mode PSW and take the PCI interruption.
    r.cpu.loadPsw(0x80000000, 0x00001000);
    r.storage.write32(0x78, 0x00000000);
    r.storage.write32(0x7c, 0x00002000);
    expect(r.ch.takeInterrupt(r.cpu)).toBe(true);
    expect(r.csw()).toBe('00000108 00800000');
    expect(r.storage.read32(0x38)).toBe(0x8000000c);
    expect(r.storage.read32(0x3c)).toBe(0x00001000);
    finish!();
    expect(r.io('TIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000110 0C000000');
    expect(r.storage.read8(0x1000)).toBe(1);
  });

  it('a long channel program yields after maxBurst CCWs and goes on later', () => {
    const r = setup();
    for (let i = 0; i < 100; i++) r.ccw(0x100 + i * 8, 0x03, 0, CC | SLI, 1);
    r.ccw(0x100 + 100 * 8, 0x02, 0x1000, 0, 80);
    r.caw(0x100);
    expect(r.io('SIO', 0x00c)).toBe(0);
    expect(r.ch.state(0x00c)).toBe('working');
    r.drain();
    expect(r.io('TIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000428 0C000000');
    expect(r.dev.requests.length).toBe(101);
  });

  it('an endless NOP/TIC loop keeps the subchannel working until HIO ends it', () => {
    const r = setup();
    r.ccw(0x100, 0x03, 0, CC | SLI, 1);
    r.ccw(0x108, 0x08, 0x100, 0, 0);
    r.caw(0x100);
    expect(r.io('SIO', 0x00c)).toBe(0);
    expect(r.deferred.length).toBe(1);
    r.deferred.shift()!();
    expect(r.deferred.length).toBe(1);
    expect(r.ch.state(0x00c)).toBe('working');
    r.storage.write32(0x40, 0x12345678);
    r.storage.write32(0x44, 0xffffffff);
    expect(r.io('HIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('12345678 0000FFFF');
    expect(r.dev.halted).toBe(1);
    expect(r.io('TIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000108 0C000000');
    r.deferred.shift()!();
    expect(r.ch.state(0x00c)).toBe('idle');
    expect(r.dev.requests.length).toBe(128);
  });

});

describe('a device that fails in the host', () => {
  it('shows as an interface-control check instead of an exception', () => {
    const r = setup(() => {
      throw new Error('host failure');
    });
    r.ccw(0x100, 0x02, 0x1000, 0, 80);
    r.caw(0x100);
    expect(r.io('SIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000108 00020050');
    expect(r.ch.state(0x00c)).toBe('idle');
  });
});

describe('data addresses do not wrap', () => {
  it('read backward below address 0 is a program check after the bytes at and above 0', () => {
    const r = setup((ccw) => {
      ccw.data.set([9, 8, 7]);
      return { unitStatus: 0x0c, residual: 0 };
    });
    r.ccw(0x100, 0x0c, 0x000001, SLI, 3);
    r.caw(0x100);
    expect(sioThenTio(r).csw).toBe('00000108 0C200001');
    expect([...r.storage.slice(0, 2)]).toEqual([8, 9]);
  });
});
