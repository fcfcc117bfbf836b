// Packed-decimal operands in storage (GA22-7000 ch. 8, "Decimal-Number Formats"):
// 1 to 16 bytes, two digits a byte, the rightmost four bits a sign. Values are held as a
// BigInt magnitude and a sign; this is not a hot path.

import type { Cpu } from '../cpu/cpu.ts';
import { PGM_DATA } from '../arch/interrupts.ts';

export interface Packed {
  /** Magnitude of the operand. */
  mag: bigint;
  /** True for the minus signs B and D. */
  neg: boolean;
}

/** Plus sign codes are A, C, E, F; minus sign codes are B and D. Below A is not a sign. */
export const isMinusSign = (s: number): boolean => s === 0xb || s === 0xd;

/** The preferred sign codes: C for plus, D for minus. */
export const preferredSign = (neg: boolean): number => (neg ? 0xd : 0xc);

/** Fetches `len` bytes (after checking access to all of them). */
export function fetchBytes(cpu: Cpu, addr: number, len: number): Uint8Array {
  cpu.validate(addr, len, false);
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = cpu.read8((addr + i) & 0xffffff);
  return out;
}

const POW10: readonly bigint[] = Array.from({ length: 32 }, (_, n) => 10n ** BigInt(n));

/** Decodes packed bytes; a digit above 9 or a sign below A is a data exception. */
export function decodePacked(cpu: Cpu, bytes: Uint8Array): Packed {
  // Digits are gathered in Numbers of at most 15 digits (exact), then joined as BigInt.
  let mag = 0n;
  let chunk = 0;
  let n = 0;
  const last = bytes.length - 1;
  for (let i = 0; i <= 2 * last; i++) {
    const b = bytes[i >>> 1]!;
    const d = (i & 1) === 0 ? b >>> 4 : b & 15;
    if (d > 9) cpu.programCheck(PGM_DATA);
    chunk = chunk * 10 + d;
    if (++n === 15) {
      mag = mag * POW10[15]! + BigInt(chunk);
      chunk = 0;
      n = 0;
    }
  }
  if (n > 0) mag = mag * POW10[n]! + BigInt(chunk);
  const sign = bytes[last]! & 15;
  if (sign < 0xa) cpu.programCheck(PGM_DATA);
  return { mag, neg: isMinusSign(sign) };
}

/** Fetches and checks a packed operand of `len` bytes. */
export function loadPacked(cpu: Cpu, addr: number, len: number): Packed {
  return decodePacked(cpu, fetchBytes(cpu, addr, len));
}

/** Number of digits a packed field of `len` bytes holds. */
export const fieldDigits = (len: number): number => 2 * len - 1;

/** Number of decimal digits of a magnitude (0 for zero). */
export function digitCount(mag: bigint): number {
  return mag === 0n ? 0 : mag.toString().length;
}

/** Encodes the rightmost 2*len-1 digits of `mag` with the preferred sign. */
export function encodePacked(mag: bigint, neg: boolean, len: number): Uint8Array {
  const digits = fieldDigits(len);
  const s = mag.toString().padStart(digits, '0').slice(-digits);
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const hi = s.charCodeAt(2 * i) - 48;
    const lo = i < len - 1 ? s.charCodeAt(2 * i + 1) - 48 : preferredSign(neg);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Stores bytes after checking store access to all of them. */
export function storeBytes(cpu: Cpu, addr: number, bytes: Uint8Array): void {
  cpu.validate(addr, bytes.length, true);
  for (let i = 0; i < bytes.length; i++) cpu.write8((addr + i) & 0xffffff, bytes[i]!);
}

export function storePacked(cpu: Cpu, addr: number, len: number, mag: bigint, neg: boolean): void {
  storeBytes(cpu, addr, encodePacked(mag, neg, len));
}
