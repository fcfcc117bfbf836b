// Hexadecimal floating point (GA22-7000 ch. 9): loads and stores, sign control, halve,
// add/subtract normalized and unnormalized with the guard digit, compare, multiply,
// divide, the extended instructions and load rounded, with CC, exponent overflow and
// underflow (mask on and off), significance, FP divide and register specification.
import { describe, expect, it } from 'vitest';
import { bytes, exec, fpr, type Setup } from '../decimal/machine.ts';

const EU = 2; // exponent-underflow mask
const SG = 1; // significance mask
const M = 0x800; // storage operand

/** Runs an RR instruction `op r1,r2` with FPRs preset. */
const rr = (op: string, r1: number, r2: number, regs: Setup['fpr'], progMask = 0) =>
  exec({ code: `${op}${r1.toString(16)}${r2.toString(16)}`, fpr: regs, progMask });

/** Runs an RX instruction `op r1,X'800'` with the storage operand given. */
const rx = (op: string, r1: number, operand: string, regs: Setup['fpr'] = {}, progMask = 0) =>
  exec({ code: `${op}${r1.toString(16)}00800`, fpr: regs, mem: { [M]: operand }, progMask });

describe('loads and stores', () => {
  it('LER changes only the left half; LDR copies both', () => {
    const regs = { 0: '11111111 22222222', 2: '41100000 33333333' };
    expect(fpr(rr('38', 0, 2, regs).cpu, 0)).toBe('4110000022222222');
    expect(fpr(rr('28', 0, 2, regs).cpu, 0)).toBe('4110000033333333');
  });
  it('LE, LD, STE, STD', () => {
    expect(fpr(rx('78', 4, '41123456', { 4: '00000000 AAAAAAAA' }).cpu, 4)).toBe('41123456AAAAAAAA');
    expect(fpr(rx('68', 6, '41123456 789ABCDE').cpu, 6)).toBe('41123456789ABCDE');
    expect(bytes(rx('70', 2, '00000000 00000000', { 2: 'C2345678 9ABCDEF0' }).cpu, M, 8)).toBe('C234567800000000');
    expect(bytes(rx('60', 2, '00000000 00000000', { 2: 'C2345678 9ABCDEF0' }).cpu, M, 8)).toBe('C23456789ABCDEF0');
  });
  it('leave the CC alone', () => {
    expect(exec({ code: '2802', fpr: { 2: '41100000 00000000' }, cc: 3 }).cc).toBe(3);
  });
});

describe('sign control and load and test', () => {
  it.each([
    ['20', 'C1100000 00000000', '4110000000000000', 2], // LPDR
    ['21', '41100000 00000000', 'C110000000000000', 1], // LNDR
    ['22', '80000000 00000000', '8000000000000000', 0], // LTDR: minus zero, CC 0
    ['22', '00000000 00000001', '0000000000000001', 2], // the low half counts
    ['23', '41100000 00000000', 'C110000000000000', 1], // LCDR
    ['33', '00000000 00000000', '8000000000000000', 0], // LCER on zero
    ['32', '41000000 00000001', '4100000000000000', 0], // LTER looks at the left half only
    ['30', 'C1123456 00000000', '4112345600000000', 2], // LPER
    ['31', '00000000 00000000', '8000000000000000', 0], // LNER on zero
  ])('%s: %s -> %s, CC %i', (op, v, out, cc) => {
    const r = rr(op, 0, 2, { 0: '00000000 00000000', 2: v });
    expect(fpr(r.cpu, 0)).toBe(out);
    expect(r.cc).toBe(cc);
  });
});

