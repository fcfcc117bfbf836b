import { describe, expect, it } from 'vitest';
import { ecPsw, get, hex8, newCpu, put, runCode, traps } from '../control/machine.ts';

/** A CPU in EC mode with PER on in the PSW, CR9-CR11 as given, trap new PSWs. */
function perCpu(cr9: number, start = 0, end = 0xffffff) {
  const cpu = newCpu();
  traps(cpu, true);
  cpu.cr[9] = cr9;
  cpu.cr[10] = start;
  cpu.cr[11] = end;
  return cpu;
}

const PER = ecPsw(0x40);

describe('successful-branching event', () => {
  it('a taken branch interrupts after it: PER address = the branch, old PSW = the target', () => {
    const cpu = perCpu(0x80000000);
    expect(runCode(cpu, 0x800, '4700 0900 47F0 0810 0000 0000 0000 0000 4150 0001', PER)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x80]);
    expect(get(cpu, 0x8c, 4)).toBe('00040080');
    expect(get(cpu, 0x96, 2)).toBe('8000');
    expect(hex8(cpu.storage.read32(0x98))).toBe('00000804');
    expect(hex8(cpu.storage.read32(0x2c))).toBe('00000810');
    expect(cpu.gpr[5]).toBe(0);
  });
  it('BCT that falls through and BALR with R2 = 0 are not events', () => {
    const cpu = perCpu(0x80000000);
    cpu.gpr[4] = 1;
    expect(runCode(cpu, 0x800, '4640 0900 0560 0000', PER)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x01]);
    expect(cpu.gpr[4]).toBe(0);
  });
  it('EXECUTE of a taken branch: the PER address is the EX', () => {
    const cpu = perCpu(0x80000000);
    cpu.gpr[3] = 0x900;
    // EX 0,X'810'; op exc; ...; X'810': BCR 15,3 (to X'900': LA 5,1)
    expect(runCode(cpu, 0x800, '4400 0810 0000 0000 0000 0000 0000 0000 07F3', PER)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x80]);
    expect(hex8(cpu.storage.read32(0x98))).toBe('00000800');
    expect(hex8(cpu.storage.read32(0x2c))).toBe('00000900');
  });
});

describe('instruction-fetching event', () => {
  it('fetching an instruction with a byte in CR10-CR11 is an event; the instruction completes', () => {
    const cpu = perCpu(0x40000000, 0x805, 0x805);
    expect(runCode(cpu, 0x800, '4110 0001 4120 0002 4130 0003', PER)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x80]);
    expect(hex8(cpu.storage.read32(0x98))).toBe('00000804');
    expect(get(cpu, 0x96, 2)).toBe('4000');
    expect(hex8(cpu.storage.read32(0x2c))).toBe('00000808');
    expect(cpu.gpr[2]).toBe(2);
    expect(cpu.gpr[3]).toBe(0);
  });
  it('the range wraps when the start is above the end', () => {
    const cpu = perCpu(0x40000000, 0xfff000, 0x000801);
    expect(runCode(cpu, 0x800, '4110 0001 4120 0002', PER)).toBe('wait');
    expect(hex8(cpu.storage.read32(0x98))).toBe('00000800');
    expect(cpu.gpr[1]).toBe(1);
    expect(cpu.gpr[2]).toBe(0);
  });
  it('a nullified or suppressed instruction still reports the fetch, with the exception code', () => {
    const cpu = perCpu(0x40000000, 0x800, 0x8ff);
    expect(runCode(cpu, 0x800, '0000', PER)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x81]);
    expect(get(cpu, 0x96, 2)).toBe('4000');
  });
});

