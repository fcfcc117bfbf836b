// Control instructions (GA22-7000 ch. 10 "Control"): PSW, system mask, keys, control
// registers, DAT (LRA, PTLB, RRB), prefix, clocks and timers, CPU identification, SIGP,
// DIAGNOSE, direct control and channel-set switching. The interpreter has already raised
// the privileged-operation exception for rows flagged PRIV in problem state.
//
// Instructions that can change translation, keys, prefix, masks or pending interruptions
// set cpu.brk so that the run slice ends: the interpreter's cached instruction page (AIA)
// and the `plain` fast path are then rebuilt, and pending interruptions are looked at.

import type { Cpu } from '../cpu/cpu.ts';
import {
  PGM_ADDRESSING,
  PGM_PRIVILEGED_OPERATION,
  PGM_SPECIAL_OPERATION,
  PGM_SPECIFICATION,
} from '../arch/interrupts.ts';
import { KEY_REF } from '../storage/storage.ts';
import { CR0_TRANSLATION_FORMAT, purgeTlb, walk } from '../dat/dat.ts';
import type { Semantics } from './types.ts';

const R1 = (w: number) => (w >>> 20) & 15;
const R2 = (w: number) => (w >>> 16) & 15;
const sAddr = (cpu: Cpu, w: number) => cpu.ea(0, (w >>> 12) & 15, w & 0xfff);
const rxAddr = (cpu: Cpu, w: number) => cpu.ea((w >>> 16) & 15, (w >>> 12) & 15, w & 0xfff);

/** EC-mode system-mask bits that must be zero: 0 and 2-4 (GA22-7000 "Exceptions Associated with the PSW"). */
const EC_SYSMASK_INVALID = 0xb8;
const CR0_SSM_SUPPRESSION = 0x40000000; // bit 1
const CR0_EXTRACTION_AUTHORITY = 0x08000000; // bit 4

/** STIDP: version code, CPU identification (first digit = CPU address) and model 3158, as Hercules' defaults. */
const CPU_VERSION = 0xfd;
const CPU_SERIAL = 0x000611;
const CPU_MODEL = 0x3158;

function setMask(cpu: Cpu, mask: number): void {
  cpu.setSystemMask(mask);
  // In EC mode the new mask takes effect and the specification exception follows (ILC 2).
  if (cpu.ec && (mask & EC_SYSMASK_INVALID) !== 0) cpu.programCheck(PGM_SPECIFICATION);
}

function read64(cpu: Cpu, a: number): bigint {
  cpu.requireAligned(a, 8);
  cpu.validate(a, 8, false);
  return (BigInt(cpu.read32(a) >>> 0) << 32n) | BigInt(cpu.read32(a + 4) >>> 0);
}

function write64(cpu: Cpu, a: number, v: bigint): void {
  cpu.requireAligned(a, 8);
  cpu.validate(a, 8, true);
  cpu.write32(a, Number((v >> 32n) & 0xffffffffn) | 0);
  cpu.write32(a + 4, Number(v & 0xffffffffn) | 0);
}

/** Absolute address of the 2K block a real address designates (ISK, SSK, RRB). */
function keyBlock(cpu: Cpu, real: number): number {
  const a = cpu.absolute(real & 0xfff800);
  if (a >= cpu.size) cpu.programCheck(PGM_ADDRESSING);
  return a >>> 11;
}

function keyOperand(cpu: Cpu, w: number): number {
  const v = cpu.gpr[R2(w)]!;
  if ((v & 0xf) !== 0) cpu.programCheck(PGM_SPECIFICATION);
  return keyBlock(cpu, v);
}

