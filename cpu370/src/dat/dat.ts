// Dynamic address translation of System/370 (GA22-7000 "Dynamic Address Translation"):
// CR0 bits 8-12 select 2K/4K pages and 64K/1M segments, CR1 holds the segment-table
// length and origin; a segment-table entry gives a page table, a page-table entry the frame.
//
// Translations are kept in the CPU's flat TLB (`cpu.tlb`, one Int32Array entry per 2K of
// virtual storage, as Hercules does for S/370): entry = real 2K-frame address | TLB_VALID
// (| TLB_PROTECT for a segment-protected segment). Cpu.absFetch/absStore use a valid entry
// directly and call `translate` (below) only on a miss. Entries are dropped by purgeTlb:
// PTLB, LCTL changing CR0 bits 8-12 or CR1, SPX, CPU reset.

import type { Cpu } from '../cpu/cpu.ts';
import {
  PGM_ADDRESSING,
  PGM_PAGE_TRANSLATION,
  PGM_PROTECTION,
  PGM_SEGMENT_TRANSLATION,
  PGM_TRANSLATION_SPECIFICATION,
} from '../arch/interrupts.ts';
import { LC_TRANS_EXC_ADDR } from '../arch/lowcore.ts';
import { KEY_REF } from '../storage/storage.ts';

export const TLB_VALID = 1;
export const TLB_PROTECT = 2;
export const TLB_ENTRIES = 1 << 13; // 16M / 2K

/** CR0 bits 8-12 that define the translation format. */
export const CR0_TRANSLATION_FORMAT = 0x00f80000;

const CR0_PAGE_2K = 0x00400000; // bits 8-9 = 01
const CR0_PAGE_4K = 0x00800000; // bits 8-9 = 10
const CR0_SEG_1M = 0x00100000; // bits 11-12 = 10

/** Outcome of a table walk that did not yield an address (LRA's condition codes 1-3). */
export const WALK_SEGMENT_INVALID = 1;
export const WALK_PAGE_INVALID = 2;
export const WALK_LENGTH = 3;

/** Result of one table walk: `cc` 0 with `real`, or cc 1-3 with the entry address in `entry`. */
export interface Walk {
  cc: number;
  real: number;
  entry: number;
  /** Segment-protection bit (STE bit 29) of the segment. */
  protect: boolean;
  /** The page-size granule in bytes (2048 or 4096). */
  pageSize: number;
  /** Program-interruption code for cc 1-3 (segment or page translation). */
  code: number;
}

// Table entries are fetched from real storage (prefixing applies) and, like any fetch,
// set the reference bit of their block; storage keys do not protect them.
function fetchReal32(cpu: Cpu, real: number): number {
  const a = cpu.absolute(real & 0xffffff);
  if (a + 4 > cpu.size) cpu.programCheck(PGM_ADDRESSING);
  cpu.keys[a >>> 11]! |= KEY_REF;
  return cpu.storage.read32(a);
}

function fetchReal16(cpu: Cpu, real: number): number {
  const a = cpu.absolute(real & 0xffffff);
  if (a + 2 > cpu.size) cpu.programCheck(PGM_ADDRESSING);
  cpu.keys[a >>> 11]! |= KEY_REF;
  return cpu.storage.read16(a);
}

/**
 * Walks the segment and page tables for `vaddr`. Translation-specification and addressing
 * exceptions are raised at once (they suppress); invalid entries and length violations are
 * returned as cc 1-3 so that LRA can set its condition code.
 */
