// Logical and character instructions with immediate or register operands, insert/store
// characters, multiple loads and stores, CS/CDS and TS.
import { describe, expect, it } from 'vitest';
import { bytes, CODE, exec, programCheck, reg } from './machine.ts';

describe('SI instructions', () => {
  it.each([
    ['NI', '94', 'F0', '3C', '30', 1],
    ['NI', '94', '0F', 'F0', '00', 0],
    ['OI', '96', '01', '80', '81', 1],
    ['OI', '96', '00', '00', '00', 0],
    ['XI', '97', 'FF', 'FF', '00', 0],
    ['XI', '97', '0F', 'F0', 'FF', 1],
  ])('%s X\'%s\' on %s -> %s', (_n, op, imm, before, after, cc) => {
    const cpu = exec({ code: `${op}${imm}3005`, regs: { 3: 0x2000 }, mem: { 0x2005: before } });
    expect(bytes(cpu, 0x2005, 1)).toBe(after);
    expect(cpu.cc).toBe(cc);
    expect(cpu.ia).toBe(CODE + 4);
  });
  it('MVI stores the immediate byte, CC unchanged', () => {
    const cpu = exec({ code: '92A50FFF', cc: 2 });
    expect(bytes(cpu, 0xfff, 1)).toBe('A5');
    expect(cpu.cc).toBe(2);
  });
  it.each([
    ['00', '00', 0],
    ['F0', 'FF', 3],
    ['F0', '0F', 0],
    ['F0', '30', 1],
    ['00', 'FF', 0],
  ])('TM mask %s on %s -> CC %i', (mask, v, cc) => {
    expect(exec({ code: `91${mask}0800`, mem: { 0x800: v } }).cc).toBe(cc);
  });
  it.each([
    ['40', '40', 0],
    ['41', '40', 2],
    ['3F', '40', 1],
    ['FF', '00', 2],
  ])('CLI %s vs %s -> CC %i', (v, imm, cc) => {
    expect(exec({ code: `95${imm}0800`, mem: { 0x800: v } }).cc).toBe(cc);
  });
});

describe('IC, STC, ICM, STCM, CLM', () => {
  it('IC replaces bits 24-31 only, CC unchanged', () => {
    const cpu = exec({ code: '43100800', regs: { 1: 0x11223344 }, mem: { 0x800: 'AB' }, cc: 1 });
    expect(reg(cpu, 1)).toBe(0x112233ab);
    expect(cpu.cc).toBe(1);
  });
  it('STC stores bits 24-31', () => {
    expect(bytes(exec({ code: '42100800', regs: { 1: 0x112233ab } }), 0x800, 1)).toBe('AB');
  });
  it.each([
    [0b1111, 'F1020304', 0xf1020304, 1],
    [0b1010, '8001', 0x80ff01ff, 1],
    [0b0101, '7F01', 0xff7fff01, 2],
    [0b0011, '0000', 0xffff0000, 0],
    [0b0001, '05', 0xffffff05, 2],
    [0b0000, '', 0xffffffff, 0],
  ])('ICM mask %i', (mask, data, result, cc) => {
    const cpu = exec({ code: `BF1${mask.toString(16)}0800`, regs: { 1: -1 }, mem: { 0x800: data || '00' }, cc: 3 });
    expect(reg(cpu, 1)).toBe(result);
    expect(cpu.cc).toBe(cc);
  });
  it.each([
    [0b1111, '11223344'],
    [0b1001, '1144'],
    [0b0110, '2233'],
    [0b0001, '44'],
  ])('STCM mask %i stores the selected bytes contiguously', (mask, out) => {
    const cpu = exec({ code: `BE1${mask.toString(16)}0800`, regs: { 1: 0x11223344 }, mem: { 0x800: 'EEEEEEEEEE' } });
    expect(bytes(cpu, 0x800, 5)).toBe(out.padEnd(10, 'E'));
  });
  it.each([
    [0b1111, '11223344', 0],
    [0b1010, '1133', 0],
    [0b1010, '1134', 1],
    [0b0101, '2144', 2],
    [0b0000, 'FF', 0],
  ])('CLM mask %i against %s -> CC %i', (mask, data, cc) => {
    expect(exec({ code: `BD1${mask.toString(16)}0800`, regs: { 1: 0x11223344 }, mem: { 0x800: data } }).cc).toBe(cc);
  });
  it('CLM and ICM with a zero mask still check access to one byte', () => {
    expect(programCheck(exec({ code: 'BD103000', regs: { 3: 0x100000 }, size: 1 << 20 }))).toEqual({ code: 5, ilc: 2, ia: CODE + 4, cc: 0 });
    expect(programCheck(exec({ code: 'BF103000', regs: { 3: 0x100000 }, size: 1 << 20 }))?.code).toBe(5);
  });
});

