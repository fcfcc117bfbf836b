// Condition codes of SIO, SIOF, TIO, CLRIO, HIO, HDV, TCH and STIDC in every state of the
// addressed device (GA22-7000 "Condition-Code Settings for I/O States and Functions"),
// I/O interruptions with channel masks, and the instructions as the CPU decodes them.
import { describe, expect, it } from 'vitest';
import { executeInstruction, run } from '../../index.ts';
import { reads, rig, ScriptDevice } from './fixture.ts';

type State = 'absent' | 'available' | 'attention pending' | 'device busy' | 'subchannel pending' | 'subchannel working';

const PATTERN = 'AAAAAAAA BBBBBBBB';

function inState(state: State) {
  const r = rig();
  let pendingDone: (() => void) | undefined;
  const dev = new ScriptDevice(0x00c, reads([1, 2, 3]));
  if (state !== 'absent') r.ch.attach(dev);
  r.ccw(0x100, 0x02, 0x1000, 0x20, 3);
  r.caw(0x100);
  if (state === 'attention pending') dev.host!.presentStatus(dev, 0x80);
  if (state === 'subchannel pending') expect(r.io('SIO', 0x00c)).toBe(0);
  if (state === 'device busy') {
    dev.answer = () => ({ unitStatus: 0x08, residual: 0 });
    expect(r.io('SIO', 0x00c)).toBe(0);
    expect(r.io('TIO', 0x00c)).toBe(1);
    dev.answer = reads([1, 2, 3]);
  }
  if (state === 'subchannel working') {
    dev.answer = (ccw, done) => {
      pendingDone = () => done({ unitStatus: 0x0c, residual: ccw.count });
      return 'pending';
    };
    expect(r.io('SIO', 0x00c)).toBe(0);
  }
  r.storage.write32(0x40, 0xaaaaaaaa);
  r.storage.write32(0x44, 0xbbbbbbbb);
  return { ...r, dev, finish: () => pendingDone?.() };
}

// [state, instruction, CC, CSW at X'40' afterwards, state word after]
const TABLE: [State, string, number, string, string][] = [
  ['absent', 'SIO', 3, PATTERN, 'absent'],
  ['absent', 'SIOF', 3, PATTERN, 'absent'],
  ['absent', 'TIO', 3, PATTERN, 'absent'],
  ['absent', 'CLRIO', 3, PATTERN, 'absent'],
  ['absent', 'HIO', 3, PATTERN, 'absent'],
  ['absent', 'HDV', 3, PATTERN, 'absent'],
  ['available', 'SIO', 0, PATTERN, 'pending'],
  ['available', 'SIOF', 0, PATTERN, 'pending'],
  ['available', 'TIO', 0, PATTERN, 'idle'],
  ['available', 'CLRIO', 0, PATTERN, 'idle'],
  ['available', 'HIO', 1, 'AAAAAAAA 0000BBBB', 'idle'],
  ['available', 'HDV', 1, 'AAAAAAAA 0000BBBB', 'idle'],
  ['attention pending', 'SIO', 1, 'AAAAAAAA 9000BBBB', 'idle'],
  ['attention pending', 'SIOF', 1, 'AAAAAAAA 9000BBBB', 'idle'],
  ['attention pending', 'TIO', 1, '00000000 80000000', 'idle'],
  ['attention pending', 'CLRIO', 0, PATTERN, 'pending'],
  ['attention pending', 'HIO', 1, 'AAAAAAAA 0000BBBB', 'pending'],
  ['attention pending', 'HDV', 1, 'AAAAAAAA 0000BBBB', 'pending'],
  ['device busy', 'SIO', 1, 'AAAAAAAA 1000BBBB', 'busy'],
  ['device busy', 'SIOF', 1, 'AAAAAAAA 1000BBBB', 'busy'],
  ['device busy', 'TIO', 1, 'AAAAAAAA 1000BBBB', 'busy'],
  ['device busy', 'CLRIO', 0, PATTERN, 'busy'],
  ['device busy', 'HIO', 1, 'AAAAAAAA 0000BBBB', 'busy'],
  ['subchannel pending', 'SIO', 2, PATTERN, 'pending'],
  ['subchannel pending', 'SIOF', 2, PATTERN, 'pending'],
  ['subchannel pending', 'TIO', 1, '00000108 0C000000', 'idle'],
  ['subchannel pending', 'CLRIO', 1, '00000108 0C000000', 'idle'],
  ['subchannel pending', 'HIO', 0, PATTERN, 'pending'],
  ['subchannel pending', 'HDV', 0, PATTERN, 'pending'],
  ['subchannel working', 'SIO', 2, PATTERN, 'working'],
  ['subchannel working', 'SIOF', 2, PATTERN, 'working'],
  ['subchannel working', 'TIO', 2, PATTERN, 'working'],
  ['subchannel working', 'CLRIO', 1, '00000108 00000000', 'idle'],
  ['subchannel working', 'HIO', 1, 'AAAAAAAA 0000BBBB', 'pending'],
  ['subchannel working', 'HDV', 1, 'AAAAAAAA 0000BBBB', 'pending'],
];