export function walk(cpu: Cpu, vaddr: number): Walk {
  const cr0 = cpu.cr[0]!;
  const page = cr0 & 0x00c00000;
  const seg = cr0 & 0x00380000;
  if ((page !== CR0_PAGE_2K && page !== CR0_PAGE_4K) || (seg !== 0 && seg !== CR0_SEG_1M)) {
    cpu.programCheck(PGM_TRANSLATION_SPECIFICATION);
  }
  const big = seg === CR0_SEG_1M;
  const four = page === CR0_PAGE_4K;
  const v = vaddr & 0xffffff;
  const cr1 = cpu.cr[1]!;
  const stl = cr1 >>> 24;
  const sto = cr1 & 0x00ffffc0;
  const sx = big ? v >>> 20 : v >>> 16;
  const out: Walk = { cc: 0, real: 0, entry: 0, protect: false, pageSize: four ? 4096 : 2048, code: 0 };
  const steAddr = (sto + sx * 4) & 0xffffff;
  // The segment-table length is in units of 16 entries: compare the leftmost 4 bits of
  // the segment index (with 1M segments the index has only 4 bits, always within length 0).
  if (!big && sx >>> 4 > stl) {
    out.cc = WALK_LENGTH;
    out.entry = steAddr;
    out.code = PGM_SEGMENT_TRANSLATION;
    return out;
  }
  const ste = fetchReal32(cpu, steAddr);
  if ((ste & 1) !== 0) {
    out.cc = WALK_SEGMENT_INVALID;
    out.entry = steAddr;
    out.code = PGM_SEGMENT_TRANSLATION;
    return out;
  }
  // Bits 4-7 must be zero; bit 29 is segment protection, bit 30 common segment.
  if ((ste & 0x0f000000) !== 0) cpu.programCheck(PGM_TRANSLATION_SPECIFICATION);
  out.protect = (ste & 4) !== 0;
  const ptl = ste >>> 28;
  const pto = ste & 0x00fffff8;
  // Page index and the leftmost four bits of it, compared with the page-table length.
  const px = big ? (v >>> (four ? 12 : 11)) & (four ? 0xff : 0x1ff) : (v >>> (four ? 12 : 11)) & (four ? 0x0f : 0x1f);
  const pxTop = big ? (v >>> 16) & 15 : (v >>> 12) & 15;
  const pteAddr = (pto + px * 2) & 0xffffff;
  if (pxTop > ptl) {
    out.cc = WALK_LENGTH;
    out.entry = pteAddr;
    out.code = PGM_PAGE_TRANSLATION;
    return out;
  }
  const pte = fetchReal16(cpu, pteAddr);
  const invalid = four ? 0x0008 : 0x0004;
  if ((pte & invalid) !== 0) {
    out.cc = WALK_PAGE_INVALID;
    out.entry = pteAddr;
    out.code = PGM_PAGE_TRANSLATION;
    return out;
  }
  // The bits right of the invalid bit, except the last, must be zero.
  if ((pte & (four ? 0x0006 : 0x0002)) !== 0) cpu.programCheck(PGM_TRANSLATION_SPECIFICATION);
  out.real = four ? ((pte & 0xfff0) << 8) | (v & 0xfff) : ((pte & 0xfff8) << 8) | (v & 0x7ff);
  return out;
}

/**
 * Cpu.translate: virtual -> real for an instruction's access, filling the TLB. Segment and
 * page translation exceptions store the translation-exception address at X'90' (the
 * segment and page index; GA22-7000 "Assigned Storage Locations") and nullify.
 */
export function translate(cpu: Cpu, vaddr: number, write: boolean): number {
  const v = vaddr & 0xffffff;
  const e = cpu.tlb[v >>> 11]!;
  if ((e & TLB_VALID) !== 0) {
    if (write && (e & TLB_PROTECT) !== 0) cpu.programCheck(PGM_PROTECTION);
    return (e & 0xfff800) | (v & 0x7ff);
  }
  const w = walk(cpu, v);
  if (w.cc !== 0) {
    cpu.transAddr = v & 0xfff800;
    cpu.realWrite32(LC_TRANS_EXC_ADDR, cpu.transAddr);
    cpu.programCheck(w.code);
  }
  const entry = (w.real & 0xfff800) | TLB_VALID | (w.protect ? TLB_PROTECT : 0);
  if (w.pageSize === 4096) {
    const base = (v >>> 11) & ~1;
    cpu.tlb[base] = entry & ~0x800;
    cpu.tlb[base + 1] = entry | 0x800;
  } else {
    cpu.tlb[v >>> 11] = entry;
  }
  if (write && w.protect) cpu.programCheck(PGM_PROTECTION);
  return w.real;
}

/** Drops every TLB entry (PTLB and the other purge points). */
export function purgeTlb(cpu: Cpu): void {
  cpu.tlb.fill(0);
}

/** Installs DAT on a CPU (done by the Cpu constructor; kept for machines that build their own). */
export function installDat(cpu: Cpu): void {
  cpu.translate = translate;
}