describe('HER and HDR', () => {
  it.each([
    ['34', '41200000', '41100000'],
    ['34', '41100000', '40800000'], // leftmost digit below 2: normalized
    ['34', '41300001', '41180000'], // the bit shifted out is lost
    ['24', '41100000 00000001', '4080000000000008'],
    ['24', 'C1800000 00000000', 'C140000000000000'],
  ])('%s %s -> %s', (op, v, out) => {
    const r = rr(op, 0, 2, { 0: '00000000 00000000', 2: v });
    expect(fpr(r.cpu, 0).slice(0, out.length)).toBe(out);
    expect(r.code).toBe(0);
  });
  it('underflow: a true zero with the mask off, the wrapped characteristic and code X\'0D\' with it on', () => {
    expect(fpr(rr('24', 0, 2, { 2: '00100000 00000000' }).cpu, 0)).toBe('0000000000000000');
    const on = rr('24', 0, 2, { 2: '00100000 00000000' }, EU);
    expect(fpr(on.cpu, 0)).toBe('7F80000000000000');
    expect(on.code).toBe(0x0d);
  });
});

describe('add and subtract (short)', () => {
  it.each([
    ['3A', '41100000', '41100000', '41200000', 2],
    ['3A', '41800000', '41800000', '42100000', 2], // carry: the characteristic goes up
    ['3A', 'C1100000', '41080000', 'C0800000', 1],
    ['3B', '41100000', '40FFFFFF', '3B100000', 2], // the guard digit takes part
    ['3A', '40FFFFFF', 'C1100000', 'BB100000', 1], // the same with the smaller operand first
    ['3A', '3F123456', '41100000', '41101234', 2], // the first operand shifted two digits
    ['3A', '48100000', '41100000', '48100000', 2], // shifted out entirely
    ['3A', '00000000', '43000123', '40123000', 2], // a zero operand: the other is normalized
    ['3E', '42000100', '41000100', '42000110', 2], // AUR: not normalized
    ['3E', '41000010', '41000001', '41000011', 2],
    ['3F', '41100000', '41100000', '00000000', 0], // SUR: zero result is a true zero
  ])('%s %s, %s -> %s CC %i', (op, a, b, out, cc) => {
    const r = rr(op, 0, 2, { 0: a, 2: b });
    expect(fpr(r.cpu, 0).slice(0, 8)).toBe(out);
    expect(r.cc).toBe(cc);
    expect(r.code).toBe(0);
  });

  it('significance: true zero with the mask off; with it on the characteristic stays and code X\'0E\'', () => {
    const off = rr('3B', 0, 2, { 0: '41100000', 2: '41100000' });
    expect(fpr(off.cpu, 0).slice(0, 8)).toBe('00000000');
    expect(off.code).toBe(0);
    const on = rr('3B', 0, 2, { 0: 'C1100000', 2: 'C1100000' }, SG);
    expect(fpr(on.cpu, 0).slice(0, 8)).toBe('41000000');
    expect(on.code).toBe(0x0e);
    expect(on.cc).toBe(0);
  });

  it('exponent underflow: true zero with the mask off, characteristic + 128 and code X\'0D\' with it on', () => {
    const off = rr('3B', 0, 2, { 0: '00100000', 2: '000FFFFF' });
    expect(fpr(off.cpu, 0).slice(0, 8)).toBe('00000000');
    expect(off.cc).toBe(0);
    const on = rr('3B', 0, 2, { 0: '00100000', 2: '000FFFFF' }, EU);
    expect(fpr(on.cpu, 0).slice(0, 8)).toBe('7B100000');
    expect(on.code).toBe(0x0d);
    expect(on.cc).toBe(2);
  });

  it('exponent overflow: characteristic - 128 and code X\'0C\' (no mask)', () => {
    const r = rr('3A', 0, 2, { 0: '7F800000', 2: '7F800000' });
    expect(fpr(r.cpu, 0).slice(0, 8)).toBe('00100000');
    expect(r.code).toBe(0x0c);
    expect(r.cc).toBe(2);
  });

  it('RX forms AE, SE, AU, SU', () => {
    expect(fpr(rx('7A', 0, '41100000', { 0: '41100000' }).cpu, 0).slice(0, 8)).toBe('41200000');
    expect(fpr(rx('7B', 0, '41100000', { 0: '41300000' }).cpu, 0).slice(0, 8)).toBe('41200000');
    expect(fpr(rx('7E', 0, '41000001', { 0: '42000100' }).cpu, 0).slice(0, 8)).toBe('42000100');
    expect(fpr(rx('7F', 0, '40000010', { 0: '41000100' }).cpu, 0).slice(0, 8)).toBe('410000FF');
  });
});

