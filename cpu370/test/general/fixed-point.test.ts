// Fixed-point instructions: loads, add/subtract (signed and logical), compare, multiply,
// divide, halfword forms, with CC, overflow (program mask on and off) and exceptions.
import { describe, expect, it } from 'vitest';
import { CODE, exec, programCheck, reg } from './machine.ts';

const MIN = -0x80000000;
const MAX = 0x7fffffff;

interface RrCase {
  code: string;
  r1: number;
  r2: number;
  result: number;
  cc: number;
  overflow?: boolean;
}

function rr(name: string, op: string, cases: ReadonlyArray<readonly [a: number, b: number, result: number, cc: number]>, opts: { overflowCc3?: boolean } = {}) {
  describe(name, () => {
    it.each(cases.map(([a, b, result, cc]) => ({ code: `${op}12`, r1: a, r2: b, result, cc }) as RrCase))(
      `${name} %s r1=%s`,
      ({ code, r1, r2, result, cc }) => {
        const cpu = exec({ code, regs: { 1: r1, 2: r2 } });
        expect(reg(cpu, 1)).toBe(result >>> 0);
        expect(reg(cpu, 2)).toBe(r2 >>> 0);
        expect(cpu.cc).toBe(cc);
        expect(programCheck(cpu)).toBeUndefined();
        expect(cpu.ia).toBe(CODE + 2);
      },
    );
    if (opts.overflowCc3) {
      const ovf = cases.find((c) => c[3] === 3)!;
      it(`${name} with the fixed-point-overflow mask on: completes, then interrupts with code 8, ILC 1`, () => {
        const cpu = exec({ code: `${op}12`, regs: { 1: ovf[0], 2: ovf[1] }, progMask: 8 });
        expect(reg(cpu, 1)).toBe(ovf[2] >>> 0);
        expect(programCheck(cpu)).toEqual({ code: 8, ilc: 1, ia: CODE + 2, cc: 3 });
      });
    }
  });
}

rr('LR', '18', [
  [5, -7, -7, 0],
  [0, MIN, MIN, 0],
]);
rr('LTR', '12', [
  [5, 0, 0, 0],
  [5, -1, -1, 1],
  [5, MAX, MAX, 2],
]);
rr('LCR', '13', [
  [0, 5, -5, 1],
  [0, -5, 5, 2],
  [0, 0, 0, 0],
  [0, MIN, MIN, 3],
], { overflowCc3: true });
rr('LPR', '10', [
  [0, -5, 5, 2],
  [0, 5, 5, 2],
  [0, 0, 0, 0],
  [0, MIN, MIN, 3],
], { overflowCc3: true });
rr('LNR', '11', [
  [0, 5, -5, 1],
  [0, -5, -5, 1],
  [0, 0, 0, 0],
  [0, MIN, MIN, 1],
]);
rr('AR', '1A', [
  [1, 2, 3, 2],
  [1, -1, 0, 0],
  [-5, 2, -3, 1],
  [MAX, 1, MIN, 3],
  [MIN, -1, MAX, 3],
  [MIN, MIN, 0, 3],
], { overflowCc3: true });
rr('SR', '1B', [
  [3, 2, 1, 2],
  [3, 3, 0, 0],
  [2, 3, -1, 1],
  [MIN, 1, MAX, 3],
  [MAX, -1, MIN, 3],
  [0, MIN, MIN, 3],
], { overflowCc3: true });
rr('ALR', '1E', [
  [0, 0, 0, 0],
  [1, 2, 3, 1],
  [-1, 1, 0, 2],
  [-1, 2, 1, 3],
  [MIN, MIN, 0, 2],
]);
rr('SLR', '1F', [
  [5, 5, 0, 2],
  [5, 3, 2, 3],
  [3, 5, -2, 1],
  [0, 0, 0, 2],
  [0, 1, -1, 1],
]);
rr('CR', '19', [
  [1, 1, 1, 0],
  [-1, 1, -1, 1],
  [1, -1, 1, 2],
  [MIN, MAX, MIN, 1],
]);
rr('CLR', '15', [
  [1, 1, 1, 0],
  [-1, 1, -1, 2],
  [1, -1, 1, 1],
  [MIN, MAX, MIN, 2],
]);
rr('NR', '14', [
  [0xf0f0, 0x0ff0, 0x00f0, 1],
  [0xf000, 0x0fff, 0, 0],
]);
rr('OR', '16', [
  [0xf000, 0x000f, 0xf00f, 1],
  [0, 0, 0, 0],
]);
rr('XR', '17', [
  [0xff00, 0x0ff0, 0xf0f0, 1],
  [-1, -1, 0, 0],
]);

