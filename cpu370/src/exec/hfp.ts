// Hexadecimal floating-point instructions (GA22-7000 ch. 9, "Floating-Point
// Instructions"): short, long and extended operands in FPRs 0, 2, 4, 6 (extended in the
// pairs 0/2 and 4/6). The arithmetic is in ./hfp-num.ts on exact integers. Exceptions
// that complete the operation (exponent overflow/underflow, significance) store the
// result and set the CC first; FP divide and specification suppress.

import type { Cpu } from '../cpu/cpu.ts';
import { PGM_FP_DIVIDE, PGM_SPECIFICATION } from '../arch/interrupts.ts';
import {
  add,
  compare,
  divide,
  EXTENDED,
  halve,
  LONG,
  multiply,
  overflow,
  PGM_SIGNIFICANCE,
  SHORT,
  type Hfp,
} from './hfp-num.ts';
import type { ExecFn, Semantics } from './types.ts';

const R1 = (w: number): number => (w >>> 20) & 15;
const R2 = (w: number): number => (w >>> 16) & 15;
const rxAddr = (cpu: Cpu, w: number): number => cpu.ea((w >>> 16) & 15, (w >>> 12) & 15, w & 0xfff);

/** R must name FPR 0, 2, 4 or 6. */
function checkReg(cpu: Cpu, r: number): void {
  if ((r & 9) !== 0) cpu.programCheck(PGM_SPECIFICATION);
}

/** An extended operand must be in FPR 0 (with 2) or FPR 4 (with 6). */
function checkExt(cpu: Cpu, r: number): void {
  if ((r & 0xb) !== 0) cpu.programCheck(PGM_SPECIFICATION);
}

const M56 = (1n << 56n) - 1n;

function fromShortWord(v: number): Hfp {
  return { neg: v >>> 31 === 1, expo: (v >>> 24) & 0x7f, fract: BigInt(v & 0xffffff) };
}

function fromLongWords(hi: number, lo: number): Hfp {
  return { neg: hi >>> 31 === 1, expo: (hi >>> 24) & 0x7f, fract: (BigInt(hi & 0xffffff) << 32n) | BigInt(lo >>> 0) };
}

const getShort = (cpu: Cpu, r: number): Hfp => fromShortWord(cpu.fpr[r]!);
const getLong = (cpu: Cpu, r: number): Hfp => fromLongWords(cpu.fpr[r]!, cpu.fpr[r + 1]!);

/** An extended operand: 14 fraction digits from each of FPR r and r+2 (the low part's sign and characteristic are ignored). */
function getExt(cpu: Cpu, r: number): Hfp {
  const f = cpu.fpr;
  const hi = fromLongWords(f[r]!, f[r + 1]!);
  const lo = (BigInt(f[r + 2]! & 0xffffff) << 32n) | BigInt(f[r + 3]!);
  return { neg: hi.neg, expo: hi.expo, fract: (hi.fract << 56n) | lo };
}

const highWord = (x: Hfp, fractHigh24: number): number => (((x.neg ? 1 : 0) << 31) | ((x.expo & 0x7f) << 24) | fractHigh24) >>> 0;

/** Short results change only the left half of the register. */
function putShort(cpu: Cpu, r: number, x: Hfp): void {
  cpu.fpr[r] = highWord(x, Number(x.fract & 0xffffffn));
}

function putLong(cpu: Cpu, r: number, x: Hfp): void {
  cpu.fpr[r] = highWord(x, Number((x.fract >> 32n) & 0xffffffn));
  cpu.fpr[r + 1] = Number(x.fract & 0xffffffffn);
}

/**
 * Extended results: the low-order part has the same sign and a characteristic 14 less
 * (modulo 128), unless the whole result is zero. `lowChar` forces that characteristic
 * (a zero fraction kept by the significance mask).
 */