describe('add and subtract (long)', () => {
  it('AD carries into the low half; ADR past 14 digits adds nothing', () => {
    expect(fpr(rx('6A', 0, '41000000 00000001', { 0: '41100000 00000000' }).cpu, 0)).toBe('4110000000000001');
    expect(fpr(rr('2A', 0, 2, { 0: '50100000 00000000', 2: '41100000 00000000' }).cpu, 0)).toBe('5010000000000000');
  });
  it('SDR with the guard digit and normalization', () => {
    const r = rr('2B', 0, 2, { 0: '41100000 00000000', 2: '40FFFFFF FFFFFFFF' });
    expect(fpr(r.cpu, 0)).toBe('3310000000000000');
    expect(r.cc).toBe(2);
  });
  it('AWR keeps an unnormalized sum; SWR of equal values is a true zero', () => {
    expect(fpr(rr('2E', 0, 2, { 0: '44000000 00001000', 2: '44000000 00000234' }).cpu, 0)).toBe('4400000000001234');
    const z = rr('2F', 0, 2, { 0: '44000000 00001000', 2: '44000000 00001000' });
    expect(fpr(z.cpu, 0)).toBe('0000000000000000');
    expect(z.cc).toBe(0);
  });
});

describe('compare', () => {
  it.each([
    ['39', '41100000', '40100000', 2],
    ['39', '41100000', '42100000', 1],
    ['39', '80000000', '00000000', 0], // -0 = +0
    ['39', 'C1100000', '41100000', 1],
    ['39', '41100000', '42010000', 0], // same value, one unnormalized
    ['29', '41100000 00000001', '41100000 00000000', 2],
    ['29', 'C1100000 00000001', 'C1100000 00000000', 1],
  ])('%s %s vs %s: CC %i', (op, a, b, cc) => {
    const r = rr(op, 0, 2, { 0: a, 2: b });
    expect(r.cc).toBe(cc);
  });
  it('CE and CD from storage', () => {
    expect(rx('79', 0, '41200000', { 0: '41100000' }).cc).toBe(1);
    expect(rx('69', 0, '41100000 00000000', { 0: '41100000 00000000' }).cc).toBe(0);
  });
});

describe('multiply', () => {
  it('MER gives a long product of normalized operands', () => {
    expect(fpr(rr('3C', 0, 2, { 0: '41200000 FFFFFFFF', 2: '41300000' }).cpu, 0)).toBe('4160000000000000');
    expect(fpr(rr('3C', 0, 2, { 0: '42020000', 2: '41300000' }).cpu, 0)).toBe('4160000000000000');
  });
  it('MDR truncates the product', () => {
    expect(fpr(rr('2C', 0, 2, { 0: '40555555 55555555', 2: '41300000 00000000' }).cpu, 0)).toBe('40FFFFFFFFFFFFFF');
  });
  it('ME and MD from storage', () => {
    expect(fpr(rx('7C', 2, 'C1200000', { 2: '41400000' }).cpu, 2)).toBe('C180000000000000');
    expect(fpr(rx('6C', 2, '41100000 00000000', { 2: '41123456 789ABCDE' }).cpu, 2)).toBe('41123456789ABCDE');
  });
  it('a zero operand gives a true zero', () => {
    expect(fpr(rr('3C', 0, 2, { 0: 'C5000000', 2: '41100000' }).cpu, 0)).toBe('0000000000000000');
  });
  it('exponent overflow and underflow', () => {
    const o = rr('3C', 0, 2, { 0: '7F100000', 2: '7F100000' });
    expect(fpr(o.cpu, 0)).toBe('3D10000000000000');
    expect(o.code).toBe(0x0c);
    expect(fpr(rr('3C', 0, 2, { 0: '01100000', 2: '01100000' }).cpu, 0)).toBe('0000000000000000');
    const u = rr('3C', 0, 2, { 0: '01100000', 2: '01100000' }, EU);
    expect(fpr(u.cpu, 0)).toBe('4110000000000000');
    expect(u.code).toBe(0x0d);
  });
});

