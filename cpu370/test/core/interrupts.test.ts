import { describe, expect, it } from 'vitest';
import { Cpu, run, Storage } from '../../index.ts';
import { EXTP_EXTERNAL_CALL, EXTP_INTERRUPT_KEY } from '../../src/interp/pending.ts';

/** A CPU with 64K, `code` at X'800', started there in the PSW `hi` (BC mode, key 0 by default). */
function cpuWith(code: number[], hi = 0): Cpu {
  const cpu = new Cpu(new Storage(64 * 1024));
  cpu.initialReset();
  cpu.storage.load(0x800, Uint8Array.from(code));
  cpu.loadPsw(hi, 0x800);
  return cpu;
}

/** Puts a disabled-wait new PSW with IA `ia` at real location `at`. */
function trap(cpu: Cpu, at: number, ia: number, ec = false): void {
  cpu.storage.write32(at, ec ? 0x000a0000 : 0x00020000);
  cpu.storage.write32(at + 4, ia);
}

const hex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

describe('interruptions (GA22-7000 ch. 6)', () => {
  it('SVC in BC mode stores the code and ILC in the old PSW and loads the SVC new PSW', () => {
    const cpu = cpuWith([0x0a, 0x2a]); // SVC 42
    trap(cpu, 0x60, 0x111);
    expect(run(cpu, 10)).toBe('wait');
    expect(hex(cpu.storage.read32(0x20))).toBe('0000002a');
    expect(hex(cpu.storage.read32(0x24))).toBe('40000802'); // ILC 1, CC 0, IA after the SVC
    expect(cpu.ia).toBe(0x111);
    expect(cpu.isDisabledWait()).toBe(true);
  });

  it('SVC in EC mode puts ILC and code at X\'89\'-X\'8B\'', () => {
    const cpu = cpuWith([0x0a, 0x07], 0x00080000);
    trap(cpu, 0x60, 0x222, true);
    expect(run(cpu, 10)).toBe('wait');
    expect(cpu.storage.read8(0x89)).toBe(0x02);
    expect(cpu.storage.read16(0x8a)).toBe(0x0007);
    expect(hex(cpu.storage.read32(0x20))).toBe('00080000');
    expect(hex(cpu.storage.read32(0x24))).toBe('00000802');
  });

  it('an operation exception suppresses and points past the instruction, with ILC 1', () => {
    const cpu = cpuWith([0x00, 0x00]);
    trap(cpu, 0x68, 0x333);
    cpu.pgmLog = [];
    run(cpu, 10);
    expect(cpu.pgmLog).toEqual([0x01]);
    expect(hex(cpu.storage.read32(0x28))).toBe('00000001');
    expect(hex(cpu.storage.read32(0x2c))).toBe('40000802');
  });

  it('a privileged instruction in the problem state is a privileged-operation exception (ILC 2)', () => {
    const cpu = cpuWith([0x82, 0x00, 0x09, 0x00], 0x00010000); // LPSW X'900' in problem state
    trap(cpu, 0x68, 0x333);
    run(cpu, 10);
    expect(hex(cpu.storage.read32(0x28))).toBe('00010002');
    expect(hex(cpu.storage.read32(0x2c))).toBe('80000804');
  });

  it('a store into a block of another key is a protection exception and changes nothing', () => {
    // ST 1,0(,5) with R5 = X'1000' and PSW key 2; block X'1000' has key 3.
    const cpu = cpuWith([0x50, 0x10, 0x50, 0x00], 0x00200000);
    cpu.gpr[5] = 0x1000;
    cpu.storage.keys[0x1000 >>> 11] = 0x30;
    cpu.storage.keys[0x800 >>> 11] = 0x20;
    cpu.gpr[1] = 0x12345678;
    trap(cpu, 0x68, 0x333);
    cpu.pgmLog = [];
    run(cpu, 10);
    expect(cpu.pgmLog).toEqual([0x04]);
    expect(cpu.storage.read32(0x1000)).toBe(0);
  });

  it('fetch protection applies only to fetch-protected blocks', () => {
    // L 2,0(,5); L 3,X'800'(,5) with R5 = X'1000' and PSW key 2: X'1000' key 3 unprotected, X'1800' key 3 fetch-protected.
    const cpu = cpuWith([0x58, 0x20, 0x50, 0x00, 0x58, 0x30, 0x58, 0x00], 0x00200000);
    cpu.gpr[5] = 0x1000;
    cpu.storage.keys[0x800 >>> 11] = 0x20;
    cpu.storage.keys[0x1000 >>> 11] = 0x30;
    cpu.storage.keys[0x1800 >>> 11] = 0x38;
    cpu.storage.write32(0x1000, 0xaabbccdd);
    trap(cpu, 0x68, 0x333);
    cpu.pgmLog = [];
    run(cpu, 10);
    expect(hex(cpu.gpr[2]!)).toBe('aabbccdd');
    expect(cpu.pgmLog).toEqual([0x04]);
    expect(hex(cpu.storage.read32(0x2c))).toBe('80000808');
  });

  it('sets the reference and change bits of the blocks it touches', () => {
    const cpu = cpuWith([0x50, 0x10, 0x50, 0x00, 0x58, 0x20, 0x58, 0x00]); // ST 1,0(,5); L 2,X'800'(,5)
    cpu.gpr[5] = 0x1000;
    trap(cpu, 0x68, 0x333);
    run(cpu, 3);
    expect(cpu.storage.keys[0x1000 >>> 11]).toBe(0x06);
    expect(cpu.storage.keys[0x1800 >>> 11]).toBe(0x04);
    expect(cpu.storage.keys[0x2000 >>> 11]).toBe(0x00);
  });

  it('an address beyond the end of storage is an addressing exception', () => {
    const cpu = cpuWith([0x58, 0x20, 0x10, 0x00]); // L 2,0(,1)
    cpu.gpr[1] = 0x10000; // just past 64K
    trap(cpu, 0x68, 0x333);
    cpu.pgmLog = [];
    run(cpu, 10);
    expect(cpu.pgmLog).toEqual([0x05]);
  });

  it('takes an external interruption only when enabled by the PSW and the CR0 subclass mask', () => {
    const cpu = cpuWith([0x47, 0xf0, 0x08, 0x00], 0x01000000); // B *, external mask on
    trap(cpu, 0x58, 0x444);
    cpu.cr[0] = 0x00000040; // only the interrupt-key subclass (bit 25); no interval timer
    cpu.extPending = EXTP_EXTERNAL_CALL; // CR0 bit 18 off: stays pending
    expect(run(cpu, 1000)).toBe('limit');
    expect(cpu.extPending & EXTP_EXTERNAL_CALL).toBe(EXTP_EXTERNAL_CALL);
    cpu.extPending |= EXTP_INTERRUPT_KEY;
    expect(run(cpu, 1000)).toBe('wait');
    expect(hex(cpu.storage.read32(0x18))).toBe('01000040');
    expect(cpu.extPending & (EXTP_EXTERNAL_CALL | EXTP_INTERRUPT_KEY)).toBe(EXTP_EXTERNAL_CALL);
  });

  it('restart stores the current PSW at 8 and loads the PSW at 0', () => {
    const cpu = cpuWith([], 0x00000000);
    trap(cpu, 0, 0x555);
    cpu.restartInterrupt();
    expect(hex(cpu.storage.read32(0x0c))).toBe('00000800');
    expect(cpu.ia).toBe(0x555);
  });

  it('machine-check interruptions need the machine-check mask', () => {
    const cpu = cpuWith([], 0x00000000);
    expect(cpu.machineCheckInterrupt(0x12345678, 0x9abcdef0)).toBe(false);
    cpu.loadPsw(0x00040000, 0x800);
    trap(cpu, 0x70, 0x666);
    expect(cpu.machineCheckInterrupt(0x12345678, 0x9abcdef0)).toBe(true);
    expect(hex(cpu.storage.read32(0xe8))).toBe('12345678');
    expect(hex(cpu.storage.read32(0x30))).toBe('00040000');
    expect(cpu.ia).toBe(0x666);
  });

  it('prefixing swaps the first 4K with the prefix area', () => {
    const cpu = cpuWith([]);
    cpu.prefix = 0x4000;
    cpu.storage.load(0x4800, Uint8Array.from([0x0a, 0x01])); // real X'800' is absolute X'4800'
    cpu.storage.write32(0x4060, 0x00020000);
    cpu.storage.write32(0x4064, 0x777);
    run(cpu, 10);
    expect(hex(cpu.storage.read32(0x4020))).toBe('00000001');
    expect(cpu.storage.read32(0x20)).toBe(0);
    expect(cpu.ia).toBe(0x777);
  });

  it('an EC-mode PSW with an invalid bit gives a specification exception at the next fetch (ILC 0)', () => {
    const cpu = cpuWith([0x82, 0x00, 0x09, 0x00]); // LPSW X'900'
    cpu.storage.write32(0x900, 0x00080000 | 0x8000); // bit 16 set: invalid
    cpu.storage.write32(0x904, 0x00000a00);
    trap(cpu, 0x68, 0x333);
    cpu.pgmLog = [];
    run(cpu, 10);
    expect(cpu.pgmLog).toEqual([0x06]);
    expect(cpu.storage.read8(0x8d)).toBe(0x00);
    expect(hex(cpu.storage.read32(0x28))).toBe('00088000');
    expect(hex(cpu.storage.read32(0x2c))).toBe('00000a00');
  });
});
