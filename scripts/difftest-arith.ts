// Differential test of the decimal and hexadecimal floating-point instructions against
// Hercules 3.13: random operands for every instruction, many cases per program so that
// one Hercules process runs a whole batch.
//
//   npm run difftest:arith -- [--count N] [--batch N] [--seed N] [--only AP,AXR,...] [--show N] [--in-place]
//
// Each case is a 144-byte record in storage:
//   +0   the instruction under test (run by EX 0,0(R13); its operands address R13)
//   +8   before: CC and program mask as SPM takes them; after: byte 0 of the PSW's
//        right half (ILC, CC, program mask), from BALR or the program old PSW
//   +12  program-interruption code (0 when none)
//   +16  FPRs 0, 2, 4, 6 before, and after
//   +48  GPRs 0-7 before, and after
//   +80  64 bytes of storage operands
// A driver loads the registers from the record, sets CC and mask, executes the
// instruction and stores everything back; a program-check handler records the code and
// goes on with the next case. The program runs on Hercules and in-process on our CPU
// (the engine of `vm370 run`), and the record areas are compared byte for byte.

import { coreImage, put32, words } from '../cpu370/test/support/images.ts';
import { herculesSkipReason, runOnHercules } from '../cpu370/index.ts';
import { runVm370 } from '../cpu370/test/support/vm370.ts';
import { DATA, makeRng, runDifftest, type Rng, type Template } from './lib/difftest.ts';

export const REC = 144;
const CCPM = 8;
const CODE = 12;
const FPRS = 16;
const GPRS = 48;
export const OPS = 80;
const RECORDS = 0x1000;
const CODE_AT = 0x400;

// ------------------------------------------------------------------ random numbers

export { makeRng, type Rng } from './lib/difftest.ts';

const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const chance = (rng: Rng, p: number): boolean => rng() < p;

// ------------------------------------------------------------------ cases

export interface ArithCase {
  mnemonic: string;
  record: Uint8Array;
}

class Rec {
  readonly b = new Uint8Array(REC);
  constructor(readonly mnemonic: string) {}
  instr(...bytes: number[]): this {
    this.b.set(bytes.map((x) => x & 0xff), 0);
    return this;
  }
  ccpm(cc: number, pm: number): this {
    this.b[CCPM] = ((cc & 3) << 4) | (pm & 15);
    return this;
  }
  fpr(r: number, hi: number, lo: number): this {
    put32(this.b, FPRS + r * 4, hi);
    put32(this.b, FPRS + r * 4 + 4, lo);
    return this;
  }
  gpr(r: number, v: number): this {
    put32(this.b, GPRS + r * 4, v);
    return this;
  }
  ops(offset: number, bytes: Uint8Array | number[]): this {
    this.b.set(bytes, OPS + offset);
    return this;
  }
  done(): ArithCase {
    return { mnemonic: this.mnemonic, record: this.b };
  }
}

/** A base-displacement field addressing the operand area at `offset` through R13. */
const bd = (offset: number): [number, number] => {
  const d = OPS + offset;
  return [0xd0 | (d >>> 8), d & 0xff];
};

function randomRecordState(rng: Rng, r: Rec): void {
  for (let i = 0; i < 64; i++) r.b[OPS + i] = int(rng, 0, 255);
  for (let g = 0; g < 8; g++) r.gpr(g, int(rng, 0, 0xffffffff));
  for (const f of [0, 2, 4, 6]) r.fpr(f, int(rng, 0, 0xffffffff), int(rng, 0, 0xffffffff));
  r.ccpm(int(rng, 0, 3), int(rng, 0, 15));
}

// ---- packed decimal operands

const PLUS = [0xc, 0xc, 0xc, 0xf, 0xa, 0xe];
const MINUS = [0xd, 0xd, 0xd, 0xb];

