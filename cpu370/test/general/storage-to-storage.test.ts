// Storage-to-storage instructions: MVC, MVN, MVZ, NC, OC, XC, CLC, TR, TRT, MVCL, CLCL,
// with overlapping operands, operands crossing 2K blocks, and the long instructions'
// registers and interruptibility. And STCK.
import { describe, expect, it } from 'vitest';
import { bytes, CODE, exec, machine, programCheck, reg, step } from './machine.ts';

// SS1 with base registers 3 (operand 1) and 4 (operand 2), displacements 0.
const ss = (op: string, len: number) => `${op}${(len - 1).toString(16).padStart(2, '0')}30004000`;

describe('MVC', () => {
  it('moves 1 to 256 bytes', () => {
    const src = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).join('');
    const cpu = exec({ code: ss('D2', 256), regs: { 3: 0x3000, 4: 0x5000 }, mem: { 0x5000: src } });
    expect(bytes(cpu, 0x3000, 256)).toBe(src.toUpperCase());
    expect(bytes(cpu, 0x3100, 1)).toBe('00');
  });
  it('propagates a byte when operand 1 starts one byte right of operand 2', () => {
    const cpu = exec({ code: ss('D2', 8), regs: { 3: 0x3001, 4: 0x3000 }, mem: { 0x3000: '5C00000000000000000000' } });
    expect(bytes(cpu, 0x3000, 10)).toBe('5C5C5C5C5C5C5C5C5C00');
  });
  it('moves left to right when operand 1 is left of an overlapping operand 2', () => {
    const cpu = exec({ code: ss('D2', 4), regs: { 3: 0x3000, 4: 0x3002 }, mem: { 0x3000: '010203040506' } });
    expect(bytes(cpu, 0x3000, 6)).toBe('030405060506');
  });
  it('copies a 3-byte pattern forward through an overlap of 3', () => {
    const cpu = exec({ code: ss('D2', 9), regs: { 3: 0x3003, 4: 0x3000 }, mem: { 0x3000: 'AABBCC' } });
    expect(bytes(cpu, 0x3000, 12)).toBe('AABBCCAABBCCAABBCCAABBCC');
  });
  it('moves operands that cross 2K blocks (and a 4K page) on both sides', () => {
    const cpu = exec({ code: ss('D2', 16), regs: { 3: 0x37f8, 4: 0x47fa }, mem: { 0x47fa: '00112233445566778899AABBCCDDEEFF' } });
    expect(bytes(cpu, 0x37f8, 16)).toBe('00112233445566778899AABBCCDDEEFF');
  });
  it('wraps operands around the end of a 16M storage', () => {
    const cpu = exec({ code: ss('D2', 4), regs: { 3: 0xfffffe, 4: 0x3000 }, mem: { 0x3000: '01020304' }, size: 16 << 20 });
    expect(bytes(cpu, 0xfffffe, 2) + bytes(cpu, 0, 2)).toBe('01020304');
  });
  it('suppresses on an addressing exception anywhere in operand 1: nothing is moved', () => {
    const cpu = exec({ code: ss('D2', 16), regs: { 3: 0xffff8, 4: 0x3000 }, mem: { 0x3000: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' }, size: 1 << 20 });
    expect(programCheck(cpu)).toEqual({ code: 5, ilc: 3, ia: CODE + 6, cc: 0 });
    expect(bytes(cpu, 0xffff8, 8)).toBe('0000000000000000');
  });
});

describe('MVN, MVZ, NC, OC, XC', () => {
  it('MVN moves the low nibbles, MVZ the high nibbles', () => {
    let cpu = exec({ code: ss('D1', 3), regs: { 3: 0x3000, 4: 0x4000 }, mem: { 0x3000: 'F1F2F3', 0x4000: 'C7D8E9' } });
    expect(bytes(cpu, 0x3000, 3)).toBe('F7F8F9');
    cpu = exec({ code: ss('D3', 3), regs: { 3: 0x3000, 4: 0x4000 }, mem: { 0x3000: 'F1F2F3', 0x4000: 'C7D8E9' } });
    expect(bytes(cpu, 0x3000, 3)).toBe('C1D2E3');
  });
  it.each([
    ['D4', 'FF0F', 'F0F0', 'F000', 1],
    ['D4', 'FF0F', '00F0', '0000', 0],
    ['D4', 'FF0F', '0F0F', '0F0F', 1],
    ['D6', '0000', '0000', '0000', 0],
    ['D6', '0100', '0010', '0110', 1],
    ['D7', 'A5A5', 'A5A5', '0000', 0],
    ['D7', 'A5A5', 'FF00', '5AA5', 1],
  ])('%s %s with %s -> %s CC %i', (op, a, b, out, cc) => {
    const cpu = exec({ code: ss(op, 2), regs: { 3: 0x3000, 4: 0x4000 }, mem: { 0x3000: a, 0x4000: b } });
    expect([bytes(cpu, 0x3000, 2), cpu.cc]).toEqual([out, cc]);
  });
  it('XC of a field with itself clears it', () => {
    const cpu = exec({ code: ss('D7', 5), regs: { 3: 0x3000, 4: 0x3000 }, mem: { 0x3000: '0102030405' } });
    expect([bytes(cpu, 0x3000, 5), cpu.cc]).toEqual(['0000000000', 0]);
  });
  it('OC with overlapping operands works byte by byte', () => {
    const cpu = exec({ code: ss('D6', 3), regs: { 3: 0x3001, 4: 0x3000 }, mem: { 0x3000: '01020408' } });
    expect(bytes(cpu, 0x3000, 4)).toBe('0103070F');
  });
});

describe('CLC', () => {
  it.each([
    ['C1C2C3', 'C1C2C3', 0],
    ['C1C2C3', 'C1C2C4', 1],
    ['C1C2C4', 'C1C2C3', 2],
    ['00FF', 'FF00', 1],
  ])('%s vs %s -> CC %i', (a, b, cc) => {
    const n = a.length / 2;
    const cpu = exec({ code: ss('D5', n), regs: { 3: 0x3000, 4: 0x47ff }, mem: { 0x3000: a, 0x47ff: b } });
    expect(cpu.cc).toBe(cc);
  });
});

describe('TR, TRT', () => {
  const table = Array.from({ length: 256 }, (_, i) => ((i + 1) & 0xff).toString(16).padStart(2, '0')).join('');
  it('TR replaces each byte by its table entry', () => {
    const cpu = exec({ code: ss('DC', 4), regs: { 3: 0x3000, 4: 0x4000 }, mem: { 0x3000: '00417FFF', 0x4000: table }, cc: 2 });
    expect(bytes(cpu, 0x3000, 4)).toBe('01428000');
    expect(cpu.cc).toBe(2);
  });
  it('TR with the table overlapping operand 1 uses bytes as they are changed', () => {
    // table at X'3000' is the operand itself: byte 0 -> table[0x01] = byte 1, ...
    const cpu = exec({ code: ss('DC', 3), regs: { 3: 0x3000, 4: 0x3000 }, mem: { 0x3000: '010200' } });
    expect(bytes(cpu, 0x3000, 3)).toBe('020002'); // the last byte looks up the changed first byte
  });
  it('TRT stops at the first non-zero function byte: address in R1 bits 8-31, function byte in R2 bits 24-31', () => {
    const t = '00'.repeat(0xc1) + 'AA' + '00'.repeat(0x3e);
    const cpu = exec({ code: ss('DD', 4), regs: { 1: 0xff000000 | 0, 2: 0x12345678, 3: 0x3000, 4: 0x4000 }, mem: { 0x3000: '40C1C1', 0x4000: t } });
    expect([reg(cpu, 1), reg(cpu, 2), cpu.cc]).toEqual([0xff003001, 0x123456aa, 1]);
  });
  it('TRT CC 2 when the last byte hits, CC 0 with registers unchanged when none does', () => {
    const t = '00'.repeat(0xc1) + '01' + '00'.repeat(0x3e);
    let cpu = exec({ code: ss('DD', 3), regs: { 1: 7, 2: 8, 3: 0x3000, 4: 0x4000 }, mem: { 0x3000: '4040C1', 0x4000: t } });
    expect([reg(cpu, 1), reg(cpu, 2), cpu.cc]).toEqual([0x3002, 1, 2]);
    cpu = exec({ code: ss('DD', 3), regs: { 1: 7, 2: 8, 3: 0x3000, 4: 0x4000 }, mem: { 0x3000: '404040', 0x4000: t } });
    expect([reg(cpu, 1), reg(cpu, 2), cpu.cc]).toEqual([7, 8, 0]);
  });
});

describe('MVCL', () => {
  const regs = (d: number, dl: number, s: number, sl: number) => ({ 2: d, 3: dl, 4: s, 5: sl });
  it('moves with padding; CC compares the lengths; bits 0-7 of R1 and R2 become zero', () => {
    const cpu = exec({ code: '0E24', regs: regs(0xaa003000, 0xbb000006, 0xcc004000, 0x40000003), mem: { 0x4000: '010203' } });
    expect(bytes(cpu, 0x3000, 7)).toBe('01020340404000');
    expect([reg(cpu, 2), reg(cpu, 3), reg(cpu, 4), reg(cpu, 5), cpu.cc]).toEqual([0x3006, 0xbb000000, 0x4003, 0x40000000, 2]);
  });
  it('CC 1 when operand 1 is shorter, CC 0 when equal, and zero length moves nothing', () => {
    expect(exec({ code: '0E24', regs: regs(0x3000, 2, 0x4000, 3) }).cc).toBe(1);
    expect(exec({ code: '0E24', regs: regs(0x3000, 3, 0x4000, 3) }).cc).toBe(0);
    const z = exec({ code: '0E24', regs: regs(0x3000, 0, 0x200000, 5) }); // no access to the source
    expect([z.cc, programCheck(z)]).toEqual([1, undefined]);
  });
  it('destructive overlap: CC 3 and nothing moved', () => {
    const cpu = exec({ code: '0E24', regs: regs(0x3001, 4, 0x3000, 4), mem: { 0x3000: '0102030405' } });
    expect([cpu.cc, bytes(cpu, 0x3000, 5)]).toEqual([3, '0102030405']);
    expect(reg(cpu, 3)).toBe(4);
  });
  it('overlap with operand 1 left of operand 2 is not destructive', () => {
    const cpu = exec({ code: '0E24', regs: regs(0x3000, 4, 0x3001, 4), mem: { 0x3000: '0102030405' } });
    expect([cpu.cc, bytes(cpu, 0x3000, 5)]).toEqual([0, '0203040505']);
  });
  it('moves a long operand across many 2K blocks, in interruptible units', () => {
    const cpu = machine({ code: '0E24', regs: regs(0x10000, 0x30000, 0x50000, 0), size: 1 << 20 });
    cpu.mem.fill(0x11, 0x10000, 0x40000);
    cpu.gpr[5] = 0xc5000000;
    let n = 0;
    while (cpu.ia === CODE && n < 100) {
      step(cpu);
      n++;
    }
    expect(n).toBeGreaterThan(1); // it was interrupted at least once
    expect(cpu.mem.subarray(0x10000, 0x40000).every((b) => b === 0xc5)).toBe(true);
    expect([reg(cpu, 2), reg(cpu, 3), cpu.cc]).toEqual([0x40000, 0, 2]);
  });
  it('an addressing exception part way terminates with the registers showing the progress', () => {
    const cpu = exec({ code: '0E24', regs: regs(0xffff0, 0x100, 0x3000, 0x100), size: 1 << 20 });
    expect(programCheck(cpu)).toEqual({ code: 5, ilc: 1, ia: CODE + 2, cc: 0 });
    expect([reg(cpu, 2), reg(cpu, 3), reg(cpu, 4), reg(cpu, 5)]).toEqual([0x100000, 0xf0, 0x3010, 0xf0]);
  });
  it('odd registers are a specification exception', () => {
    expect(programCheck(exec({ code: '0E34' }))?.code).toBe(6);
    expect(programCheck(exec({ code: '0E25' }))?.code).toBe(6);
  });
});

describe('CLCL', () => {
  const regs = (a: number, al: number, b: number, bl: number) => ({ 2: a, 3: al, 4: b, 5: bl });
  it('equal with padding: CC 0, lengths 0, addresses advanced, bits 0-7 zeroed', () => {
    const cpu = exec({ code: '0F24', regs: regs(0xff003000, 5, 0xee004000, 0x40000003), mem: { 0x3000: 'C1C2C34040', 0x4000: 'C1C2C3' } });
    expect([cpu.cc, reg(cpu, 2), reg(cpu, 3), reg(cpu, 4), reg(cpu, 5)]).toEqual([0, 0x3005, 0, 0x4003, 0x40000000]);
  });
  it('unequal: registers address the first unequal bytes', () => {
    const cpu = exec({ code: '0F24', regs: regs(0x3000, 5, 0x4000, 3), mem: { 0x3000: 'C1C2C34041', 0x4000: 'C1C2C3' } });
    expect([cpu.cc, reg(cpu, 2), reg(cpu, 3), reg(cpu, 4), reg(cpu, 5)]).toEqual([2, 0x3003, 2, 0x4003, 0]); // X'40' vs the pad X'00'
  });
  it('the padding byte compares against the longer operand', () => {
    const cpu = exec({ code: '0F24', regs: regs(0x3000, 1, 0x4000, 0x50000002), mem: { 0x3000: 'C1', 0x4000: 'C140' } });
    expect([cpu.cc, reg(cpu, 4), reg(cpu, 5)]).toEqual([2, 0x4001, 0x50000001]);
  });
  it('both lengths zero: CC 0', () => {
    expect(exec({ code: '0F24', regs: regs(0x3000, 0, 0x4000, 0), cc: 3 }).cc).toBe(0);
  });
});

describe('STCK', () => {
  it('stores an increasing clock value with CC 0 on a doubleword', () => {
    const cpu = machine({ code: 'B2050800B2050808' });
    step(cpu, 2);
    const a = (BigInt(cpu.storage.read32(0x800)) << 32n) | BigInt(cpu.storage.read32(0x804));
    const b = (BigInt(cpu.storage.read32(0x808)) << 32n) | BigInt(cpu.storage.read32(0x80c));
    expect(b > a).toBe(true);
    expect(cpu.cc).toBe(0);
    // after 1900 + 100 years: bits 0-31 > 2000-01-01
    expect(cpu.storage.read32(0x800)).toBeGreaterThan(0xb2d05e00 >>> 0);
  });
});

describe('MVCL access exceptions', () => {
  it('on the first byte: suppressed, CC and registers unchanged', () => {
    const cpu = exec({ code: '0E24', regs: { 2: 0xaa100000, 3: 0x10, 4: 0xbb003000, 5: 0x10 }, cc: 1, size: 1 << 20 });
    expect(programCheck(cpu)).toEqual({ code: 5, ilc: 1, ia: CODE + 2, cc: 1 });
    expect([reg(cpu, 2), reg(cpu, 4)]).toEqual([0xaa100000, 0xbb003000]);
  });
});

describe('CLCL is interruptible', () => {
  it('compares a long operand in several units, the registers showing the progress', () => {
    const cpu = machine({ code: '0F24', regs: { 2: 0x10000, 3: 0x30000, 4: 0x50000, 5: 0x30000 }, size: 1 << 20 });
    cpu.mem[0x3fffe] = 1; // the last-but-one byte differs
    let n = 0;
    while (cpu.ia === CODE && n < 100) {
      step(cpu);
      n++;
      if (cpu.ia === CODE) expect(reg(cpu, 3)).toBe(0x30000 - (reg(cpu, 2) - 0x10000)); // partial progress
    }
    expect(n).toBeGreaterThan(1);
    expect([cpu.cc, reg(cpu, 2), reg(cpu, 3), reg(cpu, 4), reg(cpu, 5)]).toEqual([2, 0x3fffe, 2, 0x7fffe, 2]);
  });
});
