import { describe, expect, it } from 'vitest';
import { CpuComplex, run, runStandalone } from '../../index.ts';
import { ecPsw, exec, FakeTime, get, hex8, newCpu, put, traps } from '../control/machine.ts';

function complexOf(n: number) {
  const cpu0 = newCpu({ size: 256 * 1024 });
  const cx = new CpuComplex(cpu0, n);
  return { cx, cpu0, cpu1: cx.cpus[1]! };
}

/** SIGP R1=1,R3=2 with the order in the displacement; GR2 holds the CPU address. */
function sigp(cpu: ReturnType<typeof newCpu>, target: number, order: number): number {
  cpu.gpr[2] = target;
  expect(exec(cpu, 'AE120' + order.toString(16).toUpperCase().padStart(3, '0'))).toBe(0);
  return cpu.cc;
}

describe('SIGP orders and condition codes (GA22-7000 "Signal Processor")', () => {
  it('sense: a stopped CPU stores status X\'40\' with cc 1; an operating one gives cc 0; no CPU cc 3', () => {
    const { cpu0 } = complexOf(2);
    cpu0.gpr[1] = -1;
    expect(sigp(cpu0, 1, 0x01)).toBe(1);
    expect(hex8(cpu0.gpr[1]!)).toBe('00000040');
    cpu0.gpr[1] = -1;
    expect(sigp(cpu0, 0, 0x01)).toBe(0);
    expect(cpu0.gpr[1]).toBe(-1);
    expect(sigp(cpu0, 2, 0x01)).toBe(3);
    expect(sigp(cpu0, 0x100, 0x01)).toBe(3);
  });
  it('unassigned orders: status "invalid order" (bit 30), cc 1', () => {
    const { cpu0 } = complexOf(2);
    for (const order of [0x00, 0x0a, 0x0f, 0x12, 0xff]) {
      expect(sigp(cpu0, 1, order)).toBe(1);
      expect(hex8(cpu0.gpr[1]!)).toBe('00000002');
    }
  });
  it('external call: one can be pending; a second gives status X\'80\'', () => {
    const { cpu0, cpu1 } = complexOf(2);
    expect(sigp(cpu0, 1, 0x02)).toBe(0);
    expect(cpu1.extPending & 0x02).toBe(0x02);
    expect(sigp(cpu0, 1, 0x02)).toBe(1);
    expect(hex8(cpu0.gpr[1]!)).toBe('00000080');
    expect(sigp(cpu0, 1, 0x01)).toBe(1);
    expect(hex8(cpu0.gpr[1]!)).toBe('000000C0');
  });
  it('emergency signals from two CPUs are two interruptions, lowest CPU address first, with the sender at X\'84\'', () => {
    const { cx, cpu0 } = complexOf(3);
    const [, c1, c2] = cx.cpus;
    expect(sigp(c2!, 0, 0x03)).toBe(0);
    expect(sigp(c1!, 0, 0x03)).toBe(0);
    traps(cpu0, true);
    cpu0.cr[0] = 0x00004000; // emergency-signal subclass only
    // The external new PSW returns to X'900' enabled, where a loop runs.
    cpu0.storage.write32(0x58, ecPsw(0x00));
    cpu0.storage.write32(0x5c, 0x900);
    put(cpu0, 0x900, '4870 0084 4177 0100 8200 0018'); // LH 7,X'84'; LA 7,256(7); LPSW X'18'
    put(cpu0, 0x800, '47F0 0800');
    cpu0.loadPsw(ecPsw(0x01), 0x800);
    run(cpu0, 3);
    expect(get(cpu0, 0x86, 2)).toBe('1201');
    expect(cpu0.gpr[7]).toBe(0x101);
    run(cpu0, 3);
    expect(cpu0.gpr[7]).toBe(0x102);
    expect(cpu0.extPending & 0x01).toBe(0);
  });
  it('set prefix needs a stopped CPU and a prefix area inside storage', () => {
    const { cx, cpu0, cpu1 } = complexOf(2);
    cpu0.gpr[1] = 0x00018fff; // parameter: R1 odd -> R1 itself
    expect(sigp(cpu0, 1, 0x0d)).toBe(0);
    expect(hex8(cpu1.prefix)).toBe('00018000');
    cpu0.gpr[1] = 0x00040000;
    expect(sigp(cpu0, 1, 0x0d)).toBe(1);
    expect(hex8(cpu0.gpr[1]!)).toBe('00000100');
    cx.state[1] = 'operating';
    cpu0.gpr[1] = 0x00020000;
    expect(sigp(cpu0, 1, 0x0d)).toBe(1);
    expect(hex8(cpu0.gpr[1]!)).toBe('00000200');
    expect(hex8(cpu1.prefix)).toBe('00018000');
  });
  it('restart starts a stopped CPU with a restart interruption from its own prefix area', () => {
    const { cx, cpu0, cpu1 } = complexOf(2);
    cpu0.gpr[1] = 0x8000;
    expect(sigp(cpu0, 1, 0x0d)).toBe(0);
    put(cpu0, 0x8000, '00000000 00003000'); // CPU 1's restart new PSW (absolute X'8000' = its real 0)
    put(cpu0, 0x3000, '4150 004D 8200 0F00'); // LA 5,77; LPSW X'F00' (its real X'F00' = absolute X'8F00')
    put(cpu0, 0x8f00, '000A0000 00000999');
    expect(cx.state[1]).toBe('stopped');
    expect(sigp(cpu0, 1, 0x06)).toBe(0);
    expect(cx.state[1]).toBe('operating');
    expect(hex8(cpu0.storage.read32(0x800c))).toBe('00000000'); // restart old PSW at its real 8
    cx.state[0] = 'stopped';
    cx.round(100);
    expect(cpu1.gpr[5]).toBe(77);
    expect(cpu1.isDisabledWait()).toBe(true);
    expect(cpu1.ia).toBe(0x999);
  });
  it('stop, start and sense', () => {
    const { cx, cpu0 } = complexOf(2);
    expect(sigp(cpu0, 1, 0x04)).toBe(0);
    expect(cx.state[1]).toBe('operating');
    expect(sigp(cpu0, 1, 0x01)).toBe(0);
    expect(sigp(cpu0, 1, 0x05)).toBe(0);
    expect(cx.state[1]).toBe('stopped');
  });
  it('stop and store status: registers, PSW, prefix and timers at absolute X\'D8\'-X\'1FF\'', () => {
    const { cx, cpu0, cpu1 } = complexOf(2);
    cx.state[1] = 'operating';
    for (let i = 0; i < 16; i++) cpu1.gpr[i] = 0x11110000 + i;
    cpu1.cr[5] = 0x55555555;
    cpu1.fpr[0] = 0x41100000;
    cpu1.prefix = 0x4000;
    cpu1.loadPsw(0x070c0000, 0x123456);
    cpu1.cc = 2;
    cpu1.timers.setClockComparator(0x0123456789abc000n);
    expect(sigp(cpu0, 1, 0x09)).toBe(0);
    expect(cx.state[1]).toBe('stopped');
    expect(get(cpu0, 0x180, 8)).toBe('1111000011110001');
    expect(get(cpu0, 0x1bc, 4)).toBe('1111000F');
    expect(get(cpu0, 0x1d4, 4)).toBe('55555555');
    expect(get(cpu0, 0x160, 4)).toBe('41100000');
    expect(get(cpu0, 0x100, 8)).toBe('070C200000123456');
    expect(get(cpu0, 0x108, 4)).toBe('00004000');
    expect(get(cpu0, 0xe0, 8)).toBe('0123456789ABC000');
  });
  it('store status at address (order X\'0E\') needs a stopped CPU', () => {
    const { cx, cpu0, cpu1 } = complexOf(2);
    cpu1.gpr[3] = 0x33;
    cpu0.gpr[1] = 0x10000;
    expect(sigp(cpu0, 1, 0x0e)).toBe(0);
    expect(get(cpu0, 0x1018c, 4)).toBe('00000033');
    cx.state[1] = 'operating';
    expect(sigp(cpu0, 1, 0x0e)).toBe(1);
    expect(hex8(cpu0.gpr[1]!)).toBe('00000200');
  });
  it('CPU reset keeps registers; initial CPU reset also resets control registers and prefix; both stop the CPU', () => {
    const { cx, cpu0, cpu1 } = complexOf(2);
    cx.state[1] = 'operating';
    cpu1.cr[0] = 0x12345678;
    cpu1.prefix = 0x4000;
    cpu1.gpr[4] = 4;
    cpu1.loadPsw(0x070c0000, 0x5000);
    expect(sigp(cpu0, 1, 0x0c)).toBe(0);
    expect(cx.state[1]).toBe('stopped');
    expect(hex8(cpu1.cr[0]!)).toBe('12345678');
    expect(cpu1.ia).toBe(0);
    expect(cpu1.ec).toBe(false);
    expect(sigp(cpu0, 1, 0x0b)).toBe(0);
    expect(hex8(cpu1.cr[0]!)).toBe('000000E0');
    expect(cpu1.prefix).toBe(0);
    expect(cpu1.gpr[4]).toBe(4);
  });
  it('a SIGP stop to itself stops the issuing CPU after the SIGP completes', () => {
    const { cx, cpu0 } = complexOf(2);
    cpu0.gpr[2] = 0;
    put(cpu0, 0x800, 'AE12 0005 4150 0001');
    cpu0.loadPsw(0, 0x800);
    cx.round(100);
    expect(cx.state[0]).toBe('stopped');
    expect(cpu0.ia).toBe(0x804);
    expect(cpu0.cc).toBe(0);
    expect(cpu0.gpr[5]).toBe(0);
  });
});