/** A packed field of n bytes with at most `maxDigits` significant digits; sometimes invalid. */
function packed(rng: Rng, n: number, maxDigits = 2 * n - 1, invalidP = 0.04): number[] {
  const digits = 2 * n - 1;
  const sig = Math.min(digits, maxDigits, chance(rng, 0.15) ? 0 : int(rng, 0, Math.min(digits, maxDigits)));
  const ds: number[] = [];
  for (let i = 0; i < digits; i++) ds.push(i >= digits - sig ? (chance(rng, 0.1) ? pick(rng, [0, 9]) : int(rng, 0, 9)) : 0);
  if (sig > 0 && ds[digits - sig] === 0) ds[digits - sig] = int(rng, 1, 9);
  let sign = chance(rng, 0.5) ? pick(rng, PLUS) : pick(rng, MINUS);
  if (chance(rng, invalidP)) ds[int(rng, 0, digits - 1)] = int(rng, 10, 15);
  if (chance(rng, invalidP)) sign = int(rng, 0, 9);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((ds[2 * i]! << 4) | (i < n - 1 ? ds[2 * i + 1]! : sign));
  return out;
}

function ss2(op: number, l1: number, l2: number, o1: number, o2: number): number[] {
  return [op, (l1 << 4) | l2, ...bd(o1), ...bd(o2)];
}

function decimalArith(rng: Rng, mnemonic: string, op: number): ArithCase {
  const r = new Rec(mnemonic);
  randomRecordState(rng, r);
  const l1 = int(rng, 0, 15);
  const l2 = int(rng, 0, 15);
  const o1 = 0;
  let o2 = 16;
  if (mnemonic !== 'CP' && chance(rng, 0.08)) {
    // Operands whose rightmost bytes coincide (allowed overlap).
    o2 = o1 + l1 - l2;
    if (o2 < 0) o2 = 16;
  } else if (chance(rng, 0.04)) {
    o2 = int(rng, 1, 15); // other overlaps: both operands are fetched before the result is stored
  }
  // Lengths that make carries and overflow likely: values close to the field size.
  r.ops(o1, packed(rng, l1 + 1, chance(rng, 0.5) ? 2 * l1 + 1 : int(rng, 0, 2 * l1 + 1)));
  if (o2 === 16) r.ops(o2, packed(rng, l2 + 1));
  else if (o2 > o1 + l1) r.ops(o1 + l1 + 1, packed(rng, o2 + l2 - o1 - l1));
  return r.instr(...ss2(op, l1, l2, o1, o2)).done();
}

function mp(rng: Rng): ArithCase {
  const r = new Rec('MP');
  randomRecordState(rng, r);
  let l1 = int(rng, 1, 15);
  let l2 = int(rng, 0, Math.min(7, l1 - 1));
  if (chance(rng, 0.04)) l2 = int(rng, 0, 15); // specification: L2 > 7 or L2 >= L1
  if (chance(rng, 0.02)) l1 = int(rng, 0, 15);
  const room = 2 * (l1 - l2) - 1; // at most this many multiplicand digits is valid
  r.ops(0, packed(rng, l1 + 1, Math.max(0, chance(rng, 0.9) ? int(rng, 0, room) : room + int(rng, 1, 3))));
  r.ops(16, packed(rng, l2 + 1));
  return r.instr(...ss2(0xfc, l1, l2, 0, 16)).done();
}

function dp(rng: Rng): ArithCase {
  const r = new Rec('DP');
  randomRecordState(rng, r);
  let l1 = int(rng, 1, 15);
  let l2 = int(rng, 0, Math.min(7, l1 - 1));
  if (chance(rng, 0.04)) l2 = int(rng, 0, 15);
  if (chance(rng, 0.02)) l1 = int(rng, 0, 15);
  const divisor = packed(rng, l2 + 1);
  const divDigits = 2 * l2 + 1;
  // A dividend whose leading part is likely smaller than the divisor (no divide exception).
  const dividend = packed(rng, l1 + 1, chance(rng, 0.7) ? Math.max(0, 2 * l1 + 1 - divDigits - int(rng, 0, 2)) : 2 * l1 + 1);
  r.ops(0, dividend);
  r.ops(16, divisor);
  return r.instr(...ss2(0xfd, l1, l2, 0, 16)).done();
}

function srp(rng: Rng): ArithCase {
  const r = new Rec('SRP');
  randomRecordState(rng, r);
  const l1 = int(rng, 0, 15);
  const i3 = chance(rng, 0.05) ? int(rng, 10, 15) : pick(rng, [0, 5, 5, 5, int(rng, 0, 9)]);
  const shift = chance(rng, 0.5) ? int(rng, 0, 63) : pick(rng, [1, 2, 3, 31, 32, 33, 62, 63, 0]);
  const d2 = (int(rng, 0, 63) << 6) | shift;
  r.ops(0, packed(rng, l1 + 1));
  return r.instr(0xf0, (l1 << 4) | i3, ...bd(0), d2 >>> 8, d2 & 0xff).done();
}