describe('divide', () => {
  it('DER, DDR, DE, DD', () => {
    expect(fpr(rr('3D', 0, 2, { 0: '41600000', 2: '41200000' }).cpu, 0).slice(0, 8)).toBe('41300000');
    expect(fpr(rr('2D', 0, 2, { 0: '41100000 00000000', 2: '41300000 00000000' }).cpu, 0)).toBe('4055555555555555');
    expect(fpr(rx('7D', 0, 'C1200000', { 0: '41100000' }).cpu, 0).slice(0, 8)).toBe('C0800000');
    expect(fpr(rx('6D', 0, '41100000 00000000', { 0: '00000000 00000000' }).cpu, 0)).toBe('0000000000000000');
  });
  it('FP-divide exception for a zero divisor fraction, the dividend unchanged', () => {
    const r = rr('3D', 0, 2, { 0: '41600000', 2: '41000000' });
    expect(r.code).toBe(0x0f);
    expect(fpr(r.cpu, 0).slice(0, 8)).toBe('41600000');
    expect(rx('6D', 0, '80000000 00000000', { 0: '00000000 00000000' }).code).toBe(0x0f);
  });
  it('exponent overflow', () => {
    const r = rr('3D', 0, 2, { 0: '7F100000', 2: '01100000' });
    expect(r.code).toBe(0x0c);
    expect(fpr(r.cpu, 0).slice(0, 8)).toBe('3F100000');
  });
});

describe('load rounded', () => {
  it.each([
    ['41123456 80000000', '41123457'],
    ['41123456 7FFFFFFF', '41123456'],
    ['C1FFFFFF 80000000', 'C2100000'], // the carry renormalizes
  ])('LRER %s -> %s', (v, out) => {
    const r = rr('35', 0, 2, { 0: '00000000 AAAAAAAA', 2: v });
    expect(fpr(r.cpu, 0)).toBe(`${out}AAAAAAAA`);
  });
  it('LRER exponent overflow', () => {
    const r = rr('35', 0, 2, { 2: '7FFFFFFF 80000000' });
    expect(fpr(r.cpu, 0).slice(0, 8)).toBe('00100000');
    expect(r.code).toBe(0x0c);
  });
  it.each([
    ['41123456 789ABCDE', '33800000 00000000', '41123456789ABCDF'],
    ['41123456 789ABCDE', '337FFFFF FFFFFFFF', '41123456789ABCDE'],
    ['41FFFFFF FFFFFFFF', '33800000 00000000', '4210000000000000'],
  ])('LRDR %s %s -> %s', (hi, lo, out) => {
    expect(fpr(rr('25', 2, 4, { 4: hi, 6: lo }).cpu, 2)).toBe(out);
  });
});

