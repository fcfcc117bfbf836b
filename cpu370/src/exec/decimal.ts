// Decimal instructions (GA22-7000 ch. 8, "Decimal Instructions"), plus CVB/CVD.
// Data exceptions (invalid digit or sign) and specification exceptions suppress the
// operation; decimal overflow completes it (result truncated, CC 3) and interrupts only
// when the program mask allows. Results carry the preferred signs C and D.
// Both operands are fetched before the result is stored, so the overlaps GA22-7000
// allows (coincident rightmost bytes; for ZAP also operand 1 ending to the right of
// operand 2) give the right-to-left result. Other overlaps are not detected as such
// (the manual only says they show up as data exceptions through invalid codes met
// on the way); Hercules 3.13 treats them the same way.

import type { Cpu } from '../cpu/cpu.ts';
import {
  PGM_DATA,
  PGM_DECIMAL_DIVIDE,
  PGM_DECIMAL_OVERFLOW,
  PGM_FIXED_DIVIDE,
  PGM_SPECIFICATION,
} from '../arch/interrupts.ts';
import {
  decodePacked,
  digitCount,
  encodePacked,
  fetchBytes,
  fieldDigits,
  loadPacked,
  storeBytes,
  storePacked,
} from './packed.ts';
import type { Semantics } from './types.ts';

const DECIMAL_OVERFLOW_MASK = 0x4;

/** SS format with two lengths (AP, SP, ZAP, CP, MP, DP, MVO, PACK, UNPK). */
interface Ss2 {
  /** Operand lengths in bytes (the L fields plus one). */
  n1: number;
  n2: number;
  a1: number;
  a2: number;
}

function ss2(cpu: Cpu, w: number, h: number): Ss2 {
  return {
    n1: ((w >>> 20) & 15) + 1,
    n2: ((w >>> 16) & 15) + 1,
    a1: cpu.ea(0, (w >>> 12) & 15, w & 0xfff),
    a2: cpu.ea(0, h >>> 12, h & 0xfff),
  };
}

/** Condition code of a signed decimal result: 0 zero, 1 negative, 2 positive. */
const signCc = (mag: bigint, neg: boolean): number => (mag === 0n ? 0 : neg ? 1 : 2);

/**
 * Stores a signed sum (AP, SP, ZAP): a zero result is positive; when significant
 * digits are lost the CC is 3, the truncated result keeps the sign of the true result,
 * and a decimal-overflow exception follows if PSW bit 21 is one.
 */
function storeResult(cpu: Cpu, a1: number, n1: number, v: bigint): void {
  const neg = v < 0n;
  const mag = neg ? -v : v;
  const overflow = digitCount(mag) > fieldDigits(n1);
  storePacked(cpu, a1, n1, mag, mag === 0n ? false : neg);
  cpu.cc = overflow ? 3 : signCc(mag, neg);
  if (overflow && (cpu.progMask & DECIMAL_OVERFLOW_MASK) !== 0) cpu.programCheck(PGM_DECIMAL_OVERFLOW);
}

const signed = (p: { mag: bigint; neg: boolean }): bigint => (p.neg ? -p.mag : p.mag);

function addDecimal(cpu: Cpu, w: number, h: number, subtract: boolean): void {
  const { n1, n2, a1, a2 } = ss2(cpu, w, h);
  const x = loadPacked(cpu, a1, n1);
  const y = loadPacked(cpu, a2, n2);
  storeResult(cpu, a1, n1, subtract ? signed(x) - signed(y) : signed(x) + signed(y));
}

function zap(cpu: Cpu, w: number, h: number): void {
  const { n1, n2, a1, a2 } = ss2(cpu, w, h);
  storeResult(cpu, a1, n1, signed(loadPacked(cpu, a2, n2)));
}

function cp(cpu: Cpu, w: number, h: number): void {
  const { n1, n2, a1, a2 } = ss2(cpu, w, h);
  const x = signed(loadPacked(cpu, a1, n1));
  const y = signed(loadPacked(cpu, a2, n2));
  cpu.cc = x === y ? 0 : x < y ? 1 : 2;
}

/** MP and DP: L2 must be at most 7 (15 digits) and less than L1. */
function checkMulDivLengths(cpu: Cpu, n1: number, n2: number): void {
  if (n2 > 8 || n2 >= n1) cpu.programCheck(PGM_SPECIFICATION);
}

function mp(cpu: Cpu, w: number, h: number): void {
  const { n1, n2, a1, a2 } = ss2(cpu, w, h);
  checkMulDivLengths(cpu, n1, n2);
  const x = loadPacked(cpu, a1, n1);
  const y = loadPacked(cpu, a2, n2);
  // The multiplicand must have at least as many bytes of leftmost zeros as the
  // multiplier has bytes, so that the product always fits.
  const zeroBytes = n1 - (Math.floor(digitCount(x.mag) / 2) + 1);
  if (n2 > zeroBytes) cpu.programCheck(PGM_DATA);
  // The sign follows the rules of algebra even when the product is zero.
  storePacked(cpu, a1, n1, x.mag * y.mag, x.neg !== y.neg);
}