describe('RX forms read a fullword from storage', () => {
  const word = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
  it.each([
    ['L', '58', 7, 0x12345678, 0x12345678, -1],
    ['A', '5A', MAX, 1, MIN, 3],
    ['A', '5A', 5, -6, -1, 1],
    ['S', '5B', 5, 5, 0, 0],
    ['AL', '5E', -1, 1, 0, 2],
    ['SL', '5F', 1, 2, -1, 1],
    ['C', '59', -2, 1, -2, 1],
    ['CL', '55', -2, 1, -2, 2],
    ['N', '54', 0xff, 0x0f, 0x0f, 1],
    ['O', '56', 0, 0, 0, 0],
    ['X', '57', 0xf, 0xf, 0, 0],
  ] as const)('%s', (_name, op, r1, m, result, cc) => {
    // op 1,X'10'(3,4): R3 + R4 + X'10' = X'2000'
    const cpu = exec({ code: `${op}134010`, regs: { 1: r1, 3: 0x1000, 4: 0xff0 }, mem: { 0x2000: word(m) }, cc: 3 });
    expect(reg(cpu, 1)).toBe(result >>> 0);
    if (cc >= 0) expect(cpu.cc).toBe(cc);
    else expect(cpu.cc).toBe(3); // unchanged
    expect(cpu.ia).toBe(CODE + 4);
  });

  it('takes an unaligned fullword (no alignment needed in S/370 for L, ST)', () => {
    const cpu = exec({ code: '58100801', mem: { 0x800: 'AA11223344' } });
    expect(reg(cpu, 1)).toBe(0x11223344);
  });

  it('ignores the high byte of base and index (24-bit addresses)', () => {
    const cpu = exec({ code: '58134000', regs: { 3: 0xff001000, 4: 0x7f001000 }, mem: { 0x2000: '01020304' } });
    expect(reg(cpu, 1)).toBe(0x01020304);
  });

  it('wraps the effective address at 16M', () => {
    const cpu = exec({ code: '58103010', regs: { 3: 0xfffff8 }, mem: { 0x8: 'CAFEBABE' } });
    expect(reg(cpu, 1)).toBe(0xcafebabe);
  });

  it('reads a fullword that wraps from X\'FFFFFF\' to 0 on a 16M machine', () => {
    const cpu = exec({ code: '58103000', regs: { 3: 0xfffffe }, mem: { 0xfffffe: 'AABB', 0: 'CCDD' }, size: 16 << 20 });
    expect(reg(cpu, 1)).toBe(0xaabbccdd);
  });
});

describe('halfword instructions', () => {
  it('LH sign-extends', () => {
    expect(reg(exec({ code: '48100800', mem: { 0x800: '8001' } }), 1)).toBe(0xffff8001);
    expect(reg(exec({ code: '48100800', mem: { 0x800: '7FFF' } }), 1)).toBe(0x7fff);
  });
  it('AH, SH set CC and overflow', () => {
    let cpu = exec({ code: '4A100800', regs: { 1: MAX }, mem: { 0x800: '0001' } });
    expect([reg(cpu, 1), cpu.cc]).toEqual([0x80000000, 3]);
    cpu = exec({ code: '4B100800', regs: { 1: 0 }, mem: { 0x800: 'FFFF' } });
    expect([reg(cpu, 1), cpu.cc]).toEqual([1, 2]);
    cpu = exec({ code: '4A100800', regs: { 1: MAX }, mem: { 0x800: '0001' }, progMask: 8 });
    expect(programCheck(cpu)).toEqual({ code: 8, ilc: 2, ia: CODE + 4, cc: 3 });
  });
  it('CH compares with the sign-extended halfword', () => {
    expect(exec({ code: '49100800', regs: { 1: -1 }, mem: { 0x800: 'FFFF' } }).cc).toBe(0);
    expect(exec({ code: '49100800', regs: { 1: 0 }, mem: { 0x800: '8000' } }).cc).toBe(2);
    expect(exec({ code: '49100800', regs: { 1: -0x8001 }, mem: { 0x800: '8000' } }).cc).toBe(1);
  });
  it('MH keeps the low 32 bits of the product, no overflow, CC unchanged', () => {
    const cpu = exec({ code: '4C100800', regs: { 1: 0x10000 }, mem: { 0x800: '8000' }, cc: 2 });
    expect(reg(cpu, 1)).toBe(0x80000000);
    expect(cpu.cc).toBe(2);
    expect(reg(exec({ code: '4C100800', regs: { 1: -3 }, mem: { 0x800: '0007' } }), 1)).toBe(-21 >>> 0);
  });
  it('STH stores the low halfword', () => {
    const cpu = exec({ code: '40100801', regs: { 1: 0x1234abcd } });
    expect(cpu.storage.read16(0x801)).toBe(0xabcd);
  });
});