function moveDecimal(rng: Rng, mnemonic: string, op: number): ArithCase {
  const r = new Rec(mnemonic);
  randomRecordState(rng, r);
  const l1 = int(rng, 0, 15);
  const l2 = int(rng, 0, 15);
  let o2 = 20;
  if (chance(rng, 0.15)) o2 = int(rng, 0, 20); // overlapping operands
  if (mnemonic === 'PACK' && chance(rng, 0.6)) {
    const zoned: number[] = [];
    for (let i = 0; i <= l2; i++) zoned.push(0xf0 | int(rng, 0, 9));
    zoned[l2] = (pick(rng, [0xc, 0xd, 0xf]) << 4) | int(rng, 0, 9);
    r.ops(o2, zoned);
  }
  if (mnemonic === 'UNPK' && chance(rng, 0.6)) r.ops(o2, packed(rng, l2 + 1, 2 * l2 + 1, 0));
  return r.instr(...ss2(op, l1, l2, 0, o2)).done();
}

function cvb(rng: Rng): ArithCase {
  const r = new Rec('CVB');
  randomRecordState(rng, r);
  const r1 = int(rng, 0, 7);
  const big = chance(rng, 0.3);
  r.ops(0, packed(rng, 8, big ? 15 : pick(rng, [10, 9, 5, 1])));
  if (chance(rng, 0.15)) {
    // Near the limits of a 32-bit signed number.
    const v = pick(rng, [2147483647, 2147483648, 2147483649, 2147483646, 4294967296, 999999999999999]);
    const s = v.toString().padStart(15, '0');
    const out: number[] = [];
    for (let i = 0; i < 8; i++) out.push((Number(s[2 * i]) << 4) | (i < 7 ? Number(s[2 * i + 1]) : pick(rng, [0xc, 0xd])));
    r.ops(0, out);
  }
  return r.instr(0x4f, r1 << 4, ...bd(0)).done();
}

function cvd(rng: Rng): ArithCase {
  const r = new Rec('CVD');
  randomRecordState(rng, r);
  const r1 = int(rng, 0, 7);
  r.gpr(r1, pick(rng, [0, -1, 0x7fffffff, -0x80000000, int(rng, -1000, 1000), int(rng, 0, 0xffffffff) | 0]));
  return r.instr(0x4e, r1 << 4, ...bd(0)).done();
}

function edit(rng: Rng, mnemonic: string, op: number): ArithCase {
  const r = new Rec(mnemonic);
  randomRecordState(rng, r);
  const len = int(rng, 1, 32);
  const pattern: number[] = [pick(rng, [0x40, 0x40, 0x5c, 0x20, 0x21, 0xf0, 0x22, 0x4b])];
  const chars = [0x20, 0x20, 0x20, 0x20, 0x20, 0x21, 0x22, 0x4b, 0x6b, 0xc3, 0xd9, 0x40, 0x60];
  for (let i = 1; i < len; i++) pattern.push(pick(rng, chars));
  r.ops(0, pattern);
  // Source: packed digits, some right halves are signs (which end a field's digits).
  const src: number[] = [];
  for (let i = 0; i < 16; i++) {
    let hi = chance(rng, 0.3) ? 0 : int(rng, 0, 9);
    let lo = chance(rng, 0.3) ? 0 : int(rng, 0, 9);
    if (chance(rng, 0.12)) lo = int(rng, 10, 15);
    if (chance(rng, 0.02)) hi = int(rng, 10, 15);
    src.push((hi << 4) | lo);
  }
  r.ops(32, src);
  return r.instr(op, len - 1, ...bd(0), ...bd(32)).done();
}

// ---- hexadecimal floating point operands