describe('condition codes by device state', () => {
  it.each(TABLE)('%s: %s sets CC %i, X\'40\' = %s, then %s', (state, ins, cc, csw, after) => {
    const r = inState(state);
    expect(r.io(ins, 0x00c)).toBe(cc);
    expect(r.csw()).toBe(csw);
    expect(r.ch.state(0x00c)).toBe(after);
  });

  it('HIO on a working subchannel: the device is halted and the ending interruption has CE+DE', () => {
    const r = inState('subchannel working');
    expect(r.io('HIO', 0x00c)).toBe(1);
    expect(r.dev.halted).toBe(1);
    r.finish(); // a late completion from the device is ignored
    expect(r.io('TIO', 0x00c)).toBe(1);
    expect(r.csw()).toBe('00000108 0C000000');
    expect(r.io('TIO', 0x00c)).toBe(0);
  });

  it('CLRIO on a working subchannel makes it available with no interruption', () => {
    const r = inState('subchannel working');
    expect(r.io('CLRIO', 0x00c)).toBe(1);
    r.finish();
    expect(r.io('TIO', 0x00c)).toBe(0);
    expect(r.io('SIO', 0x00c)).toBe(0);
  });
});

describe('TCH and STIDC', () => {
  it('TCH: 3 for a channel with no devices, 0 when idle, 1 with an interruption pending on the channel', () => {
    const r = rig();
    r.ch.attach(new ScriptDevice(0x00c, reads([1])));
    r.ch.attach(new ScriptDevice(0x180, reads([1])));
    expect(r.io('TCH', 0x200)).toBe(3);
    expect(r.io('TCH', 0x000)).toBe(0);
    r.ccw(0x100, 0x02, 0x1000, 0x20, 1);
    r.caw(0x100);
    expect(r.io('SIO', 0x180)).toBe(0);
    expect(r.io('TCH', 0x100)).toBe(1);
    expect(r.io('TCH', 0x000)).toBe(0);
  });

  it('STIDC stores the channel type at X\'A8\': byte multiplexer for channel 0, block multiplexer for others', () => {
    const r = rig();
    r.ch.attach(new ScriptDevice(0x00c, reads([1])));
    r.ch.attach(new ScriptDevice(0x180, reads([1])));
    expect(r.io('STIDC', 0x000)).toBe(0);
    expect(r.storage.read32(0xa8)).toBe(0x10000000);
    expect(r.io('STIDC', 0x100)).toBe(0);
    expect(r.storage.read32(0xa8)).toBe(0x20000000);
    r.storage.write32(0xa8, 0x12345678);
    expect(r.io('STIDC', 0x300)).toBe(3);
    expect(r.storage.read32(0xa8)).toBe(0x12345678);
  });
});

