// Storage-to-storage logical instructions: MVC, MVN, MVZ, NC, OC, XC, CLC, TR, TRT,
// MVCL, CLCL (GA22-7000 ch. 7). Both operands are checked for access before anything is
// changed; operands are processed left to right one byte at a time, so overlapping
// operands behave as the Principles of Operation describe (e.g. MVC propagating a byte).

import type { Cpu } from '../cpu/cpu.ts';
import { PGM_SPECIFICATION } from '../arch/interrupts.ts';
import type { Semantics } from './types.ts';

interface SsOperands {
  len: number;
  a1: number;
  a2: number;
}

function ss(cpu: Cpu, w: number, h: number): SsOperands {
  return {
    len: ((w >>> 16) & 0xff) + 1,
    a1: cpu.ea(0, (w >>> 12) & 15, w & 0xfff),
    a2: cpu.ea(0, h >>> 12, h & 0xfff),
  };
}

type ByteOp = (dst: number, src: number) => number;

/** Applies `op` to each byte pair, storing into operand 1; returns the OR of all results. */
function combine(cpu: Cpu, w: number, h: number, op: ByteOp): number {
  const len = ((w >>> 16) & 0xff) + 1;
  const a1 = cpu.ea(0, (w >>> 12) & 15, w & 0xfff);
  const a2 = cpu.ea(0, h >>> 12, h & 0xfff);
  const m = cpu.mem;
  const p1 = cpu.linear(a1, len, true);
  const p2 = cpu.linear(a2, len, false);
  let any = 0;
  if (p1 >= 0 && p2 >= 0 && p1 + len <= cpu.size && p2 + len <= cpu.size) {
    for (let i = 0; i < len; i++) {
      const v = op(m[p1 + i]!, m[p2 + i]!) & 0xff;
      m[p1 + i] = v;
      any |= v;
    }
    return any;
  }
  cpu.validate(a1, len, true);
  cpu.validate(a2, len, false);
  for (let i = 0; i < len; i++) {
    const d = cpu.absStore(a1 + i);
    const v = op(m[d]!, m[cpu.absFetch(a2 + i)]!) & 0xff;
    m[d] = v;
    any |= v;
  }
  return any;
}

function mvc(cpu: Cpu, w: number, h: number): void {
  const len = ((w >>> 16) & 0xff) + 1;
  const a1 = cpu.ea(0, (w >>> 12) & 15, w & 0xfff);
  const a2 = cpu.ea(0, h >>> 12, h & 0xfff);
  const m = cpu.mem;
  const p1 = cpu.linear(a1, len, true);
  const p2 = cpu.linear(a2, len, false);
  if (p1 >= 0 && p2 >= 0 && p1 + len <= cpu.size && p2 + len <= cpu.size) {
    if (p1 <= p2 || p1 >= p2 + len) {
      if (len <= 16) for (let i = 0; i < len; i++) m[p1 + i] = m[p2 + i]!;
      else m.copyWithin(p1, p2, p2 + len);
    } else {
      for (let i = 0; i < len; i++) m[p1 + i] = m[p2 + i]!;
    }
    return;
  }
  cpu.validate(a1, len, true);
  cpu.validate(a2, len, false);
  for (let i = 0; i < len; i++) m[cpu.absStore(a1 + i)] = m[cpu.absFetch(a2 + i)]!;
}

function clc(cpu: Cpu, w: number, h: number): void {
  const { len, a1, a2 } = ss(cpu, w, h);
  const m = cpu.mem;
  const p1 = cpu.linear(a1, len, false);
  const p2 = cpu.linear(a2, len, false);
  if (p1 >= 0 && p2 >= 0 && p1 + len <= cpu.size && p2 + len <= cpu.size) {
    for (let i = 0; i < len; i++) {
      const x = m[p1 + i]!;
      const y = m[p2 + i]!;
      if (x !== y) {
        cpu.cc = x < y ? 1 : 2;
        return;
      }
    }
    cpu.cc = 0;
    return;
  }
  cpu.validate(a1, len, false);
  cpu.validate(a2, len, false);
  for (let i = 0; i < len; i++) {
    const x = m[cpu.absFetch(a1 + i)]!;
    const y = m[cpu.absFetch(a2 + i)]!;
    if (x !== y) {
      cpu.cc = x < y ? 1 : 2;
      return;
    }
  }
  cpu.cc = 0;
}