/** A long HFP value as two words, biased towards the interesting cases. */
function hfpLong(rng: Rng, nearExpo?: number): [number, number] {
  const sign = chance(rng, 0.5) ? 0x80000000 : 0;
  const k = rng();
  if (k < 0.04) return [0, 0];
  if (k < 0.06) return [0x80000000, 0];
  let expo: number;
  if (nearExpo !== undefined && chance(rng, 0.6)) expo = (nearExpo + int(rng, -3, 3)) & 0x7f;
  else {
    const e = rng();
    expo = e < 0.4 ? int(rng, 0, 127) : e < 0.75 ? int(rng, 60, 68) : pick(rng, [0, 1, 2, 3, 124, 125, 126, 127]);
  }
  if (k < 0.1) return [(sign | (expo << 24)) >>> 0, 0];
  let hi = int(rng, 0, 0xffffff);
  let lo = int(rng, 0, 0xffffffff);
  const f = rng();
  if (f < 0.1) {
    hi = 0xffffff;
    lo = 0xffffffff;
  } else if (f < 0.2) {
    hi = 0x100000;
    lo = chance(rng, 0.5) ? 0 : int(rng, 0, 15);
  } else if (f < 0.45) {
    // Unnormalized: leading zero digits.
    const z = int(rng, 1, 13);
    const full = ((BigInt(hi) << 32n) | BigInt(lo)) >> BigInt(4 * z);
    hi = Number(full >> 32n);
    lo = Number(full & 0xffffffffn);
  } else if (f < 0.55) {
    lo = chance(rng, 0.5) ? 0 : 0x80000000;
  }
  return [(sign | (expo << 24) | hi) >>> 0, lo >>> 0];
}

const FP_REGS = [0, 2, 4, 6];

function fpReg(rng: Rng, ext: boolean): number {
  if (chance(rng, 0.03)) return int(rng, 0, 15);
  return ext ? pick(rng, [0, 4]) : pick(rng, FP_REGS);
}

interface FpOp {
  mnemonic: string;
  op: number;
  rx: boolean;
  /** Registers must be 0 or 4 (extended operands): 'both', 'r1', 'r2' or none. */
  ext?: 'both' | 'r1' | 'r2';
  /** RX operand length in bytes. */
  len?: 4 | 8;
}

const FP_OPS: FpOp[] = [
  ...(
    [
      ['LPDR', 0x20], ['LNDR', 0x21], ['LTDR', 0x22], ['LCDR', 0x23], ['HDR', 0x24], ['LDR', 0x28], ['CDR', 0x29],
      ['ADR', 0x2a], ['SDR', 0x2b], ['MDR', 0x2c], ['DDR', 0x2d], ['AWR', 0x2e], ['SWR', 0x2f],
      ['LPER', 0x30], ['LNER', 0x31], ['LTER', 0x32], ['LCER', 0x33], ['HER', 0x34], ['LRER', 0x35], ['LER', 0x38],
      ['CER', 0x39], ['AER', 0x3a], ['SER', 0x3b], ['MER', 0x3c], ['DER', 0x3d], ['AUR', 0x3e], ['SUR', 0x3f],
    ] as const
  ).map(([mnemonic, op]) => ({ mnemonic, op, rx: false })),
  { mnemonic: 'LRDR', op: 0x25, rx: false, ext: 'r2' },
  { mnemonic: 'MXR', op: 0x26, rx: false, ext: 'both' },
  { mnemonic: 'MXDR', op: 0x27, rx: false, ext: 'r1' },
  { mnemonic: 'AXR', op: 0x36, rx: false, ext: 'both' },
  { mnemonic: 'SXR', op: 0x37, rx: false, ext: 'both' },
  { mnemonic: 'MXD', op: 0x67, rx: true, ext: 'r1', len: 8 },
  ...(
    [
      ['STD', 0x60, 8], ['LD', 0x68, 8], ['CD', 0x69, 8], ['AD', 0x6a, 8], ['SD', 0x6b, 8], ['MD', 0x6c, 8], ['DD', 0x6d, 8],
      ['AW', 0x6e, 8], ['SW', 0x6f, 8], ['STE', 0x70, 4], ['LE', 0x78, 4], ['CE', 0x79, 4], ['AE', 0x7a, 4], ['SE', 0x7b, 4],
      ['ME', 0x7c, 4], ['DE', 0x7d, 4], ['AU', 0x7e, 4], ['SU', 0x7f, 4],
    ] as const
  ).map(([mnemonic, op, len]) => ({ mnemonic, op, rx: true, len })),
];

/**
 * A value close to `v`: the same or a neighbouring characteristic and nearly the same
 * fraction (so that adding or subtracting cancels leading digits), or both at an end of
 * the exponent range (overflow and underflow).
 */