export const CONTROL: Semantics = {
  LPSW(cpu, w) {
    const a = sAddr(cpu, w);
    cpu.requireAligned(a, 8);
    cpu.validate(a, 8, false);
    const hi = cpu.read32(a) >>> 0;
    const lo = cpu.read32(a + 4) >>> 0;
    cpu.loadPsw(hi, lo);
  },
  SSM(cpu, w) {
    if ((cpu.cr[0]! & CR0_SSM_SUPPRESSION) !== 0) cpu.programCheck(PGM_SPECIAL_OPERATION);
    setMask(cpu, cpu.read8(sAddr(cpu, w)));
  },
  STNSM(cpu, w) {
    cpu.write8(sAddr(cpu, w), cpu.sysMask);
    setMask(cpu, cpu.sysMask & (w >>> 16));
  },
  STOSM(cpu, w) {
    cpu.write8(sAddr(cpu, w), cpu.sysMask);
    setMask(cpu, (cpu.sysMask | (w >>> 16)) & 0xff);
  },
  SPKA(cpu, w) {
    const key = (sAddr(cpu, w) >>> 4) & 15;
    // Problem state: the PSW-key mask in CR3 bits 0-15 must allow the key.
    if (cpu.problem && ((cpu.cr[3]! << key) & 0x80000000) === 0) cpu.programCheck(PGM_PRIVILEGED_OPERATION);
    cpu.key = key;
    cpu.brk = true;
  },
  IPK(cpu) {
    if (cpu.problem && (cpu.cr[0]! & CR0_EXTRACTION_AUTHORITY) === 0) cpu.programCheck(PGM_PRIVILEGED_OPERATION);
    cpu.gpr[2] = (cpu.gpr[2]! & ~0xff) | (cpu.key << 4);
  },
  ISK(cpu, w) {
    const blk = keyOperand(cpu, w);
    const r1 = R1(w);
    // BC mode inserts only the access-control and fetch-protection bits (bits 29-31 zero).
    cpu.gpr[r1] = (cpu.gpr[r1]! & ~0xff) | (cpu.keys[blk]! & (cpu.ec ? 0xfe : 0xf8));
  },
  SSK(cpu, w) {
    const blk = keyOperand(cpu, w);
    cpu.keys[blk] = cpu.gpr[R1(w)]! & 0xfe;
    cpu.brk = true;
  },
  RRB(cpu, w) {
    const blk = keyBlock(cpu, sAddr(cpu, w));
    const k = cpu.keys[blk]!;
    cpu.cc = (k >>> 1) & 3;
    cpu.keys[blk] = k & ~KEY_REF;
    cpu.brk = true;
  },
  LCTL(cpu, w) {
    const r1 = R1(w);
    const r3 = R2(w);
    const a = sAddr(cpu, w);
    cpu.requireAligned(a, 4);
    const n = ((r3 - r1) & 15) + 1;
    cpu.validate(a, n * 4, false);
    const cr0 = cpu.cr[0]!;
    const cr1 = cpu.cr[1]!;
    for (let i = 0; i < n; i++) cpu.cr[(r1 + i) & 15] = cpu.read32(a + i * 4) >>> 0;
    if (((cr0 ^ cpu.cr[0]!) & CR0_TRANSLATION_FORMAT) !== 0 || cr1 !== cpu.cr[1]) purgeTlb(cpu);
    cpu.brk = true;
  },
  STCTL(cpu, w) {
    const r1 = R1(w);
    const r3 = R2(w);
    const a = sAddr(cpu, w);
    cpu.requireAligned(a, 4);
    const n = ((r3 - r1) & 15) + 1;
    cpu.validate(a, n * 4, true);
    for (let i = 0; i < n; i++) cpu.write32(a + i * 4, cpu.cr[(r1 + i) & 15]! | 0);
  },
  LRA(cpu, w) {
    // GA22-7000 "Load Real Address": translation regardless of the DAT bit; cc 1-3 give
    // the address of the segment- or page-table entry that stopped it.
    const r = walk(cpu, rxAddr(cpu, w));
    cpu.gpr[R1(w)] = r.cc === 0 ? r.real : r.entry;
    cpu.cc = r.cc;
  },
  PTLB(cpu) {
    purgeTlb(cpu);
    cpu.brk = true;
  },
  STIDP(cpu, w) {
    const id = (BigInt(CPU_VERSION) << 56n) | (BigInt((cpu.cpuAddress & 15) << 20 | CPU_SERIAL) << 32n) | (BigInt(CPU_MODEL) << 16n);
    write64(cpu, sAddr(cpu, w), id);
  },
  SCK(cpu, w) {
    const v = read64(cpu, sAddr(cpu, w));
    cpu.tod.set(v & ~0xfffn);
    cpu.cc = 0;
    cpu.brk = true;
  },
  SCKC(cpu, w) {
    cpu.timers.setClockComparator(read64(cpu, sAddr(cpu, w)));
    cpu.brk = true;
  },
  STCKC(cpu, w) {
    write64(cpu, sAddr(cpu, w), cpu.timers.ckc);
  },
  SPT(cpu, w) {
    cpu.timers.setCpuTimer(read64(cpu, sAddr(cpu, w)));
    cpu.brk = true;
  },
  STPT(cpu, w) {
    write64(cpu, sAddr(cpu, w), BigInt.asUintN(64, cpu.timers.cpuTimer()));
  },
  SPX(cpu, w) {
    const a = sAddr(cpu, w);
    cpu.requireAligned(a, 4);
    const p = cpu.read32(a) & 0x00fff000;
    if (p + 4096 > cpu.size) cpu.programCheck(PGM_ADDRESSING);
    cpu.prefix = p;
    purgeTlb(cpu);
    cpu.brk = true;
  },
  STPX(cpu, w) {
    const a = sAddr(cpu, w);
    cpu.requireAligned(a, 4);
    cpu.write32(a, cpu.prefix);
  },
  STAP(cpu, w) {
    const a = sAddr(cpu, w);
    cpu.requireAligned(a, 2);
    cpu.write16(a, cpu.cpuAddress);
  },
  SIGP(cpu, w) {
    const order = sAddr(cpu, w) & 0xff;
    const target = cpu.gpr[R2(w)]! & 0xffff;
    cpu.cc = cpu.hooks.sigp(cpu, order, target, R1(w));
    cpu.brk = true;
  },
  DIAG(cpu, w) {
    cpu.hooks.diagnose(cpu, R1(w), R2(w), sAddr(cpu, w));
  },
  // Direct control (GA22-7000 "Direct Control"): no signal lines are attached. WRD fetches
  // its operand (access exceptions apply) and sends it nowhere; RDD stores the inbound
  // lines, which read as all zeros.
  WRD(cpu, w) {
    cpu.read8(sAddr(cpu, w));
  },
  RDD(cpu, w) {
    cpu.write8(sAddr(cpu, w), 0);
  },
  // Channel-set switching: each CPU has channel set number = its CPU address and keeps it
  // (all I/O stays reachable from every CPU). CONCS of that set is cc 0, of any other set
  // cc 3 (not operational); DISCS of it is cc 0 and leaves it connected, others cc 3.
  CONCS(cpu, w) {
    cpu.cc = (sAddr(cpu, w) & 0xffff) === cpu.cpuAddress ? 0 : 3;
  },
  DISCS(cpu, w) {
    cpu.cc = (sAddr(cpu, w) & 0xffff) === cpu.cpuAddress ? 0 : 3;
  },
};