describe('I/O interruptions', () => {
  function twoPending() {
    const r = rig();
    r.ch.attach(new ScriptDevice(0x00c, reads([1])));
    r.ch.attach(new ScriptDevice(0x10e, reads([1])));
    r.ccw(0x100, 0x02, 0x1000, 0x20, 1);
    r.caw(0x100);
    expect(r.io('SIO', 0x00c)).toBe(0);
    r.ccw(0x200, 0x02, 0x1001, 0x20, 1);
    r.caw(0x200);
    expect(r.io('SIO', 0x10e)).toBe(0);
    r.storage.write32(0x78, 0x00000000); // I/O new PSW: BC, disabled
    r.storage.write32(0x7c, 0x00008000);
    return r;
  }

  it('BC mode: only channels whose mask bit is on; the device address goes into the old PSW', () => {
    const r = twoPending();
    r.cpu.loadPsw(0x40000000, 0x00001234); // channel 1 only
    expect(r.ch.takeInterrupt(r.cpu)).toBe(true);
    expect(r.csw()).toBe('00000208 0C000000');
    expect(r.storage.read32(0x38)).toBe(0x4000010e);
    expect(r.storage.read32(0x3c) & 0xffffff).toBe(0x1234);
    expect(r.cpu.ia).toBe(0x8000);
    expect(r.ch.takeInterrupt(r.cpu)).toBe(false); // now disabled
    r.cpu.loadPsw(0x80000000, 0x00001234);
    expect(r.ch.takeInterrupt(r.cpu)).toBe(true);
    expect(r.storage.read32(0x38)).toBe(0x8000000c);
    expect(r.csw()).toBe('00000108 0C000000');
  });

  it('EC mode: PSW bit 6 and the CR2 channel mask; the device address at X\'BA\'', () => {
    const r = twoPending();
    r.cpu.cr[2] = 0x80000000; // channel 0 only
    r.cpu.loadPsw(0x02080000, 0x00001234);
    expect(r.ch.takeInterrupt(r.cpu)).toBe(true);
    expect(r.storage.read16(0xba)).toBe(0x000c);
    expect(r.storage.read32(0x38)).toBe(0x02080000);
    r.cpu.loadPsw(0x02080000, 0x00001234);
    expect(r.ch.takeInterrupt(r.cpu)).toBe(false);
    r.cpu.cr[2] = 0x40000000;
    expect(r.ch.takeInterrupt(r.cpu)).toBe(true);
    expect(r.storage.read16(0xba)).toBe(0x010e);
  });

  it('the interpreter takes a pending interruption between instructions and leaves a wait', () => {
    const r = twoPending();
    r.storage.write32(0x78, 0x00020000); // I/O new PSW: disabled wait at X'8000'
    r.cpu.loadPsw(0xfe020000, 0x00004000); // enabled wait, external interruptions off
    expect(run(r.cpu, 100)).toBe('wait');
    expect(r.storage.read32(0x38)).toBe(0xfe02000c);
    expect(r.cpu.isDisabledWait()).toBe(true);
  });
});

describe('the instructions as decoded by the CPU', () => {
  it('SIO takes the I/O address from bits 16-31 of D2(B2)', () => {
    const r = rig();
    r.ch.attach(new ScriptDevice(0x10c, reads([7])));
    r.ccw(0x100, 0x02, 0x1000, 0x20, 1);
    r.caw(0x100);
    r.cpu.gpr[5] = 0x7f0100; // high bits of the address are not part of the I/O address
    executeInstruction(r.cpu, (0x9c00 << 16) | (5 << 12) | 0x00c, 0);
    expect(r.cpu.cc).toBe(0);
    executeInstruction(r.cpu, (0x9d00 << 16) | (5 << 12) | 0x00c, 0);
    expect(r.cpu.cc).toBe(1);
    expect(r.storage.read8(0x1000)).toBe(7);
    for (const op of [0x9c00, 0x9c01, 0x9d00, 0x9d01, 0x9e00, 0x9e01, 0xb203]) {
      executeInstruction(r.cpu, (op << 16) | 0x00d, 0);
      expect(r.cpu.cc).toBe(3);
    }
    executeInstruction(r.cpu, (0x9f00 << 16) | (5 << 12), 0);
    expect(r.cpu.cc).toBe(0);
  });

  it('in the problem state SIO is a privileged-operation exception', () => {
    const r = rig();
    r.storage.write32(0x4000, 0x9c00000c);
    r.storage.write32(0x68, 0x00020000);
    r.storage.write32(0x6c, 0x00000068);
    r.cpu.loadPsw(0x00010000, 0x00004000);
    expect(run(r.cpu, 10)).toBe('wait');
    expect(r.storage.read32(0x28)).toBe(0x00010002);
    expect(r.storage.read32(0x2c)).toBe(0x80004004);
  });
});