describe('CPU timer of a stopped CPU', () => {
  it('holds its value while the CPU is stopped and runs again when it operates', () => {
    const time = new FakeTime();
    const cpu0 = newCpu({ size: 256 * 1024, time });
    const cx = new CpuComplex(cpu0, 2);
    const cpu1 = cx.cpus[1]!;
    cpu1.timers.setCpuTimer(1000n << 12n);
    time.t += 300;
    expect(cpu1.timers.cpuTimer()).toBe(1000n << 12n);
    expect(sigp(cpu0, 1, 0x04)).toBe(0); // start
    cx.round(0);
    time.t += 300;
    expect(cpu1.timers.cpuTimer()).toBe(700n << 12n);
    expect(sigp(cpu0, 1, 0x05)).toBe(0); // stop
    time.t += 300;
    expect(cpu1.timers.cpuTimer()).toBe(700n << 12n);
  });
});

describe('CS under interleaved CPUs', () => {
  it('two CPUs incrementing one counter with CS, switched every 3 instructions, lose no update', () => {
    const { cx, cpu0, cpu1 } = complexOf(2);
    // R11 -> counter at X'2000', R12 -> code at X'3000', R6 = iterations, R7 counts CS retries.
    put(cpu0, 0x3000, '5830B000 1843 41440001 BA34B000 4780C01A 41770001 47F0C004 4660C000 8200B100');
    put(cpu0, 0x2100, '000A0000 00000999');
    put(cpu0, 0x8000, '00000000 00003000');
    for (const c of [cpu0, cpu1]) {
      c.gpr[6] = 300;
      c.gpr[11] = 0x2000;
      c.gpr[12] = 0x3000;
    }
    cpu0.gpr[1] = 0x8000;
    expect(sigp(cpu0, 1, 0x0d)).toBe(0);
    expect(sigp(cpu0, 1, 0x06)).toBe(0);
    cpu0.loadPsw(0, 0x3000);
    for (let i = 0; i < 10_000 && !(cpu0.wait && cpu1.wait); i++) cx.round(3);
    expect(cpu0.ia).toBe(0x999);
    expect(cpu1.ia).toBe(0x999);
    expect(cpu0.storage.read32(0x2000)).toBe(600);
    expect(cpu0.gpr[7]! + cpu1.gpr[7]!).toBeGreaterThan(0);
  });
});

describe('vm370 run --cpus', () => {
  it('runs CPU 0 with the others stopped and reports every CPU', async () => {
    // SIGP sense CPU 1 (R3=2 holds 1), store R1 at X'900', then a disabled wait.
    const image = Uint8Array.from(Buffer.from('41200001AE1200015010090082000810000200000000ABCD', 'hex'));
    const r = await runStandalone({ image, mode: { kind: 'bin', origin: 0x800, entry: 0x800 }, storageSize: 64 * 1024, maxInstructions: 1000, cpus: 2 });
    expect(r.status).toBe('wait');
    expect(r.psw).toBe('000200000000ABCD');
    expect(get(r.cpu, 0x900, 4)).toBe('00000040');
    expect(r.complex?.state).toEqual(['operating', 'stopped']);
    const one = await runStandalone({ image, mode: { kind: 'bin', origin: 0x800, entry: 0x800 }, storageSize: 64 * 1024, maxInstructions: 1000 });
    expect(one.complex).toBeUndefined();
    expect(get(one.cpu, 0x900, 4)).toBe('00000000'); // cc 3 (no other CPU): R1 not stored
  });
});
