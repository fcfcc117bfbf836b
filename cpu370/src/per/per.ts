// Program-event recording (GA22-7000 "Program-Event Recording"): CR9 bits 0-3 select
// successful-branching, instruction-fetching, storage-alteration and general-register-
// alteration events, CR9 bits 16-31 the registers, CR10/CR11 the storage range. PER is
// active only in EC mode with PSW bit 1 on; then the interpreter runs its slices here,
// one instruction at a time, and the fast loop never sees PER.

import { PROGRAM_CHECK, type Cpu } from '../cpu/cpu.ts';
import { BRANCH, lookupOpcode } from '../arch/opcodes.ts';
import { PSW_EC_PER } from '../arch/psw.ts';
import { LC_PER_ADDRESS, LC_PER_CODE } from '../arch/lowcore.ts';
import { PGM_PER_EVENT } from '../arch/interrupts.ts';
import type { ExecFn } from '../exec/types.ts';

export const PER_BRANCH = 0x80;
export const PER_IFETCH = 0x40;
export const PER_STORE = 0x20;
export const PER_GR = 0x10;

/** Codes for exceptions that complete the instruction: all its events are indicated too. */
const COMPLETING = new Set([0x08, 0x0a, 0x0c, 0x0d, 0x0e, 0x40]);

export function perActive(cpu: Cpu): boolean {
  return cpu.ec && (cpu.sysMask & PSW_EC_PER) !== 0 && (cpu.cr[9]! & 0xf0000000) !== 0;
}

function inRange(cpu: Cpu, a: number): boolean {
  const start = cpu.cr[10]! & 0xffffff;
  const end = cpu.cr[11]! & 0xffffff;
  return start <= end ? a >= start && a <= end : a >= start || a <= end;
}

const pair = (r: number) => (1 << r) | (1 << ((r + 1) & 15));

/** Registers an instruction always replaces (the event does not depend on the value changing). */
function writtenRegisters(w: number): number {
  const op = w >>> 24;
  const r1 = (w >>> 20) & 15;
  const r2 = (w >>> 16) & 15;
  switch (op) {
    case 0x05: case 0x06: case 0x10: case 0x11: case 0x12: case 0x13: case 0x14: case 0x16:
    case 0x17: case 0x18: case 0x1a: case 0x1b: case 0x1e: case 0x1f:
    case 0x41: case 0x43: case 0x45: case 0x46: case 0x48: case 0x4a: case 0x4b: case 0x4c:
    case 0x4f: case 0x54: case 0x56: case 0x57: case 0x58: case 0x5a: case 0x5b: case 0x5e:
    case 0x5f: case 0x86: case 0x87: case 0x88: case 0x89: case 0x8a: case 0x8b: case 0xb1:
      return 1 << r1;
    case 0xbf:
      return r2 !== 0 ? 1 << r1 : 0;
    case 0x1c: case 0x1d: case 0x5c: case 0x5d: case 0x8c: case 0x8d: case 0x8e: case 0x8f:
      return pair(r1);
    case 0x0e: case 0x0f:
      return pair(r1) | pair(r2);
    case 0x98: {
      let m = 0;
      for (let r = r1; ; r = (r + 1) & 15) {
        m |= 1 << r;
        if (r === r2) break;
      }
      return m;
    }
    case 0xb2:
      return ((w >>> 16) & 0xff) === 0x0b ? 1 << 2 : 0;
    default:
      return 0;
  }
}

function isBranch(w: number): boolean {
  const op = w >>> 24;
  if (op === 0x0a || op === 0x44 || op === 0x82 || op === 0x83) return false;
  const row = lookupOpcode(op, (w >>> 16) & 0xff);
  return row !== undefined && (row.flags & BRANCH) !== 0;
}

/** EXECUTE of a branch instruction: the event is the EX's (GA22-7000 "Successful Branching"). */
function executesBranch(cpu: Cpu, w: number, g: Int32Array): boolean {
  if (w >>> 24 !== 0x44) return false;
  const x = (w >>> 16) & 15;
  const b = (w >>> 12) & 15;
  const target = ((x ? g[x]! : 0) + (b ? g[b]! : 0) + (w & 0xfff)) & 0xffffff;
  const op = cpu.mem[cpu.absFetch(target)]!;
  return isBranch(op << 24);
}

type FetchFn = (cpu: Cpu, ia: number) => number;
type PgmFn = (cpu: Cpu, ia: number, w: number) => void;

/** Builds the PER run slice from the interpreter's single-step pieces. */
export function makePerSlice(step: ExecFn, fetch: FetchFn, programInterrupt: PgmFn): (cpu: Cpu, budget: number) => number {
  const before = new Int32Array(16);
  return (cpu, budget) => {
    const masks = (cpu.cr[9]! >>> 24) & 0xf0;
    const grMask = cpu.cr[9]! & 0xffff;
    let n = 0;
    cpu.storeLimit = (masks & PER_STORE) !== 0 ? 0 : cpu.size;
    try {
      while (n < budget) {
        const ia = cpu.ia;
        let w = 0;
        n++;
        cpu.perEvents = 0;
        before.set(cpu.gpr);
        let len = 0;
        try {
          w = fetch(cpu, ia);
          len = (cpu.ia - ia) & 0xffffff;
          step(cpu, w, cpu.fetchH);
        } catch (e) {
          if (e !== PROGRAM_CHECK) throw e;
          if (len !== 0) {
            let ev = ifetchEvent(cpu, masks, ia, len);
            if (COMPLETING.has(cpu.pgmCode)) ev |= otherEvents(cpu, masks, grMask, before, w, ia, len);
            if (ev !== 0) {
              recordPer(cpu, ev, ia);
              cpu.pgmCode |= PGM_PER_EVENT;
            }
          }
          programInterrupt(cpu, ia, w);
          if (cpu.brk) break;
          continue;
        }
        const ev = ifetchEvent(cpu, masks, ia, len) | otherEvents(cpu, masks, grMask, before, w, ia, len);
        if (ev !== 0 && w >>> 24 !== 0x0a) {
          recordPer(cpu, ev, ia);
          cpu.programInterrupt(PGM_PER_EVENT, len >>> 1, cpu.ia);
        }
        if (cpu.brk) break;
      }
    } finally {
      cpu.storeLimit = cpu.size;
      cpu.instructions += n;
    }
    return n;
  };
}

