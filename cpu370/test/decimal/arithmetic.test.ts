// AP, SP, ZAP, CP, MP, DP, SRP (GA22-7000 ch. 8): results with the preferred signs, CC,
// decimal overflow with the mask off and on, data, specification and divide exceptions.
import { describe, expect, it } from 'vitest';
import { bytes, exec } from './machine.ts';

const A = 0x800; // first operand
const B = 0x900; // second operand

/** An SS instruction with lengths (L fields), operands at X'800' and X'900'. */
const ss = (op: string, l1: number, l2: number, a1 = A, a2 = B): string =>
  `${op}${l1.toString(16)}${l2.toString(16)}${a1.toString(16).padStart(4, '0')}${a2.toString(16).padStart(4, '0')}`;

describe('AP', () => {
  it.each([
    ['00 12 3C', '45 6C', '00 57 9C', 2],
    ['00 12 3C', '45 6D', '00 33 3D', 1],
    ['00 12 3D', '12 3F', '00 00 0C', 0], // a zero sum is positive
    ['00 00 0D', '00 0B', '00 00 0C', 0],
    ['01 23 4F', '9A', '01 24 3C', 2], // sign codes F and A are plus; results carry C
    ['00 00 1B', '2C', '00 00 1C', 2], // B is minus
  ])('%s + %s = %s, CC %i', (x, y, sum, cc) => {
    const r = exec({ code: ss('FA', 2, y.replace(/ /g, '').length / 2 - 1), mem: { [A]: x, [B]: y } });
    expect(bytes(r.cpu, A, 3)).toBe(sum.replace(/ /g, ''));
    expect(r.cc).toBe(cc);
    expect(r.code).toBe(0);
  });

  it('overflow with the mask off: truncated result, CC 3, no interruption', () => {
    const r = exec({ code: ss('FA', 1, 0), mem: { [A]: '999C', [B]: '1C' } });
    expect(bytes(r.cpu, A, 2)).toBe('000C');
    expect(r.cc).toBe(3);
    expect(r.code).toBe(0);
  });

  it('overflow with the decimal-overflow mask on: completes, then code X\'0A\'', () => {
    const r = exec({ code: ss('FA', 1, 0), mem: { [A]: '999D', [B]: '2D' }, progMask: 4 });
    // -1001 in a 3-digit field: 001, and a zero result from overflow keeps the true sign.
    expect(bytes(r.cpu, A, 2)).toBe('001D');
    expect(r.cc).toBe(3);
    expect(r.code).toBe(0x0a);
    const z = exec({ code: ss('FA', 1, 0), mem: { [A]: '999D', [B]: '1D' }, progMask: 4 });
    expect(bytes(z.cpu, A, 2)).toBe('000D');
  });

  it('adds an operand to itself (coincident fields)', () => {
    const r = exec({ code: ss('FA', 2, 2, A, A), mem: { [A]: '01 23 4C' } });
    expect(bytes(r.cpu, A, 3)).toBe('02468C');
  });

  it.each([
    ['invalid digit in operand 1', '0A 12 3C', '1C'],
    ['invalid sign in operand 1', '00 12 39', '1C'],
    ['invalid digit in operand 2', '00 12 3C', 'A1C'.padStart(4, '0')],
    ['invalid sign in operand 2', '00 12 3C', '15'],
  ])('%s: data exception, operand 1 unchanged', (_, x, y) => {
    const r = exec({ code: ss('FA', 2, y.length / 2 - 1), mem: { [A]: x, [B]: y } });
    expect(r.code).toBe(7);
    expect(bytes(r.cpu, A, 3)).toBe(x.replace(/ /g, ''));
  });
});

describe('SP', () => {
  it.each([
    ['00 50 0C', '20 0C', '00 30 0C', 2],
    ['00 20 0C', '50 0C', '00 30 0D', 1],
    ['00 20 0D', '20 0D', '00 00 0C', 0],
    ['00 00 0C', '12 3C', '00 12 3D', 1],
  ])('%s - %s = %s, CC %i', (x, y, diff, cc) => {
    const r = exec({ code: ss('FB', 2, 1), mem: { [A]: x, [B]: y } });
    expect(bytes(r.cpu, A, 3)).toBe(diff.replace(/ /g, ''));
    expect(r.cc).toBe(cc);
  });

  it('SP of a field from itself gives +0 and CC 0', () => {
    const r = exec({ code: ss('FB', 2, 2, A, A), mem: { [A]: '98 76 5D' } });
    expect(bytes(r.cpu, A, 3)).toBe('00000C');
    expect(r.cc).toBe(0);
  });
});