describe('extended', () => {
  const ONE = { hi: '41100000 00000000', lo: '33000000 00000000' };

  it('AXR adds in 28 digits and gives the low half a characteristic 14 less', () => {
    const r = rr('36', 0, 4, { 0: ONE.hi, 2: ONE.lo, 4: '41000000 00000000', 6: '33000000 00000001' });
    expect(fpr(r.cpu, 0)).toBe('4110000000000000');
    expect(fpr(r.cpu, 2)).toBe('3300000000000001');
    expect(r.cc).toBe(2);
  });

  it('SXR to zero: a true zero with the mask off, characteristics kept and code X\'0E\' with it on', () => {
    const off = rr('37', 0, 0, { 0: ONE.hi, 2: ONE.lo });
    expect(fpr(off.cpu, 0) + fpr(off.cpu, 2)).toBe('0'.repeat(32));
    const on = rr('37', 4, 4, { 4: ONE.hi, 6: ONE.lo }, SG);
    expect(fpr(on.cpu, 4) + fpr(on.cpu, 6)).toBe('4100000000000000' + '3300000000000000');
    expect(on.code).toBe(0x0e);
  });

  it('AXR exponent underflow with the mask on', () => {
    const r = rr('36', 0, 4, { 0: '00100000 00000000', 2: '00000000 00000000', 4: '80000000 00000000', 6: '00000000 00000001' }, EU);
    expect(fpr(r.cpu, 0)).toBe('7FFFFFFFFFFFFFFF');
    expect(fpr(r.cpu, 2)).toBe('71FFFFFFFFFFFFF0');
    expect(r.code).toBe(0x0d);
    expect(r.cc).toBe(2);
  });

  it('MXR multiplies extended operands', () => {
    const r = rr('26', 0, 4, { 0: ONE.hi, 2: ONE.lo, 4: '41300000 00000000', 6: '33000000 00000001' });
    expect(fpr(r.cpu, 0)).toBe('4130000000000000');
    expect(fpr(r.cpu, 2)).toBe('3300000000000001');
  });

  it('MXDR forms the full 28-digit product of two long operands in R1 and R1+2', () => {
    const r = rr('27', 0, 4, { 0: '41200000 00000001', 2: 'FFFFFFFF FFFFFFFF', 4: '41300000 00000000' });
    expect(fpr(r.cpu, 0)).toBe('4160000000000003');
    expect(fpr(r.cpu, 2)).toBe('3300000000000000');
    // The product of the last digits reaches the low-order half.
    const low = rr('27', 4, 0, { 4: '41100000 00000003', 0: '41100000 00000005' });
    expect(fpr(low.cpu, 4)).toBe('4110000000000008');
    expect(fpr(low.cpu, 6)).toBe('33000000000000F0');
  });

  it('MXD takes the multiplier from storage', () => {
    const r = rx('67', 4, '41300000 00000000', { 4: '41200000 00000000' });
    expect(fpr(r.cpu, 4)).toBe('4160000000000000');
    expect(fpr(r.cpu, 6)).toBe('3300000000000000');
  });

  it('a true zero extended result has zero in both halves', () => {
    const r = rr('27', 0, 4, { 0: '00000000 00000000', 2: '12345678 12345678', 4: '41300000 00000000' });
    expect(fpr(r.cpu, 0) + fpr(r.cpu, 2)).toBe('0'.repeat(32));
  });
});

describe('register specification', () => {
  it.each([
    ['LER 1,2', '3812'],
    ['ADR 0,8', '2A08'],
    ['LDR 7,0', '2870'],
    ['AXR 2,0', '3620'],
    ['SXR 0,6', '3706'],
    ['MXR 0,2', '2602'],
    ['MXDR 2,4', '2724'],
    ['MXDR 0,1', '2701'],
    ['LRDR 0,2', '2502'],
    ['LRDR 1,0', '2510'],
    ['LE 3', '78300800'],
    ['STD 10', '60A00800'],
    ['MXD 2', '67200800'],
  ])('%s: specification exception, nothing changed', (_, code) => {
    const regs = { 0: '41100000 00000000', 2: '41200000 00000000', 4: '41300000 00000000', 6: '41400000 00000000' };
    const r = exec({ code, fpr: regs, mem: { [M]: '42100000 00000000' } });
    expect(r.code).toBe(6);
    expect([0, 2, 4, 6].map((f) => fpr(r.cpu, f))).toEqual(['4110000000000000', '4120000000000000', '4130000000000000', '4140000000000000']);
    expect(bytes(r.cpu, M, 8)).toBe('4210000000000000');
  });
});

describe('access exceptions suppress (64K storage, operands past its end)', () => {
  it('LD and AD: addressing exception, the register unchanged', () => {
    for (const code of ['68005FFC', '6A005FFC']) {
      const r = exec({ code, regs: { 5: 0xf000 }, fpr: { 0: '41100000 00000000' } });
      expect(r.code).toBe(5);
      expect(fpr(r.cpu, 0)).toBe('4110000000000000');
    }
  });
  it('STD stores nothing', () => {
    const r = exec({ code: '60005FFC', regs: { 5: 0xf000 }, fpr: { 0: '41100000 00000000' }, mem: { 0xfffc: 'AAAAAAAA' } });
    expect(r.code).toBe(5);
    expect(bytes(r.cpu, 0xfffc, 4)).toBe('AAAAAAAA');
  });
});