/**
 * True when [a, a+len) lies in one 2K block inside storage and the CPU uses key 0 with no
 * DAT and no prefixing: accesses there cannot cause an exception.
 */
function plainBlock(cpu: Cpu, a: number, len: number): boolean {
  return cpu.key === 0 && !cpu.dat && cpu.prefix === 0 && (a & 0x7ff) + len <= 0x800 && a < cpu.size;
}

/** Instruction address of the instruction being executed (for interruptible instructions). */
function backUp(cpu: Cpu, instrLen: number): void {
  cpu.ia = (cpu.ia - (cpu.inEx ? 4 : instrLen)) & 0xffffff;
}

/** MVCL/CLCL operands: two even-odd register pairs (else a specification exception), 24-bit addresses and lengths, the pad byte. */
function longOperands(cpu: Cpu, w: number): { r1: number; r2: number; a1: number; l1: number; a2: number; l2: number; pad: number } {
  const r1 = (w >>> 20) & 15;
  const r2 = (w >>> 16) & 15;
  if ((r1 & 1) !== 0 || (r2 & 1) !== 0) cpu.programCheck(PGM_SPECIFICATION);
  const g = cpu.gpr;
  return { r1, r2, a1: g[r1]! & 0xffffff, l1: g[r1 + 1]! & 0xffffff, a2: g[r2]! & 0xffffff, l2: g[r2 + 1]! & 0xffffff, pad: (g[r2 + 1]! >>> 24) & 0xff };
}

/** MVCL/CLCL register update: addresses and lengths of both even-odd pairs; bits 0-7 of the length registers (pad byte in R2+1) kept. */
function writeBackLong(g: Int32Array, r1: number, a1: number, l1: number, r2: number, a2: number, l2: number): void {
  g[r1] = a1;
  g[r1 + 1] = (g[r1 + 1]! & ~0xffffff) | l1;
  g[r2] = a2;
  g[r2 + 1] = (g[r2 + 1]! & ~0xffffff) | l2;
}

/** Bytes an interruptible instruction processes before it lets interruptions in. */
const UNIT_OF_OPERATION = 16384;

/**
 * MVCL (GA22-7000 "Move Long"). The registers are updated as bytes are moved, also when
 * an access exception ends the instruction part way (it is then terminated and the old
 * PSW points past it, as Hercules does); bits 0-7 of R1 and R2 are set to zero.
 */
function mvcl(cpu: Cpu, w: number): void {
  const op = longOperands(cpu, w);
  const { r1, r2, pad } = op;
  const g = cpu.gpr;
  let d = op.a1;
  let dl = op.l1;
  let s = op.a2;
  let sl = op.l2;
  const cc = dl === sl ? 0 : dl < sl ? 1 : 2;
  // Destructive overlap: a destination byte would be used as source after it has been
  // moved into (operand 1 starts right of operand 2's first byte, within the part of
  // operand 2 that participates). Nothing is moved and CC 3 is set.
  const participating = Math.min(dl, sl);
  if (participating > 1) {
    const off = (d - s) & 0xffffff;
    if (off > 0 && off < participating) {
      g[r1] = d;
      g[r2] = s;
      cpu.cc = 3;
      return;
    }
  }
  // An access exception for the first byte of either operand suppresses the instruction
  // (CC and registers unchanged); past that point the CC is already set and the registers
  // show the progress (as Hercules does).
  if (dl > 0) {
    if (sl > 0) cpu.absFetch(s);
    cpu.absStore(d);
  }
  cpu.cc = cc;
  const m = cpu.mem;
  let n = 0;
  try {
    while (dl > 0 && n < UNIT_OF_OPERATION) {
      let k = Math.min(dl, 0x800 - (d & 0x7ff), UNIT_OF_OPERATION - n);
      const pd = cpu.absStore(d);
      if (sl > 0) {
        k = Math.min(k, sl, 0x800 - (s & 0x7ff));
        const ps = cpu.absFetch(s);
        if (k <= 16 || (pd > ps && pd < ps + k)) for (let i = 0; i < k; i++) m[pd + i] = m[ps + i]!;
        else m.copyWithin(pd, ps, ps + k);
        s = (s + k) & 0xffffff;
        sl -= k;
      } else {
        m.fill(pad, pd, pd + k);
      }
      d = (d + k) & 0xffffff;
      dl -= k;
      n += k;
    }
  } finally {
    writeBackLong(g, r1, d, dl, r2, s, sl);
  }
  if (dl > 0) {
    backUp(cpu, 2);
    cpu.brk = true;
  }
}

