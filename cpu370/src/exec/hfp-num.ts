// Hexadecimal floating-point arithmetic on exact integers (GA22-7000 ch. 9). A number is
// a sign, a characteristic (exponent + 64, kept as a plain integer so that intermediate
// values may leave 0..127) and a fraction of F hexadecimal digits as a BigInt:
// F = 6 (short), 14 (long) or 28 (extended). Results are truncated, never rounded,
// except by the load-rounded instructions. The sequence of steps (guard digit, when a
// fraction counts as shifted out, exponent wrap) follows Hercules 3.13, which agrees
// with the Principles of Operation on every case we compared.

export interface Hfp {
  neg: boolean;
  expo: number;
  fract: bigint;
}

export const SHORT = 6;
export const LONG = 14;
export const EXTENDED = 28;

/** Program-mask bits for HFP (PSW bits 22 and 23). */
export const EU_MASK = 0x2;
export const SG_MASK = 0x1;

export const PGM_EXPONENT_OVERFLOW = 0x0c;
export const PGM_EXPONENT_UNDERFLOW = 0x0d;
export const PGM_SIGNIFICANCE = 0x0e;

/** 16 ** n and 4 * n as BigInts, for n up to 64 (shift amounts and digit limits). */
const POW16: readonly bigint[] = Array.from({ length: 65 }, (_, n) => 1n << BigInt(4 * n));
const BITS4: readonly bigint[] = Array.from({ length: 65 }, (_, n) => BigInt(4 * n));

const digitsValue = (digits: number): bigint => POW16[digits]!;

/** A true zero: zero fraction and zero characteristic (the sign does not matter). */
const isTrueZero = (x: Hfp): boolean => x.fract === 0n && x.expo === 0;

/** Shifts the fraction left until its leftmost digit is nonzero; a zero fraction becomes a true zero. */
export function normalize(x: Hfp, F: number): void {
  if (x.fract === 0n) {
    x.neg = false;
    x.expo = 0;
    return;
  }
  const top = digitsValue(F - 1);
  while (x.fract < top) {
    x.fract <<= 4n;
    x.expo--;
  }
}

/** Exponent underflow: with the mask on, the characteristic wraps (+128) and an exception is due; else a true zero. */
export function underflow(x: Hfp, progMask: number): number {
  if (x.expo >= 0) return 0;
  if ((progMask & EU_MASK) !== 0) {
    x.expo &= 0x7f;
    return PGM_EXPONENT_UNDERFLOW;
  }
  x.neg = false;
  x.expo = 0;
  x.fract = 0n;
  return 0;
}

export function overflow(x: Hfp): number {
  if (x.expo <= 127) return 0;
  x.expo &= 0x7f;
  return PGM_EXPONENT_OVERFLOW;
}

export function overUnderflow(x: Hfp, progMask: number): number {
  return x.expo > 127 ? overflow(x) : underflow(x, progMask);
}

/**
 * A zero result fraction: the sign is made plus; with the significance mask on the
 * characteristic is kept and an exception is due, otherwise the result is a true zero.
 */
export function significance(x: Hfp, progMask: number): number {
  x.neg = false;
  x.fract = 0n;
  if ((progMask & SG_MASK) !== 0) return PGM_SIGNIFICANCE;
  x.expo = 0;
  return 0;
}

function copy(dst: Hfp, src: Hfp): void {
  dst.neg = src.neg;
  dst.expo = src.expo;
  dst.fract = src.fract;
}

/**
 * a := a + b (GA22-7000 "Add Normalized", "Add Unnormalized"): the operand with the
 * smaller characteristic is shifted right, one guard digit is kept, the sum is
 * normalized when `normal`. Returns the program-interruption code due (0 when none).
 */
export function add(a: Hfp, b: Hfp, F: number, normal: boolean, progMask: number): number {
  if (isTrueZero(b)) {
    if (a.fract === 0n) return significance(a, progMask);
    return normal ? normalizeResult(a, F, progMask) : 0;
  }
  if (isTrueZero(a)) {
    copy(a, b);
    if (a.fract === 0n) return significance(a, progMask);
    return normal ? normalizeResult(a, F, progMask) : 0;
  }
  let fa: bigint;
  let fb: bigint;
  let e: number;
  if (a.expo === b.expo) {
    fa = a.fract << 4n;
    fb = b.fract << 4n;
    e = a.expo;
  } else if (a.expo < b.expo) {
    const shift = b.expo - a.expo - 1;
    e = b.expo;
    fa = a.fract;
    if (shift > 0) {
      fa = shift >= F ? 0n : fa >> BITS4[shift]!;
      if (fa === 0n) {
        copy(a, b);
        if (a.fract === 0n) return significance(a, progMask);
        return normal ? normalizeResult(a, F, progMask) : 0;
      }
    }
    fb = b.fract << 4n;
  } else {
    const shift = a.expo - b.expo - 1;
    e = a.expo;
    fb = b.fract;
    if (shift > 0) {
      fb = shift >= F ? 0n : fb >> BITS4[shift]!;
      if (fb === 0n) {
        if (a.fract === 0n) return significance(a, progMask);
        return normal ? normalizeResult(a, F, progMask) : 0;
      }
    }
    fa = a.fract << 4n;
  }
  let f: bigint;
  let neg = a.neg;
  if (a.neg === b.neg) {
    f = fa + fb;
  } else if (fa === fb) {
    a.expo = e;
    return significance(a, progMask);
  } else if (fa > fb) {
    f = fa - fb;
  } else {
    f = fb - fa;
    neg = b.neg;
  }
  a.neg = neg;
  a.expo = e;
  if (f >= POW16[F + 1]!) {
    // Carry out of the leftmost digit: shift right one digit (dropping the guard digit too).
    a.fract = f >> 8n;
    a.expo++;
    return overflow(a);
  }
  if (normal) {
    if (f === 0n) return significance(a, progMask);
    if (f >= POW16[F]!) {
      a.fract = f >> 4n;
      return 0;
    }
    // The guard digit takes part in normalization.
    a.fract = f;
    a.expo--;
    return normalizeResult(a, F, progMask);
  }
  a.fract = f >> 4n;
  if (a.fract === 0n) return significance(a, progMask);
  return 0;
}

