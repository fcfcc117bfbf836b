// Exact decimal-to-hexadecimal-floating-point conversion for E, D and L constants
// (GA22-7000 "Floating-Point Instructions": sign, 7-bit excess-64 characteristic, fraction of
// hex digits; extended = two long numbers, the low-order characteristic 14 less).
// Arithmetic is on BigInt rationals, rounded half away from zero on the magnitude.

import { AsmError } from './diag.ts';

interface Rational {
  readonly negative: boolean;
  readonly num: bigint;
  readonly den: bigint;
}

const TEN = 10n;

/** Parses a decimal floating-point nominal value such as -1.25E-3, with an extra power of ten. */
export function parseDecimal(text: string, exponentModifier = 0): Rational {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:E([+-]?\d+))?$/i.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new AsmError(`invalid decimal number '${text}'`);
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const exp = Number(m[4] ?? 0) - (m[3] ?? '').length + exponentModifier;
  let num = BigInt(digits || '0');
  let den = 1n;
  if (exp >= 0) num *= TEN ** BigInt(exp);
  else den = TEN ** BigInt(-exp);
  return { negative: m[1] === '-', num, den };
}

/** Rounds num/den to an integer, halves away from zero (operands non-negative). */
function roundDiv(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

/**
 * HFP bytes for a value: `bytes` is 4 (E), 8 (D) or 16 (L), or an explicit length;
 * `scale` shifts the fraction right by that many hex digits (unnormalized).
 */
export function encodeHfp(value: Rational, bytes: number, scale = 0, extended = bytes === 16): Uint8Array {
  const out = new Uint8Array(bytes);
  const digits = extended ? 28 : bytes * 2 - 2;
  if (digits <= 0) throw new AsmError('floating-point constant too short');
  const sign = value.negative ? 0x80 : 0;
  if (value.num === 0n) {
    out[0] = sign;
    if (extended) out[8] = sign;
    return out;
  }
  // Find e with 16^(e-1) <= v < 16^e.
  let e = 0;
  const pow16 = (k: number) => 16n ** BigInt(Math.abs(k));
  const below = (k: number) => (k >= 0 ? value.num < value.den * pow16(k) : value.num * pow16(k) < value.den);
  while (!below(e)) e++;
  while (below(e - 1)) e--;
  const shift = digits - e - scale;
  let fraction = shift >= 0 ? roundDiv(value.num * pow16(shift), value.den) : roundDiv(value.num, value.den * pow16(shift));
  e += scale;
  if (fraction >= 16n ** BigInt(digits)) {
    fraction /= 16n;
    e++;
  }
  const characteristic = e + 64;
  if (characteristic > 127) throw new AsmError('floating-point constant too large (exponent overflow)');
  if (characteristic < 0) {
    // Exponent underflow: the constant is a true zero with the sign.
    out[0] = sign;
    if (extended) out[8] = sign;
    return out;
  }
  const hexDigits = fraction.toString(16).padStart(digits, '0');
  const fill = (at: number, hex: string) => {
    for (let k = 0; k < hex.length / 2; k++) out[at + k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  };
  out[0] = sign | characteristic;
  if (extended) {
    fill(1, hexDigits.slice(0, 14));
    out[8] = sign | ((characteristic - 14) & 0x7f);
    fill(9, hexDigits.slice(14));
  } else {
    fill(1, hexDigits);
  }
  return out;
}