/** CLCL (GA22-7000 "Compare Logical Long"): registers as for MVCL; at an inequality they address the unequal bytes. */
function clcl(cpu: Cpu, w: number): void {
  const op = longOperands(cpu, w);
  const { r1, r2, pad } = op;
  const g = cpu.gpr;
  let { a1, l1, a2, l2 } = op;
  const m = cpu.mem;
  let cc = 0;
  let n = 0;
  try {
    while ((l1 > 0 || l2 > 0) && n < UNIT_OF_OPERATION) {
      const x = l1 > 0 ? m[cpu.absFetch(a1)]! : pad;
      const y = l2 > 0 ? m[cpu.absFetch(a2)]! : pad;
      if (x !== y) {
        cc = x < y ? 1 : 2;
        break;
      }
      if (l1 > 0) {
        a1 = (a1 + 1) & 0xffffff;
        l1--;
      }
      if (l2 > 0) {
        a2 = (a2 + 1) & 0xffffff;
        l2--;
      }
      n++;
    }
  } finally {
    writeBackLong(g, r1, a1, l1, r2, a2, l2);
  }
  if (cc === 0 && (l1 > 0 || l2 > 0)) {
    backUp(cpu, 2);
    cpu.brk = true;
    return;
  }
  cpu.cc = cc;
}

export const STORAGE_OPS: Semantics = {
  MVC: mvc,
  CLC: clc,
  MVN(cpu, w, h) {
    combine(cpu, w, h, (d, s) => (d & 0xf0) | (s & 0x0f));
  },
  MVZ(cpu, w, h) {
    combine(cpu, w, h, (d, s) => (s & 0xf0) | (d & 0x0f));
  },
  NC(cpu, w, h) {
    cpu.cc = combine(cpu, w, h, (d, s) => d & s) === 0 ? 0 : 1;
  },
  OC(cpu, w, h) {
    cpu.cc = combine(cpu, w, h, (d, s) => d | s) === 0 ? 0 : 1;
  },
  XC(cpu, w, h) {
    cpu.cc = combine(cpu, w, h, (d, s) => d ^ s) === 0 ? 0 : 1;
  },
  TR(cpu, w, h) {
    const { len, a1, a2 } = ss(cpu, w, h);
    const m = cpu.mem;
    if (plainBlock(cpu, a1, len) && a2 + 256 <= cpu.size) {
      // Key 0, no DAT, no prefixing, operand 1 in one block, the table inside storage:
      // no exception is possible; only the reference and change bits to record.
      const keys = cpu.keys;
      keys[a1 >>> 11]! |= 6;
      for (let i = 0; i < len; i++) {
        const t = a2 + m[a1 + i]!;
        const kb = t >>> 11;
        if ((keys[kb]! & 4) === 0) keys[kb]! |= 4;
        m[a1 + i] = m[t]!;
      }
      return;
    }
    cpu.validate(a1, len, true);
    for (let i = 0; i < len; i++) {
      const d = cpu.absStore(a1 + i);
      m[d] = m[cpu.absFetch(a2 + m[d]!)]!;
    }
  },
  TRT(cpu, w, h) {
    const { len, a1, a2 } = ss(cpu, w, h);
    const m = cpu.mem;
    const fast = plainBlock(cpu, a1, len) && a2 + 256 <= cpu.size;
    if (fast) cpu.keys[a1 >>> 11]! |= 4;
    else cpu.validate(a1, len, false);
    for (let i = 0; i < len; i++) {
      const a = (a1 + i) & 0xffffff;
      let fn: number;
      if (fast) {
        const t = a2 + m[a]!;
        cpu.keys[t >>> 11]! |= 4;
        fn = m[t]!;
      } else {
        fn = m[cpu.absFetch(a2 + m[cpu.absFetch(a)]!)]!;
      }
      if (fn !== 0) {
        const g = cpu.gpr;
        g[1] = (g[1]! & ~0xffffff) | a;
        g[2] = (g[2]! & ~0xff) | fn;
        cpu.cc = i === len - 1 ? 2 : 1;
        return;
      }
    }
    cpu.cc = 0;
  },
  MVCL: mvcl,
  CLCL: clcl,
};