function related(rng: Rng, v: readonly [number, number]): [number, number] {
  let hi = v[0];
  let lo = v[1];
  const k = rng();
  if (k < 0.3) {
    lo = (lo + int(rng, -16, 16)) >>> 0;
  } else if (k < 0.5) {
    hi = ((hi & 0xfffff000) | int(rng, 0, 0xfff)) >>> 0;
    lo = int(rng, 0, 0xffffffff);
  } else if (k < 0.65) {
    // One characteristic apart, the fraction a digit to the right (same value).
    const f = ((BigInt(hi & 0xffffff) << 32n) | BigInt(lo)) >> 4n;
    hi = ((hi & 0xff000000) + 0x01000000) | Number(f >> 32n);
    lo = Number(f & 0xffffffffn) + int(rng, -2, 2);
  } else {
    const expo = chance(rng, 0.5) ? int(rng, 0, 2) : int(rng, 125, 127);
    hi = (hi & 0x80ffffff) | (expo << 24);
    return [hi >>> 0, lo >>> 0];
  }
  if (chance(rng, 0.5)) hi ^= 0x80000000;
  return [hi >>> 0, lo >>> 0];
}

function fpCase(rng: Rng, f: FpOp): ArithCase {
  const r = new Rec(f.mnemonic);
  randomRecordState(rng, r);
  const values: Array<[number, number]> = [];
  const first = hfpLong(rng);
  const e0 = (first[0] >>> 24) & 0x7f;
  values.push(first);
  for (let i = 1; i < 4; i++) values.push(hfpLong(rng, e0));
  FP_REGS.forEach((reg, i) => r.fpr(reg, values[i]![0], values[i]![1]));
  const r1 = fpReg(rng, f.ext === 'both' || f.ext === 'r1');
  const r2 = fpReg(rng, f.ext === 'both' || f.ext === 'r2');
  const extremes = chance(rng, 0.15);
  if (extremes) {
    // Both operands at the same end of the exponent range.
    const expo = chance(rng, 0.5) ? int(rng, 0, 2) : int(rng, 125, 127);
    for (const reg of FP_REGS) r.fpr(reg, (values[reg / 2]![0] & 0x80ffffff) | (expo << 24), values[reg / 2]![1]);
  }
  const reg1 = r1 & 6;
  const op1: [number, number] = [
    (r.b[FPRS + reg1 * 4]! << 24) | (r.b[FPRS + reg1 * 4 + 1]! << 16) | (r.b[FPRS + reg1 * 4 + 2]! << 8) | r.b[FPRS + reg1 * 4 + 3]!,
    (r.b[FPRS + reg1 * 4 + 4]! << 24) | (r.b[FPRS + reg1 * 4 + 5]! << 16) | (r.b[FPRS + reg1 * 4 + 6]! << 8) | r.b[FPRS + reg1 * 4 + 7]!,
  ];
  const second = !extremes && chance(rng, 0.5) ? related(rng, op1) : hfpLong(rng, e0);
  if (f.rx) {
    const v = second;
    r.ops(0, [v[0] >>> 24, v[0] >>> 16, v[0] >>> 8, v[0], v[1] >>> 24, v[1] >>> 16, v[1] >>> 8, v[1]].map((x) => x & 0xff));
    return r.instr(f.op, r1 << 4, ...bd(0)).done();
  }
  if ((r2 & 6) !== reg1) {
    r.fpr(r2 & 6, second[0], second[1]);
    if (f.ext && chance(rng, 0.5)) {
      // Extended operands: relate the low-order halves too.
      const low = related(rng, [r.b[FPRS + (reg1 + 2) * 4]! << 24, 0]);
      r.fpr((r2 & 6) + 2 <= 6 ? (r2 & 6) + 2 : 6, low[0], low[1]);
    }
  }
  return r.instr(f.op, (r1 << 4) | r2).done();
}

type Gen = (rng: Rng) => ArithCase;

