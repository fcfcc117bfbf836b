import { describe, expect, it } from 'vitest';
import { pressInterruptKey, run } from '../../index.ts';
import { ecPsw, exec, FakeTime, get, hex8, newCpu, put, traps } from '../control/machine.ts';

const CR0_CKC = 0x00000800; // bit 20
const CR0_CPT = 0x00000400; // bit 21
const LOOP = '47F0 0800'; // BC 15,X'800'

/** A CPU whose clocks advance one microsecond per instruction, looping at X'800', enabled for external interruptions. */
function timedCpu(cr0Bits: number, ec = true) {
  const time = new FakeTime();
  const cpu = newCpu({ time });
  time.track(cpu);
  traps(cpu, ec);
  cpu.cr[0] = 0x60 | cr0Bits; // interval-timer subclass (bit 24) off unless a test turns it on
  put(cpu, 0x800, LOOP);
  cpu.loadPsw(ec ? ecPsw(0x01) : 0x01000000, 0x800);
  return { cpu, time };
}

describe('clock comparator (GA22-7000 "Clock Comparator")', () => {
  it('interrupts at the first instruction boundary after the TOD clock passes it', () => {
    const { cpu } = timedCpu(CR0_CKC);
    cpu.timers.setClockComparator(cpu.tod.peek() + (1000n << 12n));
    expect(run(cpu, 100_000)).toBe('wait');
    expect(cpu.instructions).toBe(1001);
    expect(get(cpu, 0x86, 2)).toBe('1004');
    expect(hex8(cpu.storage.read32(0x18))).toBe('01080000');
    expect(hex8(cpu.storage.read32(0x1c))).toBe('00000800');
    expect(cpu.ia).toBe(0x58);
  });
  it('is not taken while CR0 bit 20 is off, and is taken right after LCTL turns it on', () => {
    const { cpu } = timedCpu(0);
    cpu.timers.setClockComparator(cpu.tod.peek() + (10n << 12n));
    put(cpu, 0x900, hex8(0x60 | CR0_CKC));
    // BCT 5 times around, then LCTL 0,0,X'900', then an endless loop.
    put(cpu, 0x800, '4150 0064 4650 0804 B700 0900 47F0 080C');
    cpu.loadPsw(ecPsw(0x01), 0x800);
    expect(run(cpu, 5000)).toBe('wait');
    expect(hex8(cpu.storage.read32(0x1c))).toBe('0000080C');
    expect(get(cpu, 0x86, 2)).toBe('1004');
  });
  it('is not taken with the PSW disabled for external interruptions', () => {
    const { cpu } = timedCpu(CR0_CKC);
    cpu.loadPsw(ecPsw(0x00), 0x800);
    cpu.timers.setClockComparator(0n);
    expect(run(cpu, 3000)).toBe('limit');
    expect(cpu.ia).toBe(0x800);
  });
  it('the condition persists: it is taken again unless the program moves the comparator', () => {
    const { cpu } = timedCpu(CR0_CKC);
    cpu.timers.setClockComparator(0n);
    // The handler counts in GR7 and returns with LPSW of the external old PSW.
    cpu.storage.write32(0x58, ecPsw(0x00));
    cpu.storage.write32(0x5c, 0x900);
    put(cpu, 0x900, '4177 0001 8200 0018');
    expect(run(cpu, 30)).toBe('limit');
    expect(cpu.gpr[7]).toBe(15); // 15 interruptions, no instruction of the loop in between
    expect(get(cpu, 0x86, 2)).toBe('1004');
  });
  it('an enabled wait ends when the clock passes the comparator', () => {
    const time = new FakeTime();
    const cpu = newCpu({ time });
    traps(cpu, true);
    cpu.cr[0] = 0x60 | CR0_CKC;
    cpu.timers.setClockComparator(cpu.tod.peek() + (500n << 12n));
    cpu.loadPsw(ecPsw(0x01) | 0x00020000, 0x700);
    expect(run(cpu, 100)).toBe('wait');
    expect(cpu.isDisabledWait()).toBe(false);
    time.t += 400;
    expect(run(cpu, 100)).toBe('wait');
    expect(cpu.ia).toBe(0x700);
    time.t += 101;
    expect(run(cpu, 100)).toBe('wait');
    expect(cpu.ia).toBe(0x58);
    expect(hex8(cpu.storage.read32(0x18))).toBe('010A0000');
  });
  it('SCKC from a program sets it (low 12 bits ignored in the comparison)', () => {
    const { cpu } = timedCpu(CR0_CKC);
    cpu.timers.setClockComparator(0xffffffffffffffffn);
    const due = cpu.tod.peek() + (300n << 12n);
    put(cpu, 0x900, due.toString(16).padStart(16, '0'));
    put(cpu, 0x800, 'B206 0900 47F0 0804');
    cpu.loadPsw(ecPsw(0x01), 0x800);
    expect(run(cpu, 10_000)).toBe('wait');
    expect(cpu.instructions).toBeGreaterThanOrEqual(301);
    expect(cpu.instructions).toBeLessThanOrEqual(302);
    expect(exec(cpu, 'B2070A00')).toBe(0);
    expect(get(cpu, 0xa00, 8)).toBe(due.toString(16).toUpperCase().padStart(16, '0'));
  });
});

