// MVO, PACK, UNPK, CVB, CVD, ED and EDMK (GA22-7000 ch. 7-8): results byte for byte,
// overlapping operands, the edit pattern characters, EDMK's register 1, and exceptions.
import { describe, expect, it } from 'vitest';
import { bytes, exec } from './machine.ts';

const A = 0x800;
const B = 0x900;
const hex = (v: number, n = 4) => v.toString(16).toUpperCase().padStart(n, '0');
const ss = (op: string, l1: number, l2: number, a1 = A, a2 = B): string => `${op}${l1.toString(16)}${l2.toString(16)}${hex(a1)}${hex(a2)}`;

describe('MVO', () => {
  it('moves the second operand left of the first operand\'s rightmost digit', () => {
    const r = exec({ code: ss('F1', 3, 2), mem: { [A]: '77 88 99 0C', [B]: '12 34 56' } });
    expect(bytes(r.cpu, A, 4)).toBe('0123456C');
  });
  it('truncates on the left when operand 2 is too long', () => {
    const r = exec({ code: ss('F1', 1, 2), mem: { [A]: '77 8F', [B]: '12 34 56' } });
    expect(bytes(r.cpu, A, 2)).toBe('456F');
  });
  it('no validity check of digits or signs', () => {
    const r = exec({ code: ss('F1', 1, 0), mem: { [A]: 'FF FA', [B]: 'BC' } });
    expect(bytes(r.cpu, A, 2)).toBe('0BCA');
    expect(r.code).toBe(0);
  });
});

describe('PACK', () => {
  it('packs zoned digits, swapping the rightmost byte', () => {
    const r = exec({ code: ss('F2', 2, 3), mem: { [B]: 'F1 F2 F3 C4' } });
    expect(bytes(r.cpu, A, 3)).toBe('01234C');
  });
  it('pads with zeros on the left and ignores zones', () => {
    const r = exec({ code: ss('F2', 3, 1), mem: { [A]: 'FF FF FF FF', [B]: '37 D9' } });
    expect(bytes(r.cpu, A, 4)).toBe('0000079D');
  });
  it('packs a field in place (operands the same), right to left', () => {
    const r = exec({ code: ss('F2', 3, 3, A, A), mem: { [A]: 'F1 F2 F3 F4' } });
    expect(bytes(r.cpu, A, 4)).toBe('0001234F');
  });
});

describe('UNPK', () => {
  it('unpacks into zoned digits with zone F, the sign swapped into the rightmost zone', () => {
    const r = exec({ code: ss('F3', 4, 2), mem: { [B]: '01 23 4C' } });
    expect(bytes(r.cpu, A, 5)).toBe('F0F1F2F3C4');
  });
  it('pads with F0 and truncates on the left', () => {
    expect(bytes(exec({ code: ss('F3', 5, 0), mem: { [B]: '7D' } }).cpu, A, 6)).toBe('F0F0F0F0F0D7');
    expect(bytes(exec({ code: ss('F3', 1, 2), mem: { [B]: '12 34 5C' } }).cpu, A, 2)).toBe('F4C5');
  });
});

describe('CVB', () => {
  const cvb = (r1: number) => `4F${r1.toString(16)}0${hex(A)}`;
  it.each([
    ['00 00 00 00 00 00 12 3D', -123],
    ['00 00 00 00 00 00 00 0D', 0],
    ['00 00 00 02 14 74 83 64 7F'.slice(3), 2147483647],
    ['00 00 00 02 14 74 83 64 8D'.slice(3), -2147483648],
  ])('%s -> %i', (d, v) => {
    const r = exec({ code: cvb(5), mem: { [A]: d } });
    expect(r.cpu.gpr[5]).toBe(v);
    expect(r.code).toBe(0);
  });
  it('fixed-point-divide exception beyond 31 bits, the rightmost 32 bits placed in R1', () => {
    const r = exec({ code: cvb(5), mem: { [A]: '00 00 02 14 74 83 64 8C' } });
    expect(r.code).toBe(9);
    expect(r.cpu.gpr[5]! >>> 0).toBe(0x80000000);
    const big = exec({ code: cvb(5), mem: { [A]: '99 99 99 99 99 99 99 9C' } });
    expect(big.code).toBe(9);
    expect(big.cpu.gpr[5]! >>> 0).toBe(Number(999999999999999n & 0xffffffffn));
  });
  it('data exception for an invalid sign or digit, R1 unchanged', () => {
    const r = exec({ code: cvb(5), mem: { [A]: '00 00 00 00 00 00 12 33' }, regs: { 5: 77 } });
    expect(r.code).toBe(7);
    expect(r.cpu.gpr[5]).toBe(77);
    expect(exec({ code: cvb(5), mem: { [A]: '00 00 00 00 00 00 A2 3C' } }).code).toBe(7);
  });
});

describe('CVD', () => {
  const cvd = (r1: number) => `4E${r1.toString(16)}0${hex(A)}`;
  it.each([
    [-123, '000000000000123D'],
    [0, '000000000000000C'],
    [2147483647, '000002147483647C'],
    [-2147483648, '000002147483648D'],
  ])('%i -> %s', (v, d) => {
    expect(bytes(exec({ code: cvd(3), regs: { 3: v } }).cpu, A, 8)).toBe(d);
  });
});