describe('ZAP', () => {
  it('does not check the first operand and gives preferred signs', () => {
    const r = exec({ code: ss('F8', 3, 1), mem: { [A]: 'FF FF FF FF', [B]: '12 3F' } });
    expect(bytes(r.cpu, A, 4)).toBe('0000123C');
    expect(r.cc).toBe(2);
  });
  it('makes a negative zero positive', () => {
    const r = exec({ code: ss('F8', 1, 0), mem: { [B]: '0D' } });
    expect(bytes(r.cpu, A, 2)).toBe('000C');
    expect(r.cc).toBe(0);
  });
  it('overflow: CC 3 and, with the mask, code X\'0A\'', () => {
    const r = exec({ code: ss('F8', 0, 1), mem: { [B]: '12 3D' }, progMask: 4 });
    expect(bytes(r.cpu, A, 1)).toBe('3D');
    expect(r.cc).toBe(3);
    expect(r.code).toBe(0x0a);
  });
  it('works on overlapping fields whose rightmost bytes coincide', () => {
    // Operand 2 is the rightmost two bytes of operand 1.
    const r = exec({ code: ss('F8', 3, 1, A, A + 2), mem: { [A]: '99 99 12 3D' } });
    expect(bytes(r.cpu, A, 4)).toBe('0000123D');
  });
  it('works when operand 1 ends to the right of operand 2 (the other ZAP overlap allowed)', () => {
    // Operand 2 is the first two bytes of operand 1.
    const r = exec({ code: ss('F8', 3, 1, A, A), mem: { [A]: '12 3D 99 99' } });
    expect(bytes(r.cpu, A, 4)).toBe('0000123D');
    expect(r.cc).toBe(1);
  });
  it('data exception for an invalid second operand only', () => {
    const r = exec({ code: ss('F8', 1, 0), mem: { [A]: '11 1C', [B]: 'A1' } });
    expect(r.code).toBe(7);
    expect(bytes(r.cpu, A, 2)).toBe('111C');
  });
});

describe('CP', () => {
  it.each([
    ['00 0C', '0D', 0], // +0 equals -0
    ['12 3C', '12 3F', 0],
    ['00 1D', '1C', 1],
    ['00 1C', '1D', 2],
    ['00 2D', '1D', 1],
    ['00 1D', '2D', 2],
    ['99 9C', '1C', 2],
  ])('%s vs %s: CC %i', (x, y, cc) => {
    const r = exec({ code: ss('F9', 1, y.replace(/ /g, '').length / 2 - 1), mem: { [A]: x, [B]: y } });
    expect(r.cc).toBe(cc);
    expect(r.code).toBe(0);
  });
  it('data exception for an invalid sign', () => {
    expect(exec({ code: ss('F9', 0, 0), mem: { [A]: '13', [B]: '1C' } }).code).toBe(7);
  });
});

describe('MP', () => {
  it('multiplies, the sign following the rules of algebra', () => {
    const r = exec({ code: ss('FC', 3, 0), mem: { [A]: '00 00 12 3C', [B]: '5D' } });
    expect(bytes(r.cpu, A, 4)).toBe('0000615D');
    expect(r.cc).toBe(0); // MP leaves the CC unchanged
  });
  it('keeps a minus sign on a zero product', () => {
    const r = exec({ code: ss('FC', 3, 1), mem: { [A]: '00 00 00 0C', [B]: '12 3D' }, cc: 2 });
    expect(bytes(r.cpu, A, 4)).toBe('0000000D');
    expect(r.cc).toBe(2);
  });
  it('fills a field with 15 x 15 digits', () => {
    const r = exec({
      code: ss('FC', 15, 7),
      mem: { [A]: '00000000 00000000 99999999 9999999C', [B]: '99999999 9999999C' },
    });
    expect(bytes(r.cpu, A, 16)).toBe(`0${'9'.repeat(14)}8${'0'.repeat(14)}1C`);
  });
  it.each([
    ['L2 > 7', 9, 8],
    ['L2 = L1', 2, 2],
    ['L2 > L1', 1, 2],
  ])('specification exception when %s', (_, l1, l2) => {
    const r = exec({ code: ss('FC', l1, l2), mem: { [A]: '00 00 00 00 00 00 00 00 00 1C', [B]: '00 00 00 00 00 00 00 00 00 1C' } });
    expect(r.code).toBe(6);
  });
  it('data exception when the multiplicand has fewer leftmost zero bytes than the multiplier has bytes', () => {
    // 4-byte multiplicand, 2-byte multiplier: at least 2 bytes of leftmost zeros needed.
    const ok = exec({ code: ss('FC', 3, 1), mem: { [A]: '00 00 12 3C', [B]: '99 9C' } });
    expect(ok.code).toBe(0);
    expect(bytes(ok.cpu, A, 4)).toBe('0122877C');
    const bad = exec({ code: ss('FC', 3, 1), mem: { [A]: '00 01 23 4C', [B]: '99 9C' } });
    expect(bad.code).toBe(7);
    expect(bytes(bad.cpu, A, 4)).toBe('0001234C');
  });
});