export const GENERATORS: ReadonlyMap<string, Gen> = new Map<string, Gen>([
  ['AP', (rng) => decimalArith(rng, 'AP', 0xfa)],
  ['SP', (rng) => decimalArith(rng, 'SP', 0xfb)],
  ['ZAP', (rng) => decimalArith(rng, 'ZAP', 0xf8)],
  ['CP', (rng) => decimalArith(rng, 'CP', 0xf9)],
  ['MP', mp],
  ['DP', dp],
  ['SRP', srp],
  ['MVO', (rng) => moveDecimal(rng, 'MVO', 0xf1)],
  ['PACK', (rng) => moveDecimal(rng, 'PACK', 0xf2)],
  ['UNPK', (rng) => moveDecimal(rng, 'UNPK', 0xf3)],
  ['CVB', cvb],
  ['CVD', cvd],
  ['ED', (rng) => edit(rng, 'ED', 0xde)],
  ['EDMK', (rng) => edit(rng, 'EDMK', 0xdf)],
  ...FP_OPS.map((f): [string, Gen] => [f.mnemonic, (rng) => fpCase(rng, f)]),
]);

/** `count` random cases over the given mnemonics (all by default), in a reproducible order. */
export function generateArithCases(seed: number, count: number, only?: readonly string[]): ArithCase[] {
  const rng = makeRng(seed);
  const names = only && only.length > 0 ? [...only] : [...GENERATORS.keys()];
  for (const n of names) if (!GENERATORS.has(n)) throw new Error(`no generator for ${n}`);
  const out: ArithCase[] = [];
  for (let i = 0; i < count; i++) out.push(GENERATORS.get(names[i % names.length]!)!(rng));
  return out;
}

export const DECIMAL_MNEMONICS = ['AP', 'SP', 'ZAP', 'CP', 'MP', 'DP', 'SRP', 'MVO', 'PACK', 'UNPK', 'CVB', 'CVD', 'ED', 'EDMK'] as const;

/**
 * The decimal cases as templates of the general framework (./lib/difftest.ts), which
 * runs each instruction in place instead of under EX (so its own ILC is compared too).
 * Operands addressed through R13 move from the record's operand area to the
 * framework's data area; FP cases need FPRs, which that framework does not carry.
 */
export const DECIMAL_TEMPLATES: readonly Template[] = DECIMAL_MNEMONICS.map((mnemonic) => ({
  mnemonic,
  make(g, c) {
    const k = GENERATORS.get(mnemonic)!(g.rng);
    const b = k.record;
    const len = b[0]! < 0x40 ? 2 : b[0]! < 0xc0 ? 4 : 6;
    const instr = [...b.subarray(0, len)];
    for (const at of len === 6 ? [2, 4] : [2]) {
      if (instr[at]! >>> 4 !== 13) continue;
      const d = (((instr[at]! & 15) << 8) | instr[at + 1]!) - OPS + DATA;
      instr[at] = 0xd0 | (d >>> 8);
      instr[at + 1] = d & 0xff;
    }
    c.instr = instr;
    for (let r = 0; r < 8; r++) c.gpr[r] = ((b[GPRS + 4 * r]! << 24) | (b[GPRS + 4 * r + 1]! << 16) | (b[GPRS + 4 * r + 2]! << 8) | b[GPRS + 4 * r + 3]!) | 0;
    c.cc = (b[CCPM]! >>> 4) & 3;
    c.progMask = b[CCPM]! & 15;
    for (let i = 0; i < 64; i++) c.data[i] = b[OPS + i]!;
  },
}));

// ------------------------------------------------------------------ the driver program