describe('storage-alteration event', () => {
  it('a store into CR10-CR11 is an event; a store outside is not', () => {
    const cpu = perCpu(0x20000000, 0x900, 0x903);
    cpu.gpr[1] = 0x12345678;
    expect(runCode(cpu, 0x800, '5010 0910 5010 0900 4150 0005', PER)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x80]);
    expect(get(cpu, 0x96, 2)).toBe('2000');
    expect(hex8(cpu.storage.read32(0x98))).toBe('00000804');
    expect(get(cpu, 0x900, 4)).toBe('12345678');
    expect(get(cpu, 0x910, 4)).toBe('12345678');
    expect(cpu.gpr[5]).toBe(0);
  });
  it('a store whose operand starts below the range and reaches into it is an event', () => {
    const cpu = perCpu(0x20000000, 0x902, 0x902);
    cpu.gpr[1] = -1;
    expect(runCode(cpu, 0x800, '5010 0900 0000', PER)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x80]);
    const cpu2 = perCpu(0x20000000, 0x950, 0x950);
    // MVC X'900'(256),X'A00': the range is in the middle of the first operand.
    expect(runCode(cpu2, 0x800, 'D2FF 0900 0A00 0000', PER)).toBe('wait');
    expect(cpu2.pgmLog).toEqual([0x80]);
    expect(hex8(cpu2.storage.read32(0x98))).toBe('00000800');
  });
  it('CS alters storage only when it stores; STCM with mask 0 does not', () => {
    const cpu = perCpu(0x20000000, 0x900, 0x903);
    put(cpu, 0x900, '00000005');
    cpu.gpr[2] = 4; // not equal: no store
    expect(runCode(cpu, 0x800, 'BA23 0900 BE10 0900 0000', PER)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x01]);
    expect(cpu.gpr[2]).toBe(5);
    const cpu2 = perCpu(0x20000000, 0x900, 0x903);
    cpu2.gpr[3] = 9; // equal now: stores
    expect(runCode(cpu2, 0x800, 'BA23 0900 0000', PER)).toBe('wait');
    expect(cpu2.pgmLog).toEqual([0x80]);
    expect(get(cpu2, 0x900, 4)).toBe('00000009');
  });
    it('interruption stores (old PSW, codes) are not monitored', () => {
    const cpu = perCpu(0x20000000, 0x00, 0xff);
    expect(runCode(cpu, 0x800, '0000', PER)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x01]);
  });
  it('after PER, stores go through the normal path again', () => {
    const cpu = perCpu(0x20000000, 0x900, 0x903);
    runCode(cpu, 0x800, '0000', PER);
    expect(cpu.storeLimit).toBe(cpu.size);
  });
});

describe('general-register-alteration event', () => {
  it('loading a monitored register is an event even when the value is unchanged', () => {
    const cpu = perCpu(0x10000000 | 0x2000); // GR2 only
    cpu.gpr[2] = 7;
    expect(runCode(cpu, 0x800, '1831 1822 4150 0001', PER)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x80]);
    expect(get(cpu, 0x96, 2)).toBe('1000');
    expect(hex8(cpu.storage.read32(0x98))).toBe('00000802');
    expect(cpu.gpr[5]).toBe(0);
  });
  it('an LM that loads a monitored register; a store leaves registers alone', () => {
    const cpu = perCpu(0x10000000 | 0x0100); // GR7
    expect(runCode(cpu, 0x800, '5070 0900 9867 0900', PER)).toBe('wait');
    expect(hex8(cpu.storage.read32(0x98))).toBe('00000804');
  });
  it('with fixed-point overflow (an exception that completes) both are indicated: code X\'0088\'', () => {
    const cpu = perCpu(0x10000000 | 0x4000); // GR1
    cpu.gpr[1] = 0x7fffffff;
    cpu.gpr[2] = 1;
    expect(runCode(cpu, 0x800, '1A12', PER | 0x00000800)).toBe('wait');
    expect(cpu.pgmLog).toEqual([0x88]);
    expect(get(cpu, 0x96, 2)).toBe('1000');
    expect(hex8(cpu.gpr[1]!)).toBe('80000000');
  });
});

describe('PER off', () => {
  it('no events with PSW bit 1 off, or in BC mode', () => {
    for (const hi of [ecPsw(0x00), 0x40000000]) {
      const cpu = perCpu(0xf000ffff);
      expect(runCode(cpu, 0x800, '47F0 0804 1811 0000', hi)).toBe('wait');
      expect(cpu.pgmLog).toEqual([0x01]);
    }
  });
});