describe('DP', () => {
  it('quotient on the left, remainder on the right', () => {
    // 123456 / 100 = 1234 remainder 56
    const d = exec({ code: ss('FD', 4, 1), mem: { [A]: '00 01 23 45 6C', [B]: '10 0C' } });
    expect(bytes(d.cpu, A, 5)).toBe('01234C056C');
    expect(d.code).toBe(0);
  });
  it('signs: quotient by the rules of algebra, remainder that of the dividend, even when zero', () => {
    const d = exec({ code: ss('FD', 3, 0), mem: { [A]: '00 00 01 0D', [B]: '5C' } });
    expect(bytes(d.cpu, A, 4)).toBe('00002D0D');
    const z = exec({ code: ss('FD', 3, 0), mem: { [A]: '00 00 00 3D', [B]: '5D' } });
    expect(bytes(z.cpu, A, 4)).toBe('00000C3D');
  });
  it('decimal-divide exception for a zero divisor (operand 1 unchanged)', () => {
    const d = exec({ code: ss('FD', 3, 0), mem: { [A]: '00 00 01 0C', [B]: '0D' } });
    expect(d.code).toBe(0x0b);
    expect(bytes(d.cpu, A, 4)).toBe('0000010C');
  });
  it('decimal-divide exception when the quotient does not fit', () => {
    // The quotient field of 3 bytes holds 5 digits: 999999 / 9 = 111111 does not fit.
    const d = exec({ code: ss('FD', 3, 0), mem: { [A]: '09 99 99 9C', [B]: '9C' } });
    expect(d.code).toBe(0x0b);
    expect(bytes(d.cpu, A, 4)).toBe('0999999C');
    // 99999 / 9 = 11111 does.
    const ok = exec({ code: ss('FD', 3, 0), mem: { [A]: '00 99 99 9C', [B]: '9C' } });
    expect(ok.code).toBe(0);
    expect(bytes(ok.cpu, A, 4)).toBe('11111C0C');
  });
  it('specification exception for L2 > 7 or L2 >= L1', () => {
    expect(exec({ code: ss('FD', 15, 8), mem: {} }).code).toBe(6);
    expect(exec({ code: ss('FD', 3, 3), mem: {} }).code).toBe(6);
  });
  it('data exception for an invalid divisor', () => {
    expect(exec({ code: ss('FD', 3, 0), mem: { [A]: '00 00 01 0C', [B]: 'C5' } }).code).toBe(7);
  });
});

describe('SRP', () => {
  /** SRP A(L1+1),shift(0),round */
  const srp = (l1: number, shift: number, round: number) =>
    `F0${l1.toString(16)}${round.toString(16)}${A.toString(16).padStart(4, '0')}${(shift & 0xfff).toString(16).padStart(4, '0')}`;

  it('shifts left', () => {
    const r = exec({ code: srp(3, 2, 0), mem: { [A]: '00 01 23 4C' } });
    expect(bytes(r.cpu, A, 4)).toBe('0123400C');
    expect(r.cc).toBe(2);
  });
  it('shifts right with rounding (shift amount 64 - n)', () => {
    const r = exec({ code: srp(3, 63, 5), mem: { [A]: '00 12 34 5D' } });
    expect(bytes(r.cpu, A, 4)).toBe('0001235D');
    expect(r.cc).toBe(1);
    const down = exec({ code: srp(3, 62, 5), mem: { [A]: '00 12 34 4C' } });
    expect(bytes(down.cpu, A, 4)).toBe('0000123C');
  });
  it('uses only the rightmost six bits of the second-operand address', () => {
    const r = exec({ code: srp(3, 0xfc1, 0), mem: { [A]: '00 01 23 4C' } });
    expect(bytes(r.cpu, A, 4)).toBe('0012340C');
  });
  it('a zero result is positive', () => {
    const r = exec({ code: srp(1, 63, 0), mem: { [A]: '00 4D' } });
    expect(bytes(r.cpu, A, 2)).toBe('000C');
    expect(r.cc).toBe(0);
  });
  it('left-shift overflow: CC 3, and code X\'0A\' when the mask is on', () => {
    const off = exec({ code: srp(1, 2, 0), mem: { [A]: '12 3C' } });
    expect(bytes(off.cpu, A, 2)).toBe('300C');
    expect(off.cc).toBe(3);
    expect(off.code).toBe(0);
    const on = exec({ code: srp(1, 3, 0), mem: { [A]: '12 3D' }, progMask: 4 });
    expect(bytes(on.cpu, A, 2)).toBe('000D'); // all digits lost: the sign is kept
    expect(on.code).toBe(0x0a);
    expect(on.cc).toBe(3);
  });
  it('data exception for an invalid operand or rounding digit', () => {
    expect(exec({ code: srp(1, 1, 0), mem: { [A]: '1A 3C' } }).code).toBe(7);
    expect(exec({ code: srp(1, 63, 10), mem: { [A]: '12 3C' } }).code).toBe(7);
  });
});