describe('CPU timer (GA22-7000 "CPU Timer")', () => {
  it('interrupts when the timer goes negative', () => {
    const { cpu } = timedCpu(CR0_CPT);
    cpu.timers.setCpuTimer(500n << 12n);
    expect(run(cpu, 100_000)).toBe('wait');
    expect(cpu.instructions).toBe(501);
    expect(get(cpu, 0x86, 2)).toBe('1005');
    expect(cpu.timers.cpuTimer() < 0n).toBe(true);
  });
  it('SPT with a positive value removes the condition before it is taken', () => {
    const { cpu } = timedCpu(0);
    cpu.timers.setCpuTimer(5n << 12n);
    expect(run(cpu, 100)).toBe('limit');
    expect(cpu.extPending & 0x08).toBe(0x08);
    cpu.timers.setCpuTimer(1000n << 12n);
    cpu.cr[0] |= CR0_CPT;
    expect(run(cpu, 100)).toBe('limit');
    expect(cpu.ia).toBe(0x800);
  });
  it('clock comparator before CPU timer when both are pending', () => {
    const { cpu } = timedCpu(CR0_CKC | CR0_CPT);
    cpu.timers.setCpuTimer(-1n);
    cpu.timers.setClockComparator(0n);
    run(cpu, 10);
    expect(get(cpu, 0x86, 2)).toBe('1004');
  });
});

describe('interval timer at X\'50\' (GA22-7000 "Interval Timer")', () => {
  it('counts down at 300 Hz in bit 23 and interrupts when it goes negative (BC mode code X\'0080\')', () => {
    const { cpu } = timedCpu(0x80, false);
    cpu.storage.write32(0x50, 0x00000100);
    expect(run(cpu, 100_000)).toBe('wait');
    // 257 ticks of bit 31 at 76,800 Hz: 3,346.4 microseconds.
    expect(cpu.instructions).toBe(3347);
    expect(hex8(cpu.storage.read32(0x50))).toBe('FFFFFFFF');
    expect(hex8(cpu.storage.read32(0x18))).toBe('01000080');
  });
  it('one bit-23 unit is 1/300 second (3,334 microseconds later it has stepped once)', () => {
    const time = new FakeTime();
    const cpu = newCpu({ time });
    cpu.storage.write32(0x50, 0x00010000);
    cpu.loadPsw(0, 0x800);
    put(cpu, 0x800, LOOP);
    run(cpu, 1);
    time.t += 3334;
    run(cpu, 1);
    expect(hex8(cpu.storage.read32(0x50))).toBe('0000FF00');
  });
  it('is not taken when CR0 bit 24 is off; the condition stays pending', () => {
    const { cpu } = timedCpu(0, false);
    cpu.cr[0] = 0x60;
    cpu.storage.write32(0x50, 0x00000001);
    expect(run(cpu, 200)).toBe('limit');
    expect(cpu.extPending & 0x10).toBe(0x10);
    cpu.cr[0] = 0xe0;
    run(cpu, 1);
    expect(hex8(cpu.storage.read32(0x18))).toBe('01000080');
  });
});

describe('interrupt key', () => {
  it('the operator API makes an external interruption with code X\'0040\'', () => {
    const cpu = newCpu();
    traps(cpu);
    cpu.storage.write32(0x50, 0x7fffffff);
    put(cpu, 0x800, LOOP);
    cpu.loadPsw(0x01000000, 0x800);
    expect(run(cpu, 50)).toBe('limit');
    pressInterruptKey(cpu);
    expect(run(cpu, 50)).toBe('wait');
    expect(hex8(cpu.storage.read32(0x18))).toBe('01000040');
    expect(cpu.ia).toBe(0x58);
  });
});
