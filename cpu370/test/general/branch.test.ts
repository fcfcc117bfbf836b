// Branching: BC/BCR, BAL/BALR link information, BCT/BCTR, BXH/BXLE, EX (target rules,
// EX of EX), SVC and MC.
import { describe, expect, it } from 'vitest';
import { bytes, CODE, exec, machine, programCheck, reg, step } from './machine.ts';

describe('BC, BCR', () => {
  it.each([0, 1, 2, 3])('BC with each mask bit against CC %i', (cc) => {
    for (let mask = 0; mask < 16; mask++) {
      const cpu = exec({ code: `47${mask.toString(16)}03400`, regs: { 3: 0x2000 }, cc });
      const taken = (mask & (8 >>> cc)) !== 0;
      expect(cpu.ia).toBe(taken ? 0x2400 : CODE + 4);
    }
  });
  it('BCR with R2 = 0 never branches; BCR target is 24 bits of R2', () => {
    expect(exec({ code: '07F0' }).ia).toBe(CODE + 2);
    expect(exec({ code: '07F3', regs: { 3: 0xff002000 } }).ia).toBe(0x2000);
  });
});

describe('BAL, BALR', () => {
  it('BALR stores ILC, CC, program mask and the next address, then branches', () => {
    const cpu = exec({ code: '05E3', regs: { 3: 0x2000 }, cc: 2, progMask: 0xc });
    expect(reg(cpu, 14)).toBe(0x6c000000 | (CODE + 2));
    expect(cpu.ia).toBe(0x2000);
  });
  it('BALR with R2 = 0 links without branching', () => {
    const cpu = exec({ code: '05E0', cc: 1 });
    expect(reg(cpu, 14)).toBe(0x50000000 | (CODE + 2));
    expect(cpu.ia).toBe(CODE + 2);
  });
  it('BAL links with ILC 2; the target is computed before R1 changes', () => {
    const cpu = exec({ code: '45330010', regs: { 3: 0x2000 }, cc: 3, progMask: 1 });
    expect(reg(cpu, 3)).toBe((0xb1000000 | (CODE + 4)) >>> 0);
    expect(cpu.ia).toBe(0x2010);
  });
  it('BALR in EC mode stores the same link format', () => {
    const cpu = exec({ code: '05E0', ec: true, cc: 1, progMask: 2 });
    expect(reg(cpu, 14)).toBe(0x52000000 | (CODE + 2));
  });
});

describe('BCT, BCTR', () => {
  it('decrements and branches when not zero', () => {
    let cpu = exec({ code: '46300400', regs: { 3: 2 } });
    expect([reg(cpu, 3), cpu.ia]).toEqual([1, 0x400]);
    cpu = exec({ code: '46300400', regs: { 3: 1 } });
    expect([reg(cpu, 3), cpu.ia]).toEqual([0, CODE + 4]);
    cpu = exec({ code: '46300400', regs: { 3: 0 } });
    expect([reg(cpu, 3), cpu.ia]).toEqual([0xffffffff, 0x400]);
  });
  it('BCTR with R2 = 0 decrements without branching', () => {
    const cpu = exec({ code: '0630', regs: { 3: 5 } });
    expect([reg(cpu, 3), cpu.ia]).toEqual([4, CODE + 2]);
  });
  it('BCTR target is read before R1 is decremented when R1 = R2', () => {
    const cpu = exec({ code: '0633', regs: { 3: 0x2001 } });
    expect([reg(cpu, 3), cpu.ia]).toEqual([0x2000, 0x2001]);
  });
});

describe('BXH, BXLE', () => {
  it('BXLE loops with an odd R3 as increment and comparand', () => {
    // R1 = 1, R3 = 3 (increment and comparand): 1 + 3 = 4 > 3 -> no branch
    let cpu = exec({ code: '87130800', regs: { 1: 1, 3: 3 } });
    expect([reg(cpu, 1), cpu.ia]).toEqual([4, CODE + 4]);
    cpu = exec({ code: '87120800', regs: { 1: 1, 2: 2, 3: 3 } });
    expect([reg(cpu, 1), cpu.ia]).toEqual([3, 0x800]);
  });
  it('BXH with an even R3 uses R3+1 as comparand', () => {
    let cpu = exec({ code: '86140800', regs: { 1: 10, 4: -1, 5: 5 } });
    expect([reg(cpu, 1), cpu.ia]).toEqual([9, 0x800]);
    cpu = exec({ code: '86140800', regs: { 1: 6, 4: -1, 5: 5 } });
    expect([reg(cpu, 1), cpu.ia]).toEqual([5, CODE + 4]);
  });
  it('R1 = R3: the increment is the old value', () => {
    const cpu = exec({ code: '86110800', regs: { 1: 4 } }); // 4 + 4 = 8 > 4 (comparand read first)
    expect([reg(cpu, 1), cpu.ia]).toEqual([8, 0x800]);
  });
});