function dp(cpu: Cpu, w: number, h: number): void {
  const { n1, n2, a1, a2 } = ss2(cpu, w, h);
  checkMulDivLengths(cpu, n1, n2);
  const x = loadPacked(cpu, a1, n1);
  const y = loadPacked(cpu, a2, n2);
  if (y.mag === 0n) cpu.programCheck(PGM_DECIMAL_DIVIDE);
  const qBytes = n1 - n2;
  const q = x.mag / y.mag;
  if (digitCount(q) > fieldDigits(qBytes)) cpu.programCheck(PGM_DECIMAL_DIVIDE);
  const r = x.mag % y.mag;
  // Quotient sign by the rules of algebra, remainder sign that of the dividend, both
  // even when zero.
  const out = new Uint8Array(n1);
  out.set(encodePacked(q, x.neg !== y.neg, qBytes), 0);
  out.set(encodePacked(r, x.neg, n2), qBytes);
  storeBytes(cpu, a1, out);
}

function srp(cpu: Cpu, w: number, h: number): void {
  const n1 = ((w >>> 20) & 15) + 1;
  const round = (w >>> 16) & 15;
  const a1 = cpu.ea(0, (w >>> 12) & 15, w & 0xfff);
  const shift = cpu.ea(0, h >>> 12, h & 0xfff) & 0x3f;
  const x = loadPacked(cpu, a1, n1);
  if (round > 9) cpu.programCheck(PGM_DATA);
  const digits = fieldDigits(n1);
  let mag: bigint;
  let overflow = false;
  if (shift < 32) {
    overflow = x.mag !== 0n && digitCount(x.mag) + shift > digits;
    mag = (x.mag * 10n ** BigInt(shift)) % 10n ** BigInt(digits);
  } else {
    const n = 64 - shift;
    const p = 10n ** BigInt(n);
    // The rounding digit is added to the leftmost digit shifted out.
    const out = Number((x.mag / 10n ** BigInt(n - 1)) % 10n);
    mag = x.mag / p + BigInt(Math.floor((out + round) / 10));
  }
  const neg = mag === 0n && !overflow ? false : x.neg;
  storePacked(cpu, a1, n1, mag, neg);
  cpu.cc = overflow ? 3 : signCc(mag, neg);
  if (overflow && (cpu.progMask & DECIMAL_OVERFLOW_MASK) !== 0) cpu.programCheck(PGM_DECIMAL_OVERFLOW);
}

// MVO, PACK and UNPK do no validity checking and work right to left one byte at a
// time, so overlapping operands give the results the byte-at-a-time definition implies.

/** The operands, checked for access (operand 1 for store), and the addresses of their rightmost bytes. */
function rightmostBytes(cpu: Cpu, w: number, h: number): { n1: number; n2: number; last1: number; last2: number } {
  const { n1, n2, a1, a2 } = ss2(cpu, w, h);
  cpu.validate(a1, n1, true);
  cpu.validate(a2, n2, false);
  return { n1, n2, last1: (a1 + n1 - 1) & 0xffffff, last2: (a2 + n2 - 1) & 0xffffff };
}

const swapNibbles = (b: number): number => ((b << 4) & 0xf0) | (b >>> 4);

function mvo(cpu: Cpu, w: number, h: number): void {
  const { n1, n2, last1, last2 } = rightmostBytes(cpu, w, h);
  let p1 = last1;
  let p2 = last2;
  let s = cpu.read8(p2);
  cpu.write8(p1, ((s << 4) & 0xf0) | (cpu.read8(p1) & 15));
  let left2 = n2 - 1;
  for (let i = n1 - 1; i > 0; i--) {
    let d = s >>> 4;
    if (left2-- > 0) {
      p2 = (p2 - 1) & 0xffffff;
      s = cpu.read8(p2);
    } else {
      s = 0;
    }
    d |= (s << 4) & 0xf0;
    p1 = (p1 - 1) & 0xffffff;
    cpu.write8(p1, d);
  }
}

function pack(cpu: Cpu, w: number, h: number): void {
  const { n1, n2, last1, last2 } = rightmostBytes(cpu, w, h);
  let p1 = last1;
  let p2 = last2;
  cpu.write8(p1, swapNibbles(cpu.read8(p2)));
  let left2 = n2 - 1;
  for (let i = n1 - 1; i > 0; i--) {
    let d = 0;
    if (left2-- > 0) {
      p2 = (p2 - 1) & 0xffffff;
      d = cpu.read8(p2) & 15;
      if (left2-- > 0) {
        p2 = (p2 - 1) & 0xffffff;
        d |= (cpu.read8(p2) << 4) & 0xf0;
      }
    }
    p1 = (p1 - 1) & 0xffffff;
    cpu.write8(p1, d);
  }
}