function putExt(cpu: Cpu, r: number, x: Hfp, lowChar = false): void {
  const f = cpu.fpr;
  const hi = x.fract >> 56n;
  const lo = x.fract & M56;
  f[r] = highWord(x, Number((hi >> 32n) & 0xffffffn));
  f[r + 1] = Number(hi & 0xffffffffn);
  f[r + 2] = (((x.neg ? 1 : 0) << 31) | Number((lo >> 32n) & 0xffffffn)) >>> 0;
  f[r + 3] = Number(lo & 0xffffffffn);
  if (lowChar || f[r] !== 0 || f[r + 1] !== 0 || f[r + 2] !== 0 || f[r + 3] !== 0) {
    f[r + 2] = (f[r + 2]! | (((x.expo - 14) & 0x7f) << 24)) >>> 0;
  }
}

function fetchShort(cpu: Cpu, a: number): Hfp {
  return fromShortWord(cpu.read32(a) >>> 0);
}

function fetchLong(cpu: Cpu, a: number): Hfp {
  cpu.validate(a, 8, false);
  return fromLongWords(cpu.read32(a) >>> 0, cpu.read32((a + 4) & 0xffffff) >>> 0);
}

const resultCc = (x: Hfp): number => (x.fract === 0n ? 0 : x.neg ? 1 : 2);

function raise(cpu: Cpu, pgm: number): void {
  if (pgm !== 0) cpu.programCheck(pgm);
}

// ------------------------------------------------------------------ add / subtract

type Format = 'short' | 'long';
const digitsOf = (f: Format): number => (f === 'short' ? SHORT : LONG);
const getReg = (cpu: Cpu, r: number, f: Format): Hfp => (f === 'short' ? getShort(cpu, r) : getLong(cpu, r));
const putReg = (cpu: Cpu, r: number, x: Hfp, f: Format): void => (f === 'short' ? putShort(cpu, r, x) : putLong(cpu, r, x));
const fetchOp = (cpu: Cpu, a: number, f: Format): Hfp => (f === 'short' ? fetchShort(cpu, a) : fetchLong(cpu, a));

/** The second operand of an RR or RX instruction, after the register checks. */
function operand2(cpu: Cpu, w: number, f: Format, rx: boolean): Hfp {
  const r1 = R1(w);
  checkReg(cpu, r1);
  if (rx) return fetchOp(cpu, rxAddr(cpu, w), f);
  const r2 = R2(w);
  checkReg(cpu, r2);
  return getReg(cpu, r2, f);
}

function addInstr(f: Format, rx: boolean, normal: boolean, subtract: boolean): ExecFn {
  return (cpu, w) => {
    const b = operand2(cpu, w, f, rx);
    const r1 = R1(w);
    const a = getReg(cpu, r1, f);
    if (subtract) b.neg = !b.neg;
    const pgm = add(a, b, digitsOf(f), normal, cpu.progMask);
    cpu.cc = resultCc(a);
    putReg(cpu, r1, a, f);
    raise(cpu, pgm);
  };
}

function addExt(subtract: boolean): ExecFn {
  return (cpu, w) => {
    const r1 = R1(w);
    const r2 = R2(w);
    checkExt(cpu, r1);
    checkExt(cpu, r2);
    const a = getExt(cpu, r1);
    const b = getExt(cpu, r2);
    if (subtract) b.neg = !b.neg;
    const pgm = add(a, b, EXTENDED, true, cpu.progMask);
    cpu.cc = resultCc(a);
    putExt(cpu, r1, a, pgm === PGM_SIGNIFICANCE);
    raise(cpu, pgm);
  };
}

function compareInstr(f: Format, rx: boolean): ExecFn {
  return (cpu, w) => {
    const b = operand2(cpu, w, f, rx);
    cpu.cc = compare(getReg(cpu, R1(w), f), b, digitsOf(f));
  };
}

// ------------------------------------------------------------------ multiply / divide

/** ME/MER: short operands, long product; MD/MDR: long. */
function multiplyInstr(f: Format, rx: boolean): ExecFn {
  return (cpu, w) => {
    const b = operand2(cpu, w, f, rx);
    const r1 = R1(w);
    const { r, pgm } = multiply(getReg(cpu, r1, f), b, digitsOf(f), LONG, cpu.progMask);
    putLong(cpu, r1, r);
    raise(cpu, pgm);
  };
}