describe('ED and EDMK', () => {
  // The pattern "bdd,dsd.dd bCR": fill blank, digit selectors, a significance starter,
  // comma and point, then a message that prints only when the result is negative.
  const PATTERN = '40 20 20 6B 20 21 20 4B 20 20 40 C3 D9';
  const ed = (len: number, op = 'DE') => `${op}${hex(len - 1, 2)}${hex(A)}${hex(B)}`;

  it.each([
    ['02 57 42 6D', '4040F26BF5F7F44BF2F640C3D9', 1], // -2574.26: "  2,574.26 CR"
    ['02 57 42 6C', '4040F26BF5F7F44BF2F6404040', 2], // plus sign turns significance off
    ['00 00 00 0C', '404040404040F04BF0F0404040', 0], // significance started by X'21'
    ['00 00 00 1D', '404040404040F04BF0F140C3D9', 1],
  ])('edits %s', (src, out, cc) => {
    const r = exec({ code: ed(13), mem: { [A]: PATTERN, [B]: src } });
    expect(bytes(r.cpu, A, 13)).toBe(out);
    expect(r.cc).toBe(cc);
    expect(r.code).toBe(0);
  });

  it('uses the first pattern byte as fill character', () => {
    const r = exec({ code: ed(7), mem: { [A]: '5C 20 20 20 4B 20 20', [B]: '00 12 3C' } });
    expect(bytes(r.cpu, A, 7)).toBe('5C5C5CF14BF2F3');
    expect(r.cc).toBe(2);
    // Without the sign digit consumed, significance is still on at the end: CC 1.
    const open = exec({ code: ed(6), mem: { [A]: '5C 20 20 20 4B 20', [B]: '00 12 3C' } });
    expect(bytes(open.cpu, A, 6)).toBe('5C5C5CF14BF2');
    expect(open.cc).toBe(1);
  });

  it('a field separator resets significance and the CC refers to the last field', () => {
    const r = exec({ code: ed(6), mem: { [A]: '5C 20 20 22 20 20', [B]: '12 00' } });
    expect(bytes(r.cpu, A, 6)).toBe('5CF1F25C5C5C');
    expect(r.cc).toBe(0);
  });

  it('a message byte after significance is kept, and a minus sign keeps significance on', () => {
    const r = exec({ code: ed(5), mem: { [A]: '40 20 20 20 60', [B]: '01 5D' } });
    expect(bytes(r.cpu, A, 5)).toBe('4040F1F560');
    expect(r.cc).toBe(1);
  });

  it('EDMK puts the address of the first significant digit into R1 bits 8-31', () => {
    const r = exec({ code: ed(13, 'DF'), mem: { [A]: PATTERN, [B]: '02 57 42 6D' }, regs: { 1: 0xab000000 } });
    expect(r.cpu.gpr[1]! >>> 0).toBe((0xab000000 | (A + 2)) >>> 0);
  });

  it('EDMK leaves R1 alone when significance was forced by a significance starter', () => {
    const r = exec({ code: ed(13, 'DF'), mem: { [A]: PATTERN, [B]: '00 00 01 2C' }, regs: { 1: 0x12345678 } });
    expect(bytes(r.cpu, A, 13)).toBe('404040404040F04BF1F2404040');
    expect(r.cpu.gpr[1]! >>> 0).toBe(0x12345678);
  });

  it('data exception for a source digit above 9', () => {
    // Operand 1 is left partly edited (the operation is terminated).
    const r = exec({ code: ed(4), mem: { [A]: '40 20 20 20', [B]: '12 A3' } });
    expect(r.code).toBe(7);
    expect(bytes(r.cpu, A, 4)).toBe('40F1F220');
  });

  it('a sign code in a right half ends the digits of that byte', () => {
    const r = exec({ code: ed(4), mem: { [A]: '40 20 20 20', [B]: '1A 2C' } });
    expect(bytes(r.cpu, A, 4)).toBe('40F1F2' + '40');
    expect(r.code).toBe(0);
  });

  it('with a source that may cross a 2K boundary, a data exception leaves operand 1 unchanged', () => {
    const src = 0x7fe;
    const r = exec({ code: `DE03${hex(0x900)}${hex(src)}`, mem: { 0x900: '40 20 20 20', [src]: '12 A3' } });
    expect(r.code).toBe(7);
    expect(bytes(r.cpu, 0x900, 4)).toBe('40202020');
  });
});

describe('access exceptions suppress (64K storage, operands past its end)', () => {
  const END = { 5: 0xf000 };
  it('AP with operand 1 running past the end: addressing exception, nothing changed', () => {
    const r = exec({ code: 'FA11 5FFF 0900', regs: END, mem: { 0xffff: '1C', [B]: '1C' }, cc: 1 });
    expect(r.code).toBe(5);
    expect(bytes(r.cpu, 0xffff, 1)).toBe('1C');
    expect(r.cc).toBe(1);
  });
  it('UNPK and ED store nothing when operand 1 runs past the end', () => {
    const u = exec({ code: 'F321 5FFE 0900', regs: END, mem: { 0xfffe: 'AAAA', [B]: '12 3C' } });
    expect(u.code).toBe(5);
    expect(bytes(u.cpu, 0xfffe, 2)).toBe('AAAA');
    const e = exec({ code: 'DE02 5FFE 0900', regs: END, mem: { 0xfffe: '4020', [B]: '12 3C' } });
    expect(e.code).toBe(5);
    expect(bytes(e.cpu, 0xfffe, 2)).toBe('4020');
  });
  it('CVD stores nothing past the end', () => {
    const r = exec({ code: '4E305FFC', regs: { ...END, 3: 5 }, mem: { 0xfffc: 'AAAAAAAA' } });
    expect(r.code).toBe(5);
    expect(bytes(r.cpu, 0xfffc, 4)).toBe('AAAAAAAA');
  });
});
