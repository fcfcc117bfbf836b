// Shifts: single and double, logical and arithmetic; the shift amount is the low six
// bits of the second-operand address.
import { describe, expect, it } from 'vitest';
import { CODE, exec, programCheck, reg } from './machine.ts';

const amount = (n: number) => n.toString(16).padStart(3, '0');

describe('single logical shifts (CC unchanged)', () => {
  it.each([
    ['89', 0x80000001, 1, 2],
    ['89', 0x80000001, 31, 0x80000000],
    ['89', 0x80000001, 32, 0],
    ['89', 0x80000001, 63, 0],
    ['88', 0x80000001, 1, 0x40000000],
    ['88', 0x80000001, 31, 1],
    ['88', 0x80000001, 32, 0],
    ['88', 0x12345678, 0, 0x12345678],
  ])('%s of %i by %i', (op, v, n, out) => {
    const cpu = exec({ code: `${op}100${amount(n)}`, regs: { 1: v }, cc: 3 });
    expect(reg(cpu, 1)).toBe(out >>> 0);
    expect(cpu.cc).toBe(3);
  });
  it('uses only the low 6 bits of base + displacement', () => {
    const cpu = exec({ code: '89102001', regs: { 1: 1, 2: 0xffffc0 } }); // 0xffffc1 & 63 = 1
    expect(reg(cpu, 1)).toBe(2);
  });
});

describe('SRA, SLA', () => {
  it.each([
    [-8, 1, -4, 1],
    [-1, 40, -1, 1],
    [8, 40, 0, 0],
    [0x40000000, 0, 0x40000000, 2],
  ])('SRA %i by %i', (v, n, out, cc) => {
    const cpu = exec({ code: `8A100${amount(n)}`, regs: { 1: v } });
    expect([cpu.gpr[1], cpu.cc]).toEqual([out, cc]);
  });
  it.each([
    [1, 1, 2, 2, false],
    [-1, 1, -2, 1, false],
    [0x40000000, 1, 0, 3, true], // bit 1 is shifted out: overflow, the sign stays
    [-0x40000000, 1, -0x80000000, 1, false],
    [-0x40000001, 1, -2, 3, true],
    [1, 31, 0, 3, true],
    [0, 63, 0, 0, false],
    [-1, 63, -0x80000000, 3, true],
  ])('SLA %i by %i', (v, n, out, cc, ovf) => {
    const cpu = exec({ code: `8B100${amount(n)}`, regs: { 1: v } });
    expect([cpu.gpr[1], cpu.cc]).toEqual([out, cc]);
    const masked = exec({ code: `8B100${amount(n)}`, regs: { 1: v }, progMask: 8 });
    if (ovf) expect(programCheck(masked)).toEqual({ code: 8, ilc: 2, ia: CODE + 4, cc: 3 });
    else expect(programCheck(masked)).toBeUndefined();
    expect(masked.gpr[1]).toBe(out);
  });
});

describe('double shifts on an even-odd pair', () => {
  it.each([
    ['8D', 0x00000001, 0x80000000, 1, 0x00000003, 0x00000000],
    ['8D', 0x12345678, 0x9abcdef0, 32, 0x9abcdef0, 0],
    ['8D', 0x12345678, 0x9abcdef0, 36, 0xabcdef00, 0],
    ['8D', 0x12345678, 0x9abcdef0, 4, 0x23456789, 0xabcdef00],
    ['8C', 0x12345678, 0x9abcdef0, 4, 0x01234567, 0x89abcdef],
    ['8C', 0x12345678, 0x9abcdef0, 32, 0, 0x12345678],
    ['8C', 0x12345678, 0x9abcdef0, 63, 0, 0],
    ['8C', 0x80000000, 0, 63, 0, 1],
  ])('%s %i:%i by %i', (op, hi, lo, n, ohi, olo) => {
    const cpu = exec({ code: `${op}200${amount(n)}`, regs: { 2: hi, 3: lo }, cc: 2 });
    expect([reg(cpu, 2), reg(cpu, 3), cpu.cc]).toEqual([ohi >>> 0, olo >>> 0, 2]);
  });
  it.each([
    ['8E', -1, -2, 1, -1, -1, 1],
    ['8E', 0, 5, 1, 0, 2, 2],
    ['8E', 0x80000000, 0, 63, -1, -1, 1],
    ['8E', 0, 0, 10, 0, 0, 0],
    ['8F', 0, 1, 62, 0x40000000, 0, 2],
    ['8F', 0, 1, 63, 0, 0, 3],
    ['8F', -1, -1, 63, -0x80000000, 0, 1],
    ['8F', 0x40000000, 0, 1, 0, 0, 3], // the bit shifted out of bit 1 is lost, the sign stays
    ['8F', 0x7fffffff, -1, 0, 0x7fffffff, -1, 2],
  ])('%s %i:%i by %i', (op, hi, lo, n, ohi, olo, cc) => {
    const cpu = exec({ code: `${op}200${amount(n)}`, regs: { 2: hi, 3: lo } });
    expect([cpu.gpr[2], cpu.gpr[3], cpu.cc]).toEqual([ohi | 0, olo | 0, cc]);
  });
  it('SLDA overflow with the mask on interrupts after completing', () => {
    const cpu = exec({ code: '8F200001', regs: { 2: 0x40000000, 3: 0 }, progMask: 8 });
    expect(programCheck(cpu)).toEqual({ code: 8, ilc: 2, ia: CODE + 4, cc: 3 });
    expect(reg(cpu, 2)).toBe(0);
  });
  it.each(['8C', '8D', '8E', '8F'])('%s with an odd R1 is a specification exception', (op) => {
    const cpu = exec({ code: `${op}300001`, regs: { 3: 5 } });
    expect(programCheck(cpu)?.code).toBe(6);
    expect(reg(cpu, 3)).toBe(5);
  });
});