function divideInstr(f: Format, rx: boolean): ExecFn {
  return (cpu, w) => {
    const b = operand2(cpu, w, f, rx);
    if (b.fract === 0n) cpu.programCheck(PGM_FP_DIVIDE);
    const r1 = R1(w);
    const { r, pgm } = divide(getReg(cpu, r1, f), b, digitsOf(f), cpu.progMask);
    putReg(cpu, r1, r, f);
    raise(cpu, pgm);
  };
}

/** MXD/MXDR: long operands (the first in R1), extended product in R1, R1+2. */
function multiplyLongToExt(rx: boolean): ExecFn {
  return (cpu, w) => {
    const r1 = R1(w);
    checkExt(cpu, r1);
    let b: Hfp;
    if (rx) {
      b = fetchLong(cpu, rxAddr(cpu, w));
    } else {
      const r2 = R2(w);
      checkReg(cpu, r2);
      b = getLong(cpu, r2);
    }
    const { r, pgm } = multiply(getLong(cpu, r1), b, LONG, EXTENDED, cpu.progMask);
    putExt(cpu, r1, r);
    raise(cpu, pgm);
  };
}

const mxr: ExecFn = (cpu, w) => {
  const r1 = R1(w);
  const r2 = R2(w);
  checkExt(cpu, r1);
  checkExt(cpu, r2);
  const { r, pgm } = multiply(getExt(cpu, r1), getExt(cpu, r2), EXTENDED, EXTENDED, cpu.progMask);
  putExt(cpu, r1, r);
  raise(cpu, pgm);
};

// ------------------------------------------------------------------ loads, stores, sign control

function rr(cpu: Cpu, w: number): [number, number] {
  const r1 = R1(w);
  const r2 = R2(w);
  checkReg(cpu, r1);
  checkReg(cpu, r2);
  return [r1, r2];
}

/** LPxR/LNxR/LTxR/LCxR: the sign bit is set by `sign`, the CC from the fraction and new sign. */
function signInstr(long: boolean, sign: (hi: number) => number): ExecFn {
  return (cpu, w) => {
    const [r1, r2] = rr(cpu, w);
    const f = cpu.fpr;
    const hi = sign(f[r2]!) >>> 0;
    f[r1] = hi;
    let nonzero = (hi & 0xffffff) !== 0;
    if (long) {
      f[r1 + 1] = f[r2 + 1]!;
      nonzero ||= f[r1 + 1] !== 0;
    }
    cpu.cc = nonzero ? (hi >>> 31 === 1 ? 1 : 2) : 0;
  };
}

const positive = (hi: number): number => hi & 0x7fffffff;
const negative = (hi: number): number => hi | 0x80000000;
const same = (hi: number): number => hi;
const complement = (hi: number): number => hi ^ 0x80000000;

function halveInstr(f: Format): ExecFn {
  return (cpu, w) => {
    const [r1, r2] = rr(cpu, w);
    const x = getReg(cpu, r2, f);
    const pgm = halve(x, digitsOf(f), cpu.progMask);
    putReg(cpu, r1, x, f);
    raise(cpu, pgm);
  };
}

/** LRER: long to short, rounded by adding one at the first fraction bit dropped. */
const lrer: ExecFn = (cpu, w) => {
  const [r1, r2] = rr(cpu, w);
  const from = getLong(cpu, r2);
  const x: Hfp = { neg: from.neg, expo: from.expo, fract: (from.fract + 0x80000000n) >> 32n };
  let pgm = 0;
  if (x.fract > 0xffffffn) {
    x.fract >>= 4n;
    x.expo++;
    pgm = overflow(x);
  }
  putShort(cpu, r1, x);
  raise(cpu, pgm);
};