describe('MR, M: 64-bit products into an even-odd pair', () => {
  it.each([
    [3, 7, 0, 21],
    [-3, 7, -1, -21],
    [MIN, MIN, 0x40000000, 0],
    [MAX, MAX, 0x3fffffff, 1],
    [MIN, MAX, -0x40000000, MIN],
    [-1, -1, 0, 1],
    [0, -5, 0, 0],
  ])('%i x %i', (a, b, hi, lo) => {
    const cpu = exec({ code: '1C24', regs: { 2: 0x5555, 3: a, 4: b }, cc: 1 });
    expect([reg(cpu, 2), reg(cpu, 3)]).toEqual([hi >>> 0, lo >>> 0]);
    expect(cpu.cc).toBe(1);
    const m = exec({ code: '5C200800', regs: { 3: a }, mem: { 0x800: (b >>> 0).toString(16).padStart(8, '0') } });
    expect([reg(m, 2), reg(m, 3)]).toEqual([hi >>> 0, lo >>> 0]);
  });
  it('gives a specification exception for an odd R1 (suppressed)', () => {
    const cpu = exec({ code: '1C34', regs: { 3: 2, 4: 3 } });
    expect(programCheck(cpu)).toEqual({ code: 6, ilc: 1, ia: CODE + 2, cc: 0 });
    expect(reg(cpu, 3)).toBe(2);
    expect(programCheck(exec({ code: '5C300800' }))?.code).toBe(6);
  });
});

describe('DR, D: 64-bit dividend, remainder in R1, quotient in R1+1', () => {
  it.each([
    [0, 100, 7, 2, 14],
    [-1, -100, 7, -2, -14],
    [0, 100, -7, 2, -14],
    [-1, -100, -7, -2, 14],
    [0, MIN, -1, 0, MIN], // +2^31 / -1 = -2^31 fits
  ])('(%i:%i) / %i', (hi, lo, d, rem, quo) => {
    const cpu = exec({ code: '1D24', regs: { 2: hi, 3: lo, 4: d } });
    expect([cpu.gpr[2], cpu.gpr[3]]).toEqual([rem, quo]);
    const m = exec({ code: '5D200800', regs: { 2: hi, 3: lo }, mem: { 0x800: (d >>> 0).toString(16).padStart(8, '0') } });
    expect([m.gpr[2], m.gpr[3]]).toEqual([rem, quo]);
  });
  it('divides a full 64-bit dividend', () => {
    // 0x00000001_00000000 / 3 = 0x55555555 rem 1
    const cpu = exec({ code: '1D24', regs: { 2: 1, 3: 0, 4: 3 } });
    expect([reg(cpu, 2), reg(cpu, 3)]).toEqual([1, 0x55555555]);
    // -2^32 / 3 = -1431655765 rem -1; / -3 the quotient's sign flips, the remainder keeps the dividend's
    const c3 = exec({ code: '1D24', regs: { 2: -1, 3: 0, 4: 3 } });
    expect([c3.gpr[2], c3.gpr[3]]).toEqual([-1, -1431655765]);
    const c4 = exec({ code: '1D24', regs: { 2: -1, 3: 0, 4: -3 } });
    expect([c4.gpr[2], c4.gpr[3]]).toEqual([-1, 1431655765]);
    // -2^31 exactly fits: (-1:0x80000000) / 1
    const c2 = exec({ code: '1D24', regs: { 2: -1, 3: MIN, 4: 1 } });
    expect([c2.gpr[2], c2.gpr[3]]).toEqual([0, MIN]);
  });
  it.each([
    ['by zero', 0, 5, 0],
    ['quotient too large', 1, 0, 2],
    ['quotient +2^31', 0, MIN, 1],
    ['quotient -2^31 - 1', -1, 0x7fffffff, 1],
  ])('fixed-point divide exception %s: suppressed, registers unchanged', (_t, hi, lo, d) => {
    const cpu = exec({ code: '1D24', regs: { 2: hi, 3: lo, 4: d }, cc: 2 });
    expect(programCheck(cpu)).toEqual({ code: 9, ilc: 1, ia: CODE + 2, cc: 2 });
    expect([cpu.gpr[2], cpu.gpr[3]]).toEqual([hi, lo]);
  });
  it('odd R1 is a specification exception, before the divisor is looked at', () => {
    expect(programCheck(exec({ code: '1D34', regs: { 4: 0 } }))?.code).toBe(6);
    expect(programCheck(exec({ code: '5D300800' }))?.code).toBe(6);
  });
});

describe('LA', () => {
  it('loads the 24-bit address and clears bits 0-7', () => {
    const cpu = exec({ code: '4112300F', regs: { 1: -1, 2: 0xff000001, 3: 0x00fffff0 } });
    expect(reg(cpu, 1)).toBe(0);
  });
  it('LA R,D(0,0) is the displacement', () => {
    expect(reg(exec({ code: '41500FFF' }), 5)).toBe(0xfff);
  });
});

describe('SPM', () => {
  it('sets CC and program mask from bits 2-7 of R1, leaving the rest of the PSW', () => {
    const cpu = exec({ code: '0410', regs: { 1: 0x2f123456 } });
    expect(cpu.cc).toBe(2);
    expect(cpu.progMask).toBe(0xf);
  });
});