describe('EX', () => {
  it('ORs bits 24-31 of R1 into the target\'s second byte', () => {
    // target at X'2000': MVC 0(1,3),0(4); R1 low byte 3 -> length 4
    const cpu = exec({ code: '44100800', regs: { 1: 0x03, 3: 0x3000, 4: 0x3100 }, mem: { 0x800: 'D20030004000', 0x3100: '01020304FF' } });
    expect(bytes(cpu, 0x3000, 5)).toBe('0102030400');
    expect(cpu.ia).toBe(CODE + 4);
    expect(bytes(cpu, 0x800, 6)).toBe('D20030004000'); // the target itself is not changed
  });
  it('R1 = 0 executes the target unchanged', () => {
    const cpu = exec({ code: '44000800', regs: { 1: 0xff, 2: 5 }, mem: { 0x800: '1812' } });
    expect(reg(cpu, 1)).toBe(5);
  });
  it('a branch target takes effect; BALR links to the instruction after EX with ILC 2', () => {
    const cpu = exec({ code: '44000800', regs: { 3: 0x2400 }, mem: { 0x800: '05E3' }, cc: 1 });
    expect(cpu.ia).toBe(0x2400);
    expect(reg(cpu, 14)).toBe((0x90000000 | (CODE + 4)) >>> 0);
  });
  it('EX of EX is an execute exception (ILC 2, old PSW after the first EX)', () => {
    const cpu = exec({ code: '44000800', mem: { 0x800: '44000800' } });
    expect(programCheck(cpu)).toEqual({ code: 3, ilc: 2, ia: CODE + 4, cc: 0 });
  });
  it('an odd target address is a specification exception', () => {
    expect(programCheck(exec({ code: '44000801' }))).toEqual({ code: 6, ilc: 2, ia: CODE + 4, cc: 0 });
  });
  it('an exception in the target reports ILC 2 and the address after EX', () => {
    const cpu = exec({ code: '44000800', mem: { 0x800: '0000' } });
    expect(programCheck(cpu)).toEqual({ code: 1, ilc: 2, ia: CODE + 4, cc: 0 });
    const ovf = exec({ code: '44000800', regs: { 1: 0x7fffffff, 2: 1 }, mem: { 0x800: '1A12' }, progMask: 8 });
    expect(programCheck(ovf)).toEqual({ code: 8, ilc: 2, ia: CODE + 4, cc: 3 });
  });
  it('a target outside storage is an addressing exception', () => {
    expect(programCheck(exec({ code: '44003000', regs: { 3: 0x200000 } }))?.code).toBe(5);
  });
  it('SVC under EX stores ILC 2 and the address after EX', () => {
    const cpu = exec({ code: '44100800', regs: { 1: 0x05 }, mem: { 0x800: '0A10' } });
    expect(cpu.storage.read32(0x20)).toBe(0x00000015);
    expect(cpu.storage.read32(0x24)).toBe((0x80000000 | (CODE + 4)) >>> 0);
  });
  it('a privileged target in the problem state is a privileged-operation exception', () => {
    const cpu = exec({ code: '44000800', problem: true, mem: { 0x800: '80000800' } });
    expect(programCheck(cpu)?.code).toBe(2);
  });
});

describe('SVC', () => {
  it('BC mode: code in the old PSW, ILC 1, new PSW loaded', () => {
    const cpu = exec({ code: '0AC8', cc: 2 });
    expect(cpu.storage.read32(0x20)).toBe(0x000000c8);
    expect(cpu.storage.read32(0x24)).toBe(0x60000000 | (CODE + 2));
    expect(cpu.ia).toBe(0x60);
    expect(cpu.wait).toBe(true);
  });
  it('EC mode: code at X\'8A\', ILC at X\'89\'', () => {
    const cpu = exec({ code: '0AC8', ec: true });
    expect(cpu.storage.read16(0x8a)).toBe(0xc8);
    expect(cpu.storage.read8(0x89)).toBe(2);
    expect(cpu.storage.read32(0x20)).toBe(0x00080000);
    expect(cpu.storage.read32(0x24)).toBe(CODE + 2);
  });
});

describe('MC', () => {
  it('is a no-op when the class is masked off in CR8', () => {
    const cpu = exec({ code: 'AF050123' });
    expect(programCheck(cpu)).toBeUndefined();
    expect(cpu.ia).toBe(CODE + 4);
  });
  it('gives a monitor event (code X\'40\') with class and code when enabled', () => {
    const cpu = machine({ code: 'AF050123', ec: true });
    cpu.cr[8] = 1 << (15 - 5);
    step(cpu);
    expect(programCheck(cpu)).toEqual({ code: 0x40, ilc: 2, ia: CODE + 4, cc: 0 });
    expect(cpu.storage.read8(0x95)).toBe(5);
    expect(cpu.storage.read32(0x9c)).toBe(0x123);
  });
  it('a class above 15 is a specification exception', () => {
    expect(programCheck(exec({ code: 'AF100000' }))?.code).toBe(6);
  });
});