describe('LM, STM', () => {
  it('STM wraps from R15 to R0', () => {
    const regs: Record<number, number> = {};
    for (let r = 0; r < 16; r++) regs[r] = 0x01010101 * r;
    const cpu = exec({ code: '90E10800', regs });
    expect(bytes(cpu, 0x800, 16)).toBe('0E0E0E0E0F0F0F0F0000000001010101');
  });
  it('LM loads R14..R1 wrapping, and a base register loaded midway does not move the operand', () => {
    const cpu = exec({ code: '98E3F000', regs: { 15: 0x800 }, mem: { 0x800: '0000000E0000000F000000000000000100000002000000030000000400' } });
    expect([reg(cpu, 14), reg(cpu, 15), reg(cpu, 0), reg(cpu, 1), reg(cpu, 2), reg(cpu, 3)]).toEqual([14, 15, 0, 1, 2, 3]);
  });
  it('STM checks the whole operand before storing (addressing exception at the end of storage stores nothing)', () => {
    const cpu = exec({ code: '900F3000', regs: { 3: 0x100000 - 8, 0: 0x12345678 }, size: 1 << 20 });
    expect(programCheck(cpu)).toEqual({ code: 5, ilc: 2, ia: CODE + 4, cc: 0 });
    expect(bytes(cpu, 0x100000 - 8, 8)).toBe('0000000000000000');
  });
});

describe('TS', () => {
  it('sets the byte to ones, CC from its leftmost bit', () => {
    let cpu = exec({ code: '93000800', mem: { 0x800: '7F' } });
    expect([bytes(cpu, 0x800, 1), cpu.cc]).toEqual(['FF', 0]);
    cpu = exec({ code: '93000800', mem: { 0x800: '80' } });
    expect([bytes(cpu, 0x800, 1), cpu.cc]).toEqual(['FF', 1]);
  });
});

describe('CS, CDS', () => {
  it('CS equal: stores R3, CC 0', () => {
    const cpu = exec({ code: 'BA130800', regs: { 1: 0x11111111, 3: 0x22222222 }, mem: { 0x800: '11111111' } });
    expect([bytes(cpu, 0x800, 4), cpu.cc, reg(cpu, 1)]).toEqual(['22222222', 0, 0x11111111]);
  });
  it('CS unequal: loads the operand into R1, CC 1', () => {
    const cpu = exec({ code: 'BA130800', regs: { 1: 0x11111111, 3: 0x22222222 }, mem: { 0x800: '33333333' } });
    expect([bytes(cpu, 0x800, 4), cpu.cc, reg(cpu, 1)]).toEqual(['33333333', 1, 0x33333333]);
  });
  it('CS needs a fullword boundary', () => {
    expect(programCheck(exec({ code: 'BA130802' }))).toEqual({ code: 6, ilc: 2, ia: CODE + 4, cc: 0 });
  });
  it('CDS equal and unequal', () => {
    let cpu = exec({ code: 'BB240800', regs: { 2: 1, 3: 2, 4: 5, 5: 6 }, mem: { 0x800: '0000000100000002' } });
    expect([bytes(cpu, 0x800, 8), cpu.cc]).toEqual(['0000000500000006', 0]);
    cpu = exec({ code: 'BB240800', regs: { 2: 1, 3: 2, 4: 5, 5: 6 }, mem: { 0x800: '0000000100000003' } });
    expect([bytes(cpu, 0x800, 8), cpu.cc, reg(cpu, 2), reg(cpu, 3)]).toEqual(['0000000100000003', 1, 1, 3]);
  });
  it.each([
    ['odd R1', 'BB340800'],
    ['odd R3', 'BB250800'],
    ['word but not doubleword boundary', 'BB240804'],
  ])('CDS specification exception: %s', (_t, code) => {
    expect(programCheck(exec({ code }))?.code).toBe(6);
  });
});
