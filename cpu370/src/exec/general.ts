// General instructions: fixed-point, logical, shifting, branching, EX, SVC, STCK, MC
// (GA22-7000 ch. 7 "General Instructions"). Storage-to-storage instructions are in ./storage-ops.ts.

import type { Cpu } from '../cpu/cpu.ts';
import {
  PGM_EXECUTE,
  PGM_FIXED_DIVIDE,
  PGM_FIXED_OVERFLOW,
  PGM_MONITOR_EVENT,
  PGM_SPECIFICATION,
} from '../arch/interrupts.ts';
import { LC_MONITOR_CLASS, LC_MONITOR_CODE } from '../arch/lowcore.ts';
import { instructionLength } from '../arch/formats.ts';
import { dispatchOne } from './dispatch.ts';
import { mulSigned64 } from './arith.ts';
import type { Semantics } from './types.ts';

const FIXED_OVERFLOW_MASK = 0x8;

function overflow(cpu: Cpu): void {
  cpu.cc = 3;
  if ((cpu.progMask & FIXED_OVERFLOW_MASK) !== 0) cpu.programCheck(PGM_FIXED_OVERFLOW);
}

const R1 = (w: number) => (w >>> 20) & 15;
const R2 = (w: number) => (w >>> 16) & 15;
const rxAddr = (cpu: Cpu, w: number) => cpu.ea((w >>> 16) & 15, (w >>> 12) & 15, w & 0xfff);
const rsAddr = (cpu: Cpu, w: number) => cpu.ea(0, (w >>> 12) & 15, w & 0xfff);

// The routines below are written out one per instruction so the generated dispatch
// switch gets one monomorphic call per opcode (see ../interp/interpreter.ts).
function addOp(cpu: Cpu, r1: number, b: number): void {
  const g = cpu.gpr;
  const a = g[r1]!;
  const r = (a + b) | 0;
  g[r1] = r;
  if (((a ^ r) & (b ^ r)) < 0) overflow(cpu);
  else cpu.cc = r === 0 ? 0 : r < 0 ? 1 : 2;
}

function subOp(cpu: Cpu, r1: number, b: number): void {
  const g = cpu.gpr;
  const a = g[r1]!;
  const r = (a - b) | 0;
  g[r1] = r;
  if (((a ^ b) & (a ^ r)) < 0) overflow(cpu);
  else cpu.cc = r === 0 ? 0 : r < 0 ? 1 : 2;
}

function addLogical(cpu: Cpu, r1: number, b: number): void {
  const g = cpu.gpr;
  const a = g[r1]! >>> 0;
  const s = a + (b >>> 0);
  const r = s | 0;
  g[r1] = r;
  cpu.cc = (r !== 0 ? 1 : 0) | (s > 0xffffffff ? 2 : 0);
}

function subLogical(cpu: Cpu, r1: number, b: number): void {
  const g = cpu.gpr;
  const a = g[r1]! >>> 0;
  const bb = b >>> 0;
  const r = (a - bb) | 0;
  g[r1] = r;
  // a + ~b + 1: carry out unless a borrow occurred
  cpu.cc = (r !== 0 ? 1 : 0) | (a >= bb ? 2 : 0);
}

function compare(cpu: Cpu, a: number, b: number): void {
  cpu.cc = a === b ? 0 : a < b ? 1 : 2;
}

function compareLogical(cpu: Cpu, a: number, b: number): void {
  const x = a >>> 0;
  const y = b >>> 0;
  cpu.cc = x === y ? 0 : x < y ? 1 : 2;
}

/** The link information of BAL/BALR: the rightmost word of a BC-mode PSW (in either mode). */
function linkInfo(cpu: Cpu, ilc: number): number {
  // Under EX the ILC is that of the EXECUTE instruction (2).
  if (cpu.inEx) ilc = 2;
  return ((ilc << 30) | (cpu.cc << 28) | (cpu.progMask << 24) | cpu.ia) | 0;
}

function multiply(cpu: Cpu, r1: number, b: number): void {
  if ((r1 & 1) !== 0) cpu.programCheck(PGM_SPECIFICATION);
  mulSigned64(cpu.gpr, r1, cpu.gpr[r1 + 1]!, b);
}