/** The driver: runs every record in turn; a program check records its code and goes on. */
function driver(): { code: Uint8Array; handler: number } {
  const c: number[] = [];
  const emit = (...b: number[]) => c.push(...b);
  emit(0x58, 0xd0, 0x03, 0xf0); // L    13,X'3F0'      first record
  emit(0x58, 0xa0, 0x03, 0xf4); // L    10,X'3F4'      count
  const loop = CODE_AT + c.length;
  emit(0x68, 0x00, 0xd0, FPRS); // LD   0,16(13)
  emit(0x68, 0x20, 0xd0, FPRS + 8); // LD 2
  emit(0x68, 0x40, 0xd0, FPRS + 16); // LD 4
  emit(0x68, 0x60, 0xd0, FPRS + 24); // LD 6
  emit(0x98, 0x07, 0xd0, GPRS); // LM   0,7,48(13)
  emit(0x58, 0x90, 0xd0, CCPM); // L    9,8(13)
  emit(0x04, 0x90); // SPM  9
  emit(0x44, 0x00, 0xd0, 0x00); // EX   0,0(13)
  emit(0x05, 0xe0); // BALR 14,0
  emit(0x50, 0xe0, 0xd0, CCPM); // ST   14,8(13)
  const next = CODE_AT + c.length;
  emit(0x60, 0x00, 0xd0, FPRS); // STD  0,16(13)
  emit(0x60, 0x20, 0xd0, FPRS + 8);
  emit(0x60, 0x40, 0xd0, FPRS + 16);
  emit(0x60, 0x60, 0xd0, FPRS + 24);
  emit(0x90, 0x07, 0xd0, GPRS); // STM  0,7,48(13)
  emit(0x41, 0xd0, 0xd0, REC); // LA   13,144(13)
  emit(0x46, 0xa0, loop >>> 8, loop & 0xff); // BCT 10,LOOP
  emit(0x82, 0x00, 0x03, 0xf8); // LPSW X'3F8'
  const handler = CODE_AT + c.length;
  emit(0xd2, 0x01, 0xd0, CODE, 0x00, 0x2a); // MVC 12(2,13),X'2A'   interruption code
  emit(0xd2, 0x00, 0xd0, CCPM, 0x00, 0x2c); // MVC 8(1,13),X'2C'    ILC, CC, program mask
  emit(0x47, 0xf0, next >>> 8, next & 0xff); // B NEXT
  return { code: Uint8Array.from(c), handler };
}

export const FINAL_PSW = [0x00020000, 0x00000abc] as const;

export function batchImage(cases: readonly ArithCase[]): Uint8Array {
  const { code, handler } = driver();
  const records = new Uint8Array(cases.length * REC);
  cases.forEach((k, i) => records.set(k.record, i * REC));
  return coreImage({
    program: code,
    origin: CODE_AT,
    psw: [0, CODE_AT],
    data: [
      [0x68, words(0, handler)],
      [0x3f0, words(RECORDS, cases.length, FINAL_PSW[0], FINAL_PSW[1])],
      [RECORDS, records],
    ],
  });
}

export const recordsRange = (n: number): string => `${RECORDS.toString(16)}.${(n * REC).toString(16)}`;

export interface CaseDiff {
  index: number;
  mnemonic: string;
  input: string;
  ours: string;
  hercules: string;
}

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

/** Runs a batch on both machines; returns the cases whose records differ (or throws if a run failed). */
export async function runBatch(cases: readonly ArithCase[]): Promise<CaseDiff[]> {
  const image = batchImage(cases);
  // A Hercules run is retried when its storage comes back incomplete or not at all: the
  // harness has met both (3.13's logger cut short at `quit`; savecore racing the stop).
  const dumps = [recordsRange(cases.length)];
  const storageSize = 2 * 1024 * 1024;
  let herc: Awaited<ReturnType<typeof runOnHercules>> | undefined;
  let lastError: unknown;
  for (let attempt = 0; attempt < 5 && herc === undefined; attempt++) {
    try {
      const r = await runOnHercules({ image, mode: { kind: 'core', start: 'psw' }, dumps, storageSize, timeLimitSec: 20 });
      if (!r.mem[dumps[0]!]!.includes('-')) herc = r;
      else lastError = new Error('the Hercules storage display is incomplete');
    } catch (e) {
      lastError = e;
    }
  }
  if (herc === undefined) throw lastError;
  const ours = await runVm370({ image, mode: { kind: 'core', start: 'psw' }, dumps, storageSize });
  const expectPsw = '00020000' + '00000ABC';
  for (const [who, rep] of [['hercules', herc], ['vm370', ours]] as const) {
    if (rep.status !== 'wait' || rep.waitPsw !== expectPsw) throw new Error(`${who}: batch did not complete (status ${rep.status}, PSW ${rep.waitPsw})`);
  }
  const h = herc.mem[dumps[0]!]!;
  const v = ours.mem[dumps[0]!]!;
  const diffs: CaseDiff[] = [];
  cases.forEach((k, i) => {
    const a = v.slice(i * REC * 2, (i + 1) * REC * 2);
    const b = h.slice(i * REC * 2, (i + 1) * REC * 2);
    if (maskIlc(a) !== maskIlc(b)) diffs.push({ index: i, mnemonic: k.mnemonic, input: hexOf(k.record), ours: a, hercules: b });
  });
  return diffs;
}