function ifetchEvent(cpu: Cpu, masks: number, ia: number, len: number): number {
  if ((masks & PER_IFETCH) === 0) return 0;
  for (let i = 0; i < len; i++) if (inRange(cpu, (ia + i) & 0xffffff)) return PER_IFETCH;
  return 0;
}

/** Bytes popcount of a 4-bit mask (STCM). */
const maskBytes = (m: number) => (m & 1) + ((m >>> 1) & 1) + ((m >>> 2) & 1) + ((m >>> 3) & 1);

/**
 * The first-operand location an instruction stores into, from the registers before it ran:
 * [address, length], or null when not known here (then the first byte stored decides).
 */
function storeOperand(w: number, g: Int32Array): [number, number] | null {
  const op = w >>> 24;
  const r1 = (w >>> 20) & 15;
  const x2 = (w >>> 16) & 15;
  const b2 = (w >>> 12) & 15;
  const ea = (x: number, b: number, d: number) => ((x ? g[x]! : 0) + (b ? g[b]! : 0) + d) & 0xffffff;
  const rx = () => ea(x2, b2, w & 0xfff);
  const s = () => ea(0, b2, w & 0xfff);
  switch (op) {
    case 0x40: return [rx(), 2];
    case 0x42: return [rx(), 1];
    case 0x4e: case 0x60: return [rx(), 8];
    case 0x50: case 0x70: return [rx(), 4];
    case 0x90: case 0xb6: return [s(), (((x2 - r1) & 15) + 1) * 4];
    case 0xbe: return [s(), maskBytes(x2)];
    case 0xba: return [s(), 4];
    case 0xbb: return [s(), 8];
    case 0x85: case 0x92: case 0x93: case 0x94: case 0x96: case 0x97: case 0xac: case 0xad: return [s(), 1];
    case 0xd1: case 0xd2: case 0xd3: case 0xd4: case 0xd6: case 0xd7: case 0xdc: case 0xde: case 0xdf:
      return [s(), ((w >>> 16) & 0xff) + 1];
    case 0xf0: case 0xf1: case 0xf2: case 0xf3: case 0xf8: case 0xfa: case 0xfb: case 0xfc: case 0xfd:
      return [s(), ((w >>> 20) & 15) + 1];
    case 0x0e: return [g[r1]! & 0xffffff, g[(r1 + 1) & 15]! & 0xffffff];
    case 0xb2: {
      const len = [0, 0, 8, 4, 0, 8, 0, 8, 0, 8, 0, 0, 0, 0, 0, 0, 0, 4, 2][(w >>> 16) & 0xff] ?? 0;
      return len ? [s(), len] : null;
    }
    default:
      return null;
  }
}

function overlapsRange(cpu: Cpu, a: number, len: number): boolean {
  if (len <= 0) return false;
  const start = cpu.cr[10]! & 0xffffff;
  return inRange(cpu, a) || ((start - a) & 0xffffff) < len;
}

function otherEvents(cpu: Cpu, masks: number, grMask: number, before: Int32Array, w: number, ia: number, len: number): number {
  let ev = 0;
  if ((masks & PER_STORE) !== 0 && (cpu.perEvents & 0x01) !== 0) {
    // CS and CDS alter storage only when they store (cc 0).
    const op = w >>> 24;
    const operand = (op === 0xba || op === 0xbb) && cpu.cc !== 0 ? [0, 0] as [number, number] : storeOperand(w, before);
    if (operand ? overlapsRange(cpu, operand[0], operand[1]) : (cpu.perEvents & PER_STORE) !== 0) ev |= PER_STORE;
  }
  if ((masks & PER_BRANCH) !== 0 && cpu.ia !== ((ia + len) & 0xffffff) && (isBranch(w) || executesBranch(cpu, w, before))) ev |= PER_BRANCH;
  if ((masks & PER_GR) !== 0) {
    let altered = writtenRegisters(w);
    for (let r = 0; r < 16; r++) if (cpu.gpr[r] !== before[r]) altered |= 1 << r;
    for (let r = 0; r < 16; r++) {
      if ((altered & (1 << r)) !== 0 && ((grMask >>> (15 - r)) & 1) !== 0) {
        ev |= PER_GR;
        break;
      }
    }
  }
  return ev;
}

/** PER code at X'96' and the instruction's address at X'98' (GA22-7000 "Identification of Cause"). */
function recordPer(cpu: Cpu, events: number, ia: number): void {
  cpu.realWrite16(LC_PER_CODE, events << 8);
  cpu.realWrite32(LC_PER_ADDRESS, ia & 0xffffff);
}