function divide(cpu: Cpu, r1: number, divisor: number): void {
  if ((r1 & 1) !== 0) cpu.programCheck(PGM_SPECIFICATION);
  const g = cpu.gpr;
  const hi = g[r1]!;
  const lo = g[r1 + 1]!;
  if (divisor === 0) cpu.programCheck(PGM_FIXED_DIVIDE);
  let q: number;
  let rem: number;
  if ((hi === 0 && lo >= 0) || (hi === -1 && lo < 0)) {
    // The dividend fits in 32 bits: plain arithmetic is exact.
    q = Math.trunc(lo / divisor);
    rem = lo - q * divisor;
  } else {
    // 64-bit dividend: long division of the magnitudes in 16-bit steps (every partial
    // value stays below 2^47, exact in a double).
    const negN = hi < 0;
    let nh = hi >>> 0;
    let nl = lo >>> 0;
    if (negN) {
      nl = (0x100000000 - nl) % 0x100000000;
      nh = (0xffffffff - nh + (nl === 0 ? 1 : 0)) % 0x100000000;
    }
    const d = Math.abs(divisor);
    if (nh >= d) cpu.programCheck(PGM_FIXED_DIVIDE); // the quotient needs more than 32 bits
    let r = nh * 65536 + (nl >>> 16);
    const q1 = Math.floor(r / d);
    r -= q1 * d;
    r = r * 65536 + (nl & 0xffff);
    const q2 = Math.floor(r / d);
    r -= q2 * d;
    const mag = q1 * 65536 + q2;
    q = negN !== divisor < 0 ? -mag : mag;
    rem = negN ? -r : r;
  }
  if (q > 0x7fffffff || q < -0x80000000) cpu.programCheck(PGM_FIXED_DIVIDE);
  g[r1] = rem | 0;
  g[r1 + 1] = q | 0;
}

function shiftLeftArith(cpu: Cpu, v: number, n: number): number {
  // GA22-7000 SLA: the sign is kept; overflow if any bit unlike the sign is shifted out.
  let r = v;
  let ovf = false;
  for (let i = 0; i < n; i++) {
    const next = (r << 1) | 0;
    if ((next ^ r) < 0) ovf = true;
    r = (next & 0x7fffffff) | (v & 0x80000000);
  }
  r |= 0;
  if (ovf) return ((cpu.cc = 3), r);
  cpu.cc = r === 0 ? 0 : r < 0 ? 1 : 2;
  return r;
}

function evenR1(cpu: Cpu, r1: number): void {
  if ((r1 & 1) !== 0) cpu.programCheck(PGM_SPECIFICATION);
}

/** 64-bit shift left of hi:lo by 0-63 bits, as signed 32-bit halves. */
function shl64(hi: number, lo: number, n: number): [number, number] {
  if (n === 0) return [hi | 0, lo | 0];
  if (n < 32) return [(hi << n) | (lo >>> (32 - n)), lo << n];
  return [lo << (n - 32), 0];
}

/** 64-bit arithmetic shift right of hi:lo by 0-63 bits. */
function sar64(hi: number, lo: number, n: number): [number, number] {
  if (n === 0) return [hi | 0, lo | 0];
  if (n < 32) return [hi >> n, (lo >>> n) | (hi << (32 - n))];
  return [hi >> 31, hi >> (n - 32)];
}

function ccDouble(cpu: Cpu, hi: number, lo: number): void {
  cpu.cc = hi === 0 && lo === 0 ? 0 : hi < 0 ? 1 : 2;
}