/**
 * The ILC bits of the recorded PSW byte are left out: for a program check in the target
 * of EXECUTE, GA22-7000 gives ILC 2 (the length of EX, as we do) while Hercules 3.13 in
 * a BC-mode old PSW gives the target's own length (cpu.c clears `execflag` before
 * store_psw reads REAL_ILC; EC mode is right). That is a matter of EX, not of these
 * instructions; `--in-place` runs the decimal cases without EX, ILC included.
 */
function maskIlc(record: string): string {
  const at = CCPM * 2;
  const byte = parseInt(record.slice(at, at + 2), 16) & 0x3f;
  return record.slice(0, at) + byte.toString(16).toUpperCase().padStart(2, '0') + record.slice(at + 2);
}

/** Readable field-by-field view of one record (hex). */
export function describeRecord(hex: string): string {
  const f = (off: number, len: number) => hex.slice(off * 2, (off + len) * 2);
  return [
    `instr ${f(0, 6)}`,
    `ilc/cc/pm ${f(CCPM, 1)}`,
    `pgm ${f(CODE, 2)}`,
    `fpr ${[0, 1, 2, 3].map((i) => f(FPRS + 8 * i, 8)).join(' ')}`,
    `gpr0-7 ${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => f(GPRS + 4 * i, 4)).join(' ')}`,
    `ops ${f(OPS, 32)} ${f(OPS + 32, 32)}`,
  ].join('\n    ');
}

// ------------------------------------------------------------------ command line

function parseArgs(argv: string[]): { count: number; batch: number; seed: number; only: string[]; show: number; inPlace: boolean } {
  const o = { count: 2000, batch: 500, seed: 370, only: [] as string[], show: 10, inPlace: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    const num = () => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a whole number`);
      i++;
      return n;
    };
    if (a === '--count') o.count = num();
    else if (a === '--batch') o.batch = Math.max(1, num());
    else if (a === '--seed') o.seed = num();
    else if (a === '--show') o.show = num();
    else if (a === '--in-place') o.inPlace = true;
    else if (a === '--only') {
      o.only = (v ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
      i++;
    } else if (a === '--help' || a === '-h') {
      console.log('usage: difftest-arith [--count N] [--batch N] [--seed N] [--only MNEMONIC,...] [--show N] [--in-place]');
      console.log('  --in-place  decimal instructions only, through the general framework (not under EX)');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  if (herculesSkipReason) {
    console.error(`difftest:arith: ${herculesSkipReason}`);
    return 2;
  }
  if (o.inPlace) {
    const names: readonly string[] = o.only.length > 0 ? o.only : DECIMAL_MNEMONICS;
    const templates = DECIMAL_TEMPLATES.filter((t) => names.includes(t.mnemonic));
    if (templates.length === 0) throw new Error('--in-place covers the decimal instructions only');
    return (await runDifftest({ templates, count: o.count, seed: o.seed, batch: Math.min(o.batch, 400), show: o.show })) === 0 ? 0 : 1;
  }
  const cases = generateArithCases(o.seed, o.count, o.only);
  const all: CaseDiff[] = [];
  for (let start = 0; start < cases.length; start += o.batch) {
    const batch = cases.slice(start, start + o.batch);
    const diffs = await runBatch(batch);
    for (const d of diffs) all.push({ ...d, index: d.index + start });
    process.stderr.write(`  ${Math.min(start + o.batch, cases.length)}/${cases.length} cases, ${all.length} differences\n`);
  }
  const byMnemonic = new Map<string, number>();
  for (const d of all) byMnemonic.set(d.mnemonic, (byMnemonic.get(d.mnemonic) ?? 0) + 1);
  for (const d of all.slice(0, o.show)) {
    console.log(`case ${d.index} ${d.mnemonic}\n  input\n    ${describeRecord(d.input)}\n  vm370\n    ${describeRecord(d.ours)}\n  hercules\n    ${describeRecord(d.hercules)}`);
  }
  const summary = [...byMnemonic].map(([m, n]) => `${m} ${n}`).join(', ');
  console.log(`difftest:arith: ${cases.length} cases (seed ${o.seed}), ${all.length} differences${summary ? `: ${summary}` : ''}`);
  return all.length === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`difftest:arith: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(2);
    },
  );
}