function unpk(cpu: Cpu, w: number, h: number): void {
  const { n1, n2, last1, last2 } = rightmostBytes(cpu, w, h);
  let p1 = last1;
  let p2 = last2;
  cpu.write8(p1, swapNibbles(cpu.read8(p2)));
  let left2 = n2 - 1;
  for (let i = n1 - 1; i > 0; i--) {
    let right = 0xf0;
    let left = 0xf0;
    if (left2-- > 0) {
      p2 = (p2 - 1) & 0xffffff;
      const b = cpu.read8(p2);
      right = 0xf0 | (b & 15);
      left = 0xf0 | (b >>> 4);
    }
    p1 = (p1 - 1) & 0xffffff;
    cpu.write8(p1, right);
    if (--i > 0) {
      p1 = (p1 - 1) & 0xffffff;
      cpu.write8(p1, left);
    }
  }
}

function cvb(cpu: Cpu, w: number): void {
  const r1 = (w >>> 20) & 15;
  const a2 = cpu.ea((w >>> 16) & 15, (w >>> 12) & 15, w & 0xfff);
  const v = signed(decodePacked(cpu, fetchBytes(cpu, a2, 8)));
  // Out of range: the rightmost 32 bits are placed in R1, then a fixed-point-divide
  // exception is recognised (the operation is completed).
  cpu.gpr[r1] = Number(BigInt.asIntN(32, v));
  if (v > 0x7fffffffn || v < -0x80000000n) cpu.programCheck(PGM_FIXED_DIVIDE);
}

function cvd(cpu: Cpu, w: number): void {
  const r1 = (w >>> 20) & 15;
  const a2 = cpu.ea((w >>> 16) & 15, (w >>> 12) & 15, w & 0xfff);
  const v = cpu.gpr[r1]!;
  storePacked(cpu, a2, 8, BigInt(Math.abs(v)), v < 0);
}

const DIGIT_SELECTOR = 0x20;
const SIGNIFICANCE_STARTER = 0x21;
const FIELD_SEPARATOR = 0x22;

/**
 * ED and EDMK (GA22-7000 "Edit"): the pattern is processed left to right, each result
 * byte replacing its pattern byte as it goes; source digits are fetched as needed.
 * A source digit above 9 is a data exception that terminates the operation: the bytes
 * already edited stay changed. When the source might cross a 2K boundary, Hercules 3.13
 * first makes a trial pass that stores nothing (so the exception then leaves operand 1
 * unchanged); we do the same, both outcomes being within the architecture.
 */
function edit(cpu: Cpu, w: number, h: number, mark: boolean): void {
  const len = ((w >>> 16) & 0xff) + 1;
  const a1 = cpu.ea(0, (w >>> 12) & 15, w & 0xfff);
  const a2 = cpu.ea(0, h >>> 12, h & 0xfff);
  cpu.validate(a1, len, true);
  if (a2 >>> 11 !== ((a2 + len - 1) & 0xffffff) >>> 11) editPass(cpu, a1, a2, len, mark, false);
  cpu.cc = editPass(cpu, a1, a2, len, mark, true);
}

/** One pass over the pattern; stores results (and the EDMK address) only when `store`. Returns the CC. */
function editPass(cpu: Cpu, a1: number, a2start: number, len: number, mark: boolean, store: boolean): number {
  let a2 = a2start;
  let cc = 0;
  let sig = false;
  let fill = 0;
  let right = false; // the next digit is the right half of the current source byte
  let sbyte = 0;
  const put = (addr: number, v: number): void => {
    if (store) cpu.write8(addr, v);
  };
  for (let i = 0; i < len; i++) {
    const addr = (a1 + i) & 0xffffff;
    const pat = cpu.read8(addr);
    if (i === 0) fill = pat;
    if (pat === DIGIT_SELECTOR || pat === SIGNIFICANCE_STARTER) {
      let digit: number;
      if (!right) {
        const b = cpu.read8(a2);
        a2 = (a2 + 1) & 0xffffff;
        digit = b >>> 4;
        sbyte = b & 15;
        right = true;
        if (digit > 9) cpu.programCheck(PGM_DATA);
      } else {
        digit = sbyte;
        right = false;
      }
      if (store && mark && digit > 0 && !sig) cpu.gpr[1] = (cpu.gpr[1]! & ~0xffffff) | addr;
      put(addr, !sig && digit === 0 ? fill : 0xf0 | digit);
      if (digit > 0) cc = 2;
      if (pat === SIGNIFICANCE_STARTER || digit > 0) sig = true;
      if (right && sbyte > 9) {
        // The right half is a sign: a plus sign turns significance off.
        if (sbyte !== 0xb && sbyte !== 0xd) sig = false;
        right = false;
      }
    } else if (pat === FIELD_SEPARATOR) {
      put(addr, fill);
      sig = false;
      cc = 0;
    } else if (!sig) {
      put(addr, fill);
    }
  }
  return sig && cc === 2 ? 1 : cc;
}

export const DECIMAL: Semantics = {
  AP: (cpu, w, h) => addDecimal(cpu, w, h, false),
  SP: (cpu, w, h) => addDecimal(cpu, w, h, true),
  ZAP: zap,
  CP: cp,
  MP: mp,
  DP: dp,
  SRP: srp,
  MVO: mvo,
  PACK: pack,
  UNPK: unpk,
  CVB: cvb,
  CVD: cvd,
  ED: (cpu, w, h) => edit(cpu, w, h, false),
  EDMK: (cpu, w, h) => edit(cpu, w, h, true),
};