export const GENERAL: Semantics = {
  // ---- RR
  SPM(cpu, w) {
    const v = cpu.gpr[R1(w)]!;
    cpu.cc = (v >>> 28) & 3;
    cpu.progMask = (v >>> 24) & 15;
  },
  BALR(cpu, w) {
    const r2 = R2(w);
    const target = cpu.gpr[r2]! & 0xffffff;
    cpu.gpr[R1(w)] = linkInfo(cpu, 1);
    if (r2 !== 0) cpu.ia = target;
  },
  BCTR(cpu, w) {
    const r1 = R1(w);
    const r2 = R2(w);
    const target = cpu.gpr[r2]! & 0xffffff;
    const v = (cpu.gpr[r1]! - 1) | 0;
    cpu.gpr[r1] = v;
    if (v !== 0 && r2 !== 0) cpu.ia = target;
  },
  BCR(cpu, w) {
    const r2 = R2(w);
    if (r2 !== 0 && ((w >>> 20) & (8 >>> cpu.cc)) !== 0) cpu.ia = cpu.gpr[r2]! & 0xffffff;
  },
  SVC(cpu, w) {
    cpu.svcInterrupt((w >>> 16) & 0xff, cpu.inEx ? 2 : 1);
  },
  LPR(cpu, w) {
    const v = cpu.gpr[R2(w)]!;
    if (v === -0x80000000) {
      cpu.gpr[R1(w)] = v;
      overflow(cpu);
      return;
    }
    const r = v < 0 ? -v : v;
    cpu.gpr[R1(w)] = r;
    cpu.cc = r === 0 ? 0 : 2;
  },
  LNR(cpu, w) {
    const v = cpu.gpr[R2(w)]!;
    const r = v > 0 ? -v : v;
    cpu.gpr[R1(w)] = r;
    cpu.cc = r === 0 ? 0 : 1;
  },
  LTR(cpu, w) {
    const v = cpu.gpr[R2(w)]!;
    cpu.gpr[R1(w)] = v;
    cpu.cc = v === 0 ? 0 : v < 0 ? 1 : 2;
  },
  LCR(cpu, w) {
    const v = cpu.gpr[R2(w)]!;
    const r = -v | 0;
    cpu.gpr[R1(w)] = r;
    if (v === -0x80000000) overflow(cpu);
    else cpu.cc = r === 0 ? 0 : r < 0 ? 1 : 2;
  },
  NR(cpu, w) {
    const r = cpu.gpr[R1(w)]! & cpu.gpr[R2(w)]!;
    cpu.gpr[R1(w)] = r;
    cpu.cc = r === 0 ? 0 : 1;
  },
  CLR(cpu, w) {
    compareLogical(cpu, cpu.gpr[R1(w)]!, cpu.gpr[R2(w)]!);
  },
  OR(cpu, w) {
    const r = cpu.gpr[R1(w)]! | cpu.gpr[R2(w)]!;
    cpu.gpr[R1(w)] = r;
    cpu.cc = r === 0 ? 0 : 1;
  },
  XR(cpu, w) {
    const r = cpu.gpr[R1(w)]! ^ cpu.gpr[R2(w)]!;
    cpu.gpr[R1(w)] = r;
    cpu.cc = r === 0 ? 0 : 1;
  },
  LR(cpu, w) {
    cpu.gpr[R1(w)] = cpu.gpr[R2(w)]!;
  },
  CR(cpu, w) {
    compare(cpu, cpu.gpr[R1(w)]!, cpu.gpr[R2(w)]!);
  },
  AR(cpu, w) {
    addOp(cpu, R1(w), cpu.gpr[R2(w)]!);
  },
  SR(cpu, w) {
    subOp(cpu, R1(w), cpu.gpr[R2(w)]!);
  },
  MR(cpu, w) {
    multiply(cpu, R1(w), cpu.gpr[R2(w)]!);
  },
  DR(cpu, w) {
    divide(cpu, R1(w), cpu.gpr[R2(w)]!);
  },
  ALR(cpu, w) {
    addLogical(cpu, R1(w), cpu.gpr[R2(w)]!);
  },
  SLR(cpu, w) {
    subLogical(cpu, R1(w), cpu.gpr[R2(w)]!);
  },

  // ---- RX
  STH(cpu, w) {
    cpu.write16(rxAddr(cpu, w), cpu.gpr[R1(w)]! & 0xffff);
  },
  LA(cpu, w) {
    cpu.gpr[R1(w)] = rxAddr(cpu, w);
  },
  STC(cpu, w) {
    cpu.write8(rxAddr(cpu, w), cpu.gpr[R1(w)]! & 0xff);
  },
  IC(cpu, w) {
    const r1 = R1(w);
    cpu.gpr[r1] = (cpu.gpr[r1]! & ~0xff) | cpu.read8(rxAddr(cpu, w));
  },
  EX(cpu, w) {
    const target = rxAddr(cpu, w);
    if ((target & 1) !== 0) cpu.programCheck(PGM_SPECIFICATION);
    let first = cpu.read16(target);
    if (first >>> 8 === 0x44) cpu.programCheck(PGM_EXECUTE);
    const r1 = R1(w);
    if (r1 !== 0) first |= cpu.gpr[r1]! & 0xff;
    const len = instructionLength(first >>> 8);
    const tw = len === 2 ? first << 16 : (first << 16) | cpu.read16(target + 2);
    const th = len === 6 ? cpu.read16(target + 4) : 0;
    cpu.inEx = true;
    try {
      dispatchOne(cpu, tw | 0, th);
    } finally {
      cpu.inEx = false;
    }
  },
  BAL(cpu, w) {
    const target = rxAddr(cpu, w);
    cpu.gpr[R1(w)] = linkInfo(cpu, 2);
    cpu.ia = target;
  },
  BCT(cpu, w) {
    const target = rxAddr(cpu, w);
    const r1 = R1(w);
    const v = (cpu.gpr[r1]! - 1) | 0;
    cpu.gpr[r1] = v;
    if (v !== 0) cpu.ia = target;
  },
  BC(cpu, w) {
    if (((w >>> 20) & (8 >>> cpu.cc)) !== 0) cpu.ia = rxAddr(cpu, w);
  },
  LH(cpu, w) {
    cpu.gpr[R1(w)] = (cpu.read16(rxAddr(cpu, w)) << 16) >> 16;
  },
  CH(cpu, w) {
    compare(cpu, cpu.gpr[R1(w)]!, (cpu.read16(rxAddr(cpu, w)) << 16) >> 16);
  },
  AH(cpu, w) {
    addOp(cpu, R1(w), (cpu.read16(rxAddr(cpu, w)) << 16) >> 16);
  },
  SH(cpu, w) {
    subOp(cpu, R1(w), (cpu.read16(rxAddr(cpu, w)) << 16) >> 16);
  },
  MH(cpu, w) {
    const r1 = R1(w);
    cpu.gpr[r1] = Math.imul(cpu.gpr[r1]!, (cpu.read16(rxAddr(cpu, w)) << 16) >> 16);
  },
  ST(cpu, w) {
    cpu.write32(rxAddr(cpu, w), cpu.gpr[R1(w)]!);
  },
  N(cpu, w) {
    const r1 = R1(w);
    const r = cpu.gpr[r1]! & cpu.read32(rxAddr(cpu, w));
    cpu.gpr[r1] = r;
    cpu.cc = r === 0 ? 0 : 1;
  },
  CL(cpu, w) {
    compareLogical(cpu, cpu.gpr[R1(w)]!, cpu.read32(rxAddr(cpu, w)));
  },
  O(cpu, w) {
    const r1 = R1(w);
    const r = cpu.gpr[r1]! | cpu.read32(rxAddr(cpu, w));
    cpu.gpr[r1] = r;
    cpu.cc = r === 0 ? 0 : 1;
  },
  X(cpu, w) {
    const r1 = R1(w);
    const r = cpu.gpr[r1]! ^ cpu.read32(rxAddr(cpu, w));
    cpu.gpr[r1] = r;
    cpu.cc = r === 0 ? 0 : 1;
  },
  L(cpu, w) {
    cpu.gpr[R1(w)] = cpu.read32(rxAddr(cpu, w));
  },
  C(cpu, w) {
    compare(cpu, cpu.gpr[R1(w)]!, cpu.read32(rxAddr(cpu, w)));
  },
  A(cpu, w) {
    addOp(cpu, R1(w), cpu.read32(rxAddr(cpu, w)));
  },
  S(cpu, w) {
    subOp(cpu, R1(w), cpu.read32(rxAddr(cpu, w)));
  },
  M(cpu, w) {
    const r1 = R1(w);
    evenR1(cpu, r1);
    multiply(cpu, r1, cpu.read32(rxAddr(cpu, w)));
  },
  D(cpu, w) {
    const r1 = R1(w);
    evenR1(cpu, r1);
    divide(cpu, r1, cpu.read32(rxAddr(cpu, w)));
  },
  AL(cpu, w) {
    addLogical(cpu, R1(w), cpu.read32(rxAddr(cpu, w)));
  },
  SL(cpu, w) {
    subLogical(cpu, R1(w), cpu.read32(rxAddr(cpu, w)));
  },

  // ---- RS: branches on index, shifts, multiple
  BXH(cpu, w) {
    const r1 = R1(w);
    const r3 = R2(w);
    const target = rsAddr(cpu, w);
    const inc = cpu.gpr[r3]!;
    const comparand = cpu.gpr[r3 | 1]!;
    const sum = (cpu.gpr[r1]! + inc) | 0;
    cpu.gpr[r1] = sum;
    if (sum > comparand) cpu.ia = target;
  },
  BXLE(cpu, w) {
    const r1 = R1(w);
    const r3 = R2(w);
    const target = rsAddr(cpu, w);
    const inc = cpu.gpr[r3]!;
    const comparand = cpu.gpr[r3 | 1]!;
    const sum = (cpu.gpr[r1]! + inc) | 0;
    cpu.gpr[r1] = sum;
    if (sum <= comparand) cpu.ia = target;
  },
  SRL(cpu, w) {
    const n = rsAddr(cpu, w) & 63;
    const r1 = R1(w);
    cpu.gpr[r1] = n > 31 ? 0 : cpu.gpr[r1]! >>> n;
  },
  SLL(cpu, w) {
    const n = rsAddr(cpu, w) & 63;
    const r1 = R1(w);
    cpu.gpr[r1] = n > 31 ? 0 : cpu.gpr[r1]! << n;
  },
  SRA(cpu, w) {
    const n = rsAddr(cpu, w) & 63;
    const r1 = R1(w);
    const r = cpu.gpr[r1]! >> (n > 31 ? 31 : n);
    cpu.gpr[r1] = r;
    cpu.cc = r === 0 ? 0 : r < 0 ? 1 : 2;
  },
  SLA(cpu, w) {
    const n = rsAddr(cpu, w) & 63;
    const r1 = R1(w);
    const v = cpu.gpr[r1]!;
    cpu.gpr[r1] = shiftLeftArith(cpu, v, n);
    if (cpu.cc === 3) overflow(cpu);
  },
  SRDL(cpu, w) {
    const r1 = R1(w);
    evenR1(cpu, r1);
    const n = rsAddr(cpu, w) & 63;
    const g = cpu.gpr;
    const hi = g[r1]! >>> 0;
    const lo = g[r1 + 1]! >>> 0;
    if (n === 0) return;
    if (n < 32) {
      g[r1 + 1] = (lo >>> n) | (hi << (32 - n));
      g[r1] = hi >>> n;
    } else {
      g[r1 + 1] = n === 32 ? hi : hi >>> (n - 32);
      g[r1] = 0;
    }
  },
  SLDL(cpu, w) {
    const r1 = R1(w);
    evenR1(cpu, r1);
    const n = rsAddr(cpu, w) & 63;
    const g = cpu.gpr;
    const hi = g[r1]!;
    const lo = g[r1 + 1]!;
    if (n === 0) return;
    if (n < 32) {
      g[r1] = (hi << n) | (lo >>> (32 - n));
      g[r1 + 1] = lo << n;
    } else {
      g[r1] = n === 32 ? lo : lo << (n - 32);
      g[r1 + 1] = 0;
    }
  },
  SRDA(cpu, w) {
    const r1 = R1(w);
    evenR1(cpu, r1);
    const n = rsAddr(cpu, w) & 63;
    const g = cpu.gpr;
    const [hi, lo] = sar64(g[r1]!, g[r1 + 1]!, n);
    g[r1] = hi;
    g[r1 + 1] = lo;
    ccDouble(cpu, hi, lo);
  },
  SLDA(cpu, w) {
    const r1 = R1(w);
    evenR1(cpu, r1);
    const n = rsAddr(cpu, w) & 63;
    const g = cpu.gpr;
    const hi0 = g[r1]!;
    const lo0 = g[r1 + 1]!;
    const [shi, slo] = shl64(hi0, lo0, n);
    // Overflow: a bit unlike the sign left through bit position 1, i.e. shifting back
    // arithmetically does not give the original value.
    const [bhi, blo] = sar64(shi, slo, n);
    const hi = (shi & 0x7fffffff) | (hi0 & -0x80000000);
    g[r1] = hi;
    g[r1 + 1] = slo;
    if (bhi !== hi0 || blo !== lo0) overflow(cpu);
    else ccDouble(cpu, hi, slo);
  },
  STM(cpu, w) {
    const r1 = R1(w);
    const r3 = R2(w);
    const a = rsAddr(cpu, w);
    const n = ((r3 - r1) & 15) + 1;
    cpu.validate(a, n * 4, true);
    for (let i = 0; i < n; i++) cpu.write32(a + i * 4, cpu.gpr[(r1 + i) & 15]!);
  },
  LM(cpu, w) {
    const r1 = R1(w);
    const r3 = R2(w);
    const a = rsAddr(cpu, w);
    const n = ((r3 - r1) & 15) + 1;
    cpu.validate(a, n * 4, false);
    for (let i = 0; i < n; i++) cpu.gpr[(r1 + i) & 15] = cpu.read32(a + i * 4);
  },

  // ---- SI and S
  TM(cpu, w) {
    const mask = (w >>> 16) & 0xff;
    const v = cpu.read8(rsAddr(cpu, w)) & mask;
    cpu.cc = v === 0 ? 0 : v === mask ? 3 : 1;
  },
  MVI(cpu, w) {
    cpu.write8(rsAddr(cpu, w), (w >>> 16) & 0xff);
  },
  TS(cpu, w) {
    const a = cpu.absStore(rsAddr(cpu, w));
    const v = cpu.mem[a]!;
    cpu.mem[a] = 0xff;
    cpu.cc = v >>> 7;
  },
  NI(cpu, w) {
    const a = cpu.absStore(rsAddr(cpu, w));
    const v = cpu.mem[a]! & (w >>> 16);
    cpu.mem[a] = v;
    cpu.cc = (v & 0xff) === 0 ? 0 : 1;
  },
  CLI(cpu, w) {
    compare(cpu, cpu.read8(rsAddr(cpu, w)), (w >>> 16) & 0xff);
  },
  OI(cpu, w) {
    const a = cpu.absStore(rsAddr(cpu, w));
    const v = (cpu.mem[a]! | (w >>> 16)) & 0xff;
    cpu.mem[a] = v;
    cpu.cc = v === 0 ? 0 : 1;
  },
  XI(cpu, w) {
    const a = cpu.absStore(rsAddr(cpu, w));
    const v = (cpu.mem[a]! ^ (w >>> 16)) & 0xff;
    cpu.mem[a] = v;
    cpu.cc = v === 0 ? 0 : 1;
  },
  MC(cpu, w) {
    const i2 = (w >>> 16) & 0xff;
    if ((i2 & 0xf0) !== 0) cpu.programCheck(PGM_SPECIFICATION);
    const cls = i2 & 15;
    // CR8 bits 16-31 are the monitor masks for classes 0-15.
    if (((cpu.cr[8]! >>> (15 - cls)) & 1) === 0) return;
    cpu.realWrite8(LC_MONITOR_CLASS, cls);
    cpu.realWrite32(LC_MONITOR_CODE, rsAddr(cpu, w));
    cpu.programCheck(PGM_MONITOR_EVENT);
  },

  // ---- RS with mask
  CLM(cpu, w) {
    const mask = (w >>> 16) & 15;
    let a = rsAddr(cpu, w);
    // A zero mask still checks access to one byte (GA22-7000 allows it; Hercules does it).
    if (mask === 0) cpu.absFetch(a);
    const v = cpu.gpr[R1(w)]!;
    let cc = 0;
    for (let i = 0; i < 4; i++) {
      if ((mask & (8 >>> i)) === 0) continue;
      const rb = (v >>> (24 - 8 * i)) & 0xff;
      const sb = cpu.read8(a);
      a = (a + 1) & 0xffffff;
      if (cc === 0 && rb !== sb) cc = rb < sb ? 1 : 2;
    }
    cpu.cc = cc;
  },
  STCM(cpu, w) {
    const mask = (w >>> 16) & 15;
    let a = rsAddr(cpu, w);
    const v = cpu.gpr[R1(w)]!;
    let n = 0;
    for (let i = 0; i < 4; i++) if ((mask & (8 >>> i)) !== 0) n++;
    cpu.validate(a, n, true);
    for (let i = 0; i < 4; i++) {
      if ((mask & (8 >>> i)) === 0) continue;
      cpu.write8(a, v >>> (24 - 8 * i));
      a = (a + 1) & 0xffffff;
    }
  },
  ICM(cpu, w) {
    const mask = (w >>> 16) & 15;
    const r1 = R1(w);
    let a = rsAddr(cpu, w);
    let v = cpu.gpr[r1]!;
    let n = 0;
    for (let i = 0; i < 4; i++) if ((mask & (8 >>> i)) !== 0) n++;
    cpu.validate(a, n === 0 ? 1 : n, false); // a zero mask checks one byte, as for CLM
    let first = -1;
    let any = 0;
    for (let i = 0; i < 4; i++) {
      if ((mask & (8 >>> i)) === 0) continue;
      const b = cpu.read8(a);
      a = (a + 1) & 0xffffff;
      if (first < 0) first = b;
      any |= b;
      const shift = 24 - 8 * i;
      v = (v & ~(0xff << shift)) | (b << shift);
    }
    cpu.gpr[r1] = v;
    cpu.cc = any === 0 ? 0 : (first & 0x80) !== 0 ? 1 : 2;
  },
  CS(cpu, w) {
    const a = rsAddr(cpu, w);
    cpu.requireAligned(a, 4);
    const r1 = R1(w);
    const abs = cpu.absStore(a);
    const m = cpu.mem;
    const cur = (m[abs]! << 24) | (m[abs + 1]! << 16) | (m[abs + 2]! << 8) | m[abs + 3]!;
    if (cur === cpu.gpr[r1]) {
      const v = cpu.gpr[R2(w)]!;
      m[abs] = v >>> 24;
      m[abs + 1] = v >>> 16;
      m[abs + 2] = v >>> 8;
      m[abs + 3] = v;
      cpu.cc = 0;
    } else {
      cpu.gpr[r1] = cur;
      cpu.cc = 1;
    }
  },
  CDS(cpu, w) {
    const a = rsAddr(cpu, w);
    const r1 = R1(w);
    const r3 = R2(w);
    if ((r1 & 1) !== 0 || (r3 & 1) !== 0) cpu.programCheck(PGM_SPECIFICATION);
    cpu.requireAligned(a, 8);
    cpu.validate(a, 8, true);
    const hi = cpu.read32(a);
    const lo = cpu.read32(a + 4);
    if (hi === cpu.gpr[r1] && lo === cpu.gpr[r1 + 1]) {
      cpu.write32(a, cpu.gpr[r3]!);
      cpu.write32(a + 4, cpu.gpr[r3 + 1]!);
      cpu.cc = 0;
    } else {
      cpu.gpr[r1] = hi;
      cpu.gpr[r1 + 1] = lo;
      cpu.cc = 1;
    }
  },
  STCK(cpu, w) {
    const a = rsAddr(cpu, w);
    cpu.validate(a, 8, true);
    const v = cpu.tod.now();
    cpu.write32(a, Number(v >> 32n) | 0);
    cpu.write32(a + 4, Number(v & 0xffffffffn) | 0);
    cpu.cc = cpu.tod.isSet ? 0 : 1;
  },
};