function normalizeResult(a: Hfp, F: number, progMask: number): number {
  normalize(a, F);
  return underflow(a, progMask);
}

/** Condition code of comparing a with b (GA22-7000 "Compare"): the sign of a - b computed as ADD does. */
export function compare(a: Hfp, b: Hfp, F: number): number {
  const ccOf = (fract: bigint, neg: boolean): number => (fract === 0n ? 0 : neg ? 1 : 2);
  if (isTrueZero(b)) return ccOf(a.fract, a.neg);
  if (isTrueZero(a)) return ccOf(b.fract, !b.neg);
  let fa: bigint;
  let fb: bigint;
  if (a.expo === b.expo) {
    fa = a.fract << 4n;
    fb = b.fract << 4n;
  } else if (a.expo < b.expo) {
    const shift = b.expo - a.expo - 1;
    fa = a.fract;
    if (shift > 0) {
      fa = shift >= F ? 0n : fa >> BITS4[shift]!;
      if (fa === 0n) return ccOf(b.fract, !b.neg);
    }
    fb = b.fract << 4n;
  } else {
    const shift = a.expo - b.expo - 1;
    fb = b.fract;
    if (shift > 0) {
      fb = shift >= F ? 0n : fb >> BITS4[shift]!;
      if (fb === 0n) return ccOf(a.fract, a.neg);
    }
    fa = a.fract << 4n;
  }
  if (a.neg !== b.neg) return ccOf(fa + fb, a.neg);
  if (fa >= fb) return ccOf(fa - fb, a.neg);
  return ccOf(fb - fa, !b.neg);
}

/**
 * a * b: operands of Fin digits are normalized first; the product's fraction is cut
 * (truncated) to Fout digits after one more normalizing shift if its leftmost digit is 0.
 */
export function multiply(a: Hfp, b: Hfp, Fin: number, Fout: number, progMask: number): { r: Hfp; pgm: number } {
  if (a.fract === 0n || b.fract === 0n) return { r: { neg: false, expo: 0, fract: 0n }, pgm: 0 };
  const x = { ...a };
  const y = { ...b };
  normalize(x, Fin);
  normalize(y, Fin);
  const p = x.fract * y.fract; // 2*Fin digits
  let digits = 2 * Fin;
  let expo = x.expo + y.expo - 64;
  if (p < digitsValue(2 * Fin - 1)) {
    digits--;
    expo--;
  }
  const shift = Fout - digits;
  const fract = shift >= 0 ? p << BITS4[shift]! : p >> BITS4[-shift]!;
  const r = { neg: x.neg !== y.neg, expo, fract };
  return { r, pgm: overUnderflow(r, progMask) };
}

/**
 * a / b with a nonzero divisor fraction (the caller raises the FP-divide exception):
 * normalized operands, the quotient fraction truncated to F digits.
 */
export function divide(a: Hfp, b: Hfp, F: number, progMask: number): { r: Hfp; pgm: number } {
  if (a.fract === 0n) return { r: { neg: false, expo: 0, fract: 0n }, pgm: 0 };
  const x = { ...a };
  const y = { ...b };
  normalize(x, F);
  normalize(y, F);
  let q: bigint;
  let expo: number;
  if (x.fract < y.fract) {
    q = (x.fract << BITS4[F]!) / y.fract;
    expo = x.expo - y.expo + 64;
  } else {
    q = (x.fract << BITS4[F - 1]!) / y.fract;
    expo = x.expo - y.expo + 65;
  }
  const r = { neg: x.neg !== y.neg, expo, fract: q };
  return { r, pgm: overUnderflow(r, progMask) };
}

/** HALVE: the fraction is shifted right one bit; the result is normalized if its leftmost digit became 0. */
export function halve(x: Hfp, F: number, progMask: number): number {
  if (x.fract >= 2n * digitsValue(F - 1)) {
    x.fract >>= 1n;
    return 0;
  }
  x.fract <<= 3n;
  x.expo--;
  normalize(x, F);
  return underflow(x, progMask);
}