/** LRDR: extended to long, rounded by the leftmost fraction bit of the low-order part. */
const lrdr: ExecFn = (cpu, w) => {
  const r1 = R1(w);
  const r2 = R2(w);
  checkReg(cpu, r1);
  checkExt(cpu, r2);
  const x = getLong(cpu, r2);
  x.fract += BigInt((cpu.fpr[r2 + 2]! >>> 23) & 1);
  let pgm = 0;
  if (x.fract > M56) {
    x.fract >>= 4n;
    x.expo++;
    pgm = overflow(x);
  }
  putLong(cpu, r1, x);
  raise(cpu, pgm);
};

export const HFP: Semantics = {
  // Loads and stores
  LER(cpu, w) {
    const [r1, r2] = rr(cpu, w);
    cpu.fpr[r1] = cpu.fpr[r2]!;
  },
  LDR(cpu, w) {
    const [r1, r2] = rr(cpu, w);
    cpu.fpr[r1] = cpu.fpr[r2]!;
    cpu.fpr[r1 + 1] = cpu.fpr[r2 + 1]!;
  },
  LE(cpu, w) {
    const r1 = R1(w);
    checkReg(cpu, r1);
    cpu.fpr[r1] = cpu.read32(rxAddr(cpu, w)) >>> 0;
  },
  LD(cpu, w) {
    const r1 = R1(w);
    checkReg(cpu, r1);
    const a = rxAddr(cpu, w);
    cpu.validate(a, 8, false);
    const hi = cpu.read32(a);
    cpu.fpr[r1 + 1] = cpu.read32((a + 4) & 0xffffff) >>> 0;
    cpu.fpr[r1] = hi >>> 0;
  },
  STE(cpu, w) {
    const r1 = R1(w);
    checkReg(cpu, r1);
    cpu.write32(rxAddr(cpu, w), cpu.fpr[r1]!);
  },
  STD(cpu, w) {
    const r1 = R1(w);
    checkReg(cpu, r1);
    const a = rxAddr(cpu, w);
    cpu.validate(a, 8, true);
    cpu.write32(a, cpu.fpr[r1]!);
    cpu.write32((a + 4) & 0xffffff, cpu.fpr[r1 + 1]!);
  },
  LPER: signInstr(false, positive),
  LNER: signInstr(false, negative),
  LTER: signInstr(false, same),
  LCER: signInstr(false, complement),
  LPDR: signInstr(true, positive),
  LNDR: signInstr(true, negative),
  LTDR: signInstr(true, same),
  LCDR: signInstr(true, complement),
  HER: halveInstr('short'),
  HDR: halveInstr('long'),
  LRER: lrer,
  LRDR: lrdr,
  // Add and subtract
  AER: addInstr('short', false, true, false),
  AE: addInstr('short', true, true, false),
  SER: addInstr('short', false, true, true),
  SE: addInstr('short', true, true, true),
  AUR: addInstr('short', false, false, false),
  AU: addInstr('short', true, false, false),
  SUR: addInstr('short', false, false, true),
  SU: addInstr('short', true, false, true),
  ADR: addInstr('long', false, true, false),
  AD: addInstr('long', true, true, false),
  SDR: addInstr('long', false, true, true),
  SD: addInstr('long', true, true, true),
  AWR: addInstr('long', false, false, false),
  AW: addInstr('long', true, false, false),
  SWR: addInstr('long', false, false, true),
  SW: addInstr('long', true, false, true),
  AXR: addExt(false),
  SXR: addExt(true),
  // Compare
  CER: compareInstr('short', false),
  CE: compareInstr('short', true),
  CDR: compareInstr('long', false),
  CD: compareInstr('long', true),
  // Multiply and divide
  MER: multiplyInstr('short', false),
  ME: multiplyInstr('short', true),
  MDR: multiplyInstr('long', false),
  MD: multiplyInstr('long', true),
  MXDR: multiplyLongToExt(false),
  MXD: multiplyLongToExt(true),
  MXR: mxr,
  DER: divideInstr('short', false),
  DE: divideInstr('short', true),
  DDR: divideInstr('long', false),
  DD: divideInstr('long', true),
};
