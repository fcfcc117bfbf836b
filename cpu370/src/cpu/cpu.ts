// One System/370 CPU: registers, PSW, prefix, and storage access with keys, prefixing,
// addressing and (through the translator) DAT. All state is plain data on the instance.
// GA22-7000 ch. 3 (Storage), ch. 4 (Control), ch. 6 (Interruptions).

import {
  PGM_ADDRESSING,
  PGM_PRIVILEGED_OPERATION,
  PGM_PROTECTION,
  PGM_SPECIFICATION,
} from '../arch/interrupts.ts';
import {
  LC_EXT_INT_CODE,
  LC_EXTERNAL_NEW_PSW,
  LC_EXTERNAL_OLD_PSW,
  LC_IO_ADDRESS,
  LC_IO_NEW_PSW,
  LC_IO_OLD_PSW,
  LC_PGM_ILC,
  LC_PGM_INT_CODE,
  LC_PROGRAM_NEW_PSW,
  LC_PROGRAM_OLD_PSW,
  LC_RESTART_NEW_PSW,
  LC_RESTART_OLD_PSW,
  LC_SVC_ILC,
  LC_SVC_INT_CODE,
  LC_SVC_NEW_PSW,
  LC_SVC_OLD_PSW,
  LC_EXT_CPU_ADDRESS,
  LC_MCHECK_CODE,
  LC_MCHECK_NEW_PSW,
  LC_MCHECK_OLD_PSW,
} from '../arch/lowcore.ts';
import {
  EC_MUST_BE_ZERO_HI,
  EC_MUST_BE_ZERO_LO,
  PSW_EC_DAT,
  PSW_EC_IO,
  PSW_EC_MODE,
  PSW_EXTERNAL,
  PSW_MCHECK,
  PSW_PROBLEM,
  PSW_WAIT,
} from '../arch/psw.ts';
import { BLOCK_SHIFT, KEY_CHANGE, KEY_FETCH, KEY_REF, Storage } from '../storage/storage.ts';
import { TodClock } from '../timing/tod.ts';
import { CpuTimers } from '../timing/timers.ts';
import { TLB_ENTRIES, translate as datTranslate } from '../dat/dat.ts';

/** Thrown (as this exact object) to abandon the current instruction with a program interruption. */
export const PROGRAM_CHECK: { readonly programCheck: true } = Object.freeze({ programCheck: true });

/** The interpreter's outcome for a run slice. */
export type StopReason = 'limit' | 'wait' | 'stopped' | 'checkstop' | 'intercept';

/** What a CPU needs from the machine around it: I/O, DIAGNOSE, SIGP, pending interruptions. */
export interface CpuHooks {
  /** DIAGNOSE (83): the bare machine gives a specification exception; CP intercepts it. */
  diagnose(cpu: Cpu, r1: number, r3: number, address: number): void;
  /** I/O instructions: returns the condition code. `op` is the second opcode byte's instruction. */
  io(cpu: Cpu, mnemonic: string, address: number): number;
  /** Presents the highest-priority I/O interruption this CPU is enabled for, if any. */
  takeIoInterrupt(cpu: Cpu): boolean;
  /** SIGP order to a CPU address; returns the condition code (status stored into R1 by the hook). */
  sigp(cpu: Cpu, order: number, cpuAddress: number, r1: number): number;
}

export const BARE_HOOKS: CpuHooks = {
  diagnose(cpu) {
    cpu.programCheck(PGM_SPECIFICATION);
  },
  io() {
    return 3; // not operational: no channel subsystem attached
  },
  takeIoInterrupt() {
    return false;
  },
  sigp() {
    return 3;
  },
};

/** At most this many program-interruption codes are logged (a program-check loop runs on). */
export const PGM_LOG_LIMIT = 10_000;

export class Cpu {
  readonly storage: Storage;
  readonly mem: Uint8Array;
  readonly keys: Uint8Array;
  readonly size: number;

  readonly gpr = new Int32Array(16);
  /** FPRs 0, 2, 4, 6 as high/low word pairs: FPR r is fpr[r], fpr[r + 1]. */
  readonly fpr = new Uint32Array(8);
  readonly cr = new Uint32Array(16);

  // The PSW, kept unpacked.
  ia = 0;
  cc = 0;
  progMask = 0;
  key = 0;
  /** First PSW byte: channel masks + external (BC) or PER/DAT/IO/external (EC). */
  sysMask = 0;
  ec = false;
  mcheckMask = false;
  wait = false;
  problem = false;
  /** Set when a PSW with invalid bits was loaded: the next instruction fetch gives a specification exception. */
  pswInvalid = false;
  /** The must-be-zero bits of an invalid EC-mode PSW as loaded, kept so that it is stored as it was. */
  invalidHi = 0;
  invalidLo = 0;
  /** True when DAT is on (EC mode, PSW bit 5). */
  dat = false;

  prefix = 0;
  cpuAddress = 0;
  readonly tod: TodClock;

  /** Bytes 5-6 of an instruction fetched by the checked fetch path. */
  fetchH = 0;
  /** Absolute address of the first byte of the instruction fetched by the checked path. */
  fetchAbs = 0;
  /** True while an instruction is being fetched through the checked path (exceptions get ILC 0). */
  fetchFault = false;
  /** Installed by the timer module: raises clock-comparator / CPU-timer / interval-timer conditions. */
  updateTimers: ((cpu: Cpu) => void) | null = null;
  /** A hook (DIAGNOSE under CP, an operator stop) asks the run loop to return with this reason. */
  stopRequest: StopReason | null = null;
  /** True while EX is executing its target instruction. */
  inEx = false;
  /** Set by instructions that change the PSW masks or may make interruptions pending; ends the run slice. */
  brk = false;
  /** External interruption conditions pending (EXT_* codes), see pendingExternal(). */
  extPending = 0;
  instructions = 0;
  /** Program-interruption code being raised (read by the interpreter when PROGRAM_CHECK is thrown). */
  pgmCode = 0;
  /** Translation-exception address for segment/page exceptions. */
  transAddr = 0;
  /** Every program-interruption code taken, in order, when this is non-null. */
  pgmLog: number[] | null = null;
  hooks: CpuHooks;
  /** Address-translation hook installed by the DAT module: virtual -> real, or throws. */
  translate: (cpu: Cpu, vaddr: number, write: boolean) => number = datTranslate;
  /** DAT's flat TLB: per 2K virtual block, real frame | 1 (valid) | 2 (segment-protected); see dat/dat.ts. */
  readonly tlb = new Int32Array(TLB_ENTRIES);
  /** Absolute addresses at or above this take Cpu.storeSlow: `size`, or 0 while PER watches storage alteration. */
  storeLimit: number;
  /** PER events recognised during the current instruction (PER-code bits as at X'96'; 0x01: something was stored). */
  perEvents = 0;
  readonly timers: CpuTimers;
  /** Set by the timers between slices: the next slice ends after at most this many instructions. */
  timerBudget = 0x3fffffff;
  /** Emergency signals pending, one bit per sending CPU address (bit n = CPU n). */
  emsSources = 0;
  /** CPU address of the sender of the pending external call. */
  extCallSource = 0;

  constructor(storage: Storage, hooks: CpuHooks = BARE_HOOKS, tod?: TodClock) {
    this.storage = storage;
    this.mem = storage.mem;
    this.keys = storage.keys;
    this.size = storage.size;
    this.hooks = hooks;
    this.tod = tod ?? new TodClock();
    this.storeLimit = storage.size;
    this.timers = new CpuTimers(this.tod);
    this.updateTimers = (cpu) => cpu.timers.update(cpu);
  }

  // ---------------------------------------------------------------- exceptions

  programCheck(code: number): never {
    this.pgmCode = code;
    throw PROGRAM_CHECK;
  }

  privileged(): void {
    if (this.problem) this.programCheck(PGM_PRIVILEGED_OPERATION);
  }

  // ---------------------------------------------------------------- addresses

  /** Real address -> absolute address (prefixing), GA22-7000 "Prefixing". */
  absolute(real: number): number {
    const p = this.prefix;
    if (p !== 0) {
      const page = real & 0xfff000;
      if (page === 0 || page === p) return real ^ p;
    }
    return real;
  }

  /** Effective address of D(X,B): 24-bit. */
  ea(x: number, b: number, d: number): number {
    let a = d;
    if (x !== 0) a += this.gpr[x]!;
    if (b !== 0) a += this.gpr[b]!;
    return a & 0xffffff;
  }

  /** Absolute address of one byte to be fetched, after translation, prefixing, addressing and key checks. */
  absFetch(vaddr: number): number {
    let a = vaddr & 0xffffff;
    if (this.dat) {
      const e = this.tlb[a >>> 11]!;
      a = (e & 1) !== 0 ? (e & 0xfff800) | (a & 0x7ff) : this.translate(this, a, false);
    }
    a = this.absolute(a);
    if (a >= this.size) this.programCheck(PGM_ADDRESSING);
    const blk = a >>> BLOCK_SHIFT;
    const k = this.keys[blk]!;
    if (this.key !== 0 && (k & KEY_FETCH) !== 0 && k >>> 4 !== this.key) this.programCheck(PGM_PROTECTION);
    if ((k & KEY_REF) === 0) this.keys[blk] = k | KEY_REF;
    return a;
  }

  /** Absolute address of one byte to be stored. */
  absStore(vaddr: number): number {
    let a = vaddr & 0xffffff;
    if (this.dat) {
      const e = this.tlb[a >>> 11]!;
      a = (e & 3) === 1 ? (e & 0xfff800) | (a & 0x7ff) : this.translate(this, a, true);
    }
    a = this.absolute(a);
    if (a >= this.storeLimit) this.storeSlow(vaddr, a);
    const blk = a >>> BLOCK_SHIFT;
    const k = this.keys[blk]!;
    if (this.key !== 0 && k >>> 4 !== this.key) this.programCheck(PGM_PROTECTION);
    if ((k & (KEY_REF | KEY_CHANGE)) !== (KEY_REF | KEY_CHANGE)) this.keys[blk] = k | KEY_REF | KEY_CHANGE;
    return a;
  }

  /** Stores at or above storeLimit: an addressing exception, or a PER storage-alteration event. */
  storeSlow(vaddr: number, abs: number): void {
    if (abs >= this.size) this.programCheck(PGM_ADDRESSING);
    const start = this.cr[10]! & 0xffffff;
    const end = this.cr[11]! & 0xffffff;
    const v = vaddr & 0xffffff;
    this.perEvents |= start <= end ? (v >= start && v <= end ? 0x21 : 0x01) : v >= start || v <= end ? 0x21 : 0x01;
  }

  /**
   * Checks access to every byte of [vaddr, vaddr+len) (wrapping at 2^24) before an
   * instruction changes anything, so that an access exception suppresses or nullifies it.
   */
  validate(vaddr: number, len: number, write: boolean): void {
    if (len <= 0) return;
    let a = vaddr & 0xffffff;
    let left = len;
    for (;;) {
      if (write) this.absStore(a);
      else this.absFetch(a);
      const toBoundary = 0x800 - (a & 0x7ff);
      if (left <= toBoundary) return;
      left -= toBoundary;
      a = (a + toBoundary) & 0xffffff;
    }
  }

  /**
   * Absolute address of an operand of `len` bytes when it lies within one 2K block and
   * passes all checks; -1 when it crosses a block (the caller then goes byte by byte).
   */
  linear(vaddr: number, len: number, write: boolean): number {
    const a = vaddr & 0xffffff;
    if ((a & 0x7ff) + len > 0x800) return -1;
    return write ? this.absStore(a) : this.absFetch(a);
  }

  // ---------------------------------------------------------------- operand access

  read8(vaddr: number): number {
    return this.mem[this.absFetch(vaddr)]!;
  }

  write8(vaddr: number, v: number): void {
    this.mem[this.absStore(vaddr)] = v;
  }

  read16(vaddr: number): number {
    const a = this.linear(vaddr, 2, false);
    if (a >= 0) return (this.mem[a]! << 8) | this.mem[a + 1]!;
    this.validate(vaddr, 2, false);
    return (this.read8(vaddr) << 8) | this.read8(vaddr + 1);
  }

  read32(vaddr: number): number {
    const a = this.linear(vaddr, 4, false);
    const m = this.mem;
    if (a >= 0 && a + 4 <= this.size) return (m[a]! << 24) | (m[a + 1]! << 16) | (m[a + 2]! << 8) | m[a + 3]!;
    this.validate(vaddr, 4, false);
    return (this.read8(vaddr) << 24) | (this.read8(vaddr + 1) << 16) | (this.read8(vaddr + 2) << 8) | this.read8(vaddr + 3);
  }

  write16(vaddr: number, v: number): void {
    const a = this.linear(vaddr, 2, true);
    if (a >= 0 && a + 2 <= this.size) {
      this.mem[a] = v >>> 8;
      this.mem[a + 1] = v;
      return;
    }
    this.validate(vaddr, 2, true);
    this.write8(vaddr, v >>> 8);
    this.write8(vaddr + 1, v);
  }

  write32(vaddr: number, v: number): void {
    const a = this.linear(vaddr, 4, true);
    const m = this.mem;
    if (a >= 0 && a + 4 <= this.size) {
      m[a] = v >>> 24;
      m[a + 1] = v >>> 16;
      m[a + 2] = v >>> 8;
      m[a + 3] = v;
      return;
    }
    this.validate(vaddr, 4, true);
    this.write8(vaddr, v >>> 24);
    this.write8(vaddr + 1, v >>> 16);
    this.write8(vaddr + 2, v >>> 8);
    this.write8(vaddr + 3, v);
  }

  /** Operands that must be on an integral boundary (CS, CDS, LPSW, STCK ...). */
  requireAligned(vaddr: number, boundary: 2 | 4 | 8): void {
    if ((vaddr & (boundary - 1)) !== 0) this.programCheck(PGM_SPECIFICATION);
  }

  // Real-storage access for the CPU's own use (interruptions, lowcore): prefixed, no keys, no DAT.
  realRead32(real: number): number {
    const a = this.absolute(real);
    const m = this.mem;
    return ((m[a]! << 24) | (m[a + 1]! << 16) | (m[a + 2]! << 8) | m[a + 3]!) >>> 0;
  }
  realWrite32(real: number, v: number): void {
    const a = this.absolute(real);
    const m = this.mem;
    m[a] = v >>> 24;
    m[a + 1] = v >>> 16;
    m[a + 2] = v >>> 8;
    m[a + 3] = v;
    this.keys[a >>> BLOCK_SHIFT]! |= KEY_REF | KEY_CHANGE;
  }
  realWrite16(real: number, v: number): void {
    const a = this.absolute(real);
    this.mem[a] = v >>> 8;
    this.mem[a + 1] = v;
  }
  realWrite8(real: number, v: number): void {
    this.mem[this.absolute(real)] = v;
  }

  // ---------------------------------------------------------------- PSW

  /** The current PSW as two 32-bit words. In BC mode, `intCode` and `ilc` go into bits 16-33. */
  pswWords(intCode = 0, ilc = 0): [number, number] {
    const b1 = (this.key << 4) | (this.ec ? PSW_EC_MODE : 0) | (this.mcheckMask ? PSW_MCHECK : 0) | (this.wait ? PSW_WAIT : 0) | (this.problem ? PSW_PROBLEM : 0);
    if (this.ec) {
      const hi = ((this.sysMask << 24) | (b1 << 16) | (this.cc << 12) | (this.progMask << 8) | this.invalidHi) >>> 0;
      return [hi, ((this.ia & 0xffffff) | this.invalidLo) >>> 0];
    }
    const hi = ((this.sysMask << 24) | (b1 << 16) | (intCode & 0xffff)) >>> 0;
    const lo = (((ilc & 3) << 30) | (this.cc << 28) | (this.progMask << 24) | (this.ia & 0xffffff)) >>> 0;
    return [hi, lo];
  }

  /**
   * Loads a PSW. Invalid EC-mode bits are recognised when the next instruction would be
   * fetched (GA22-7000 "Exceptions Associated with the PSW"): `pswInvalid` is set.
   */
  loadPsw(hi: number, lo: number): void {
    this.sysMask = hi >>> 24;
    const b1 = (hi >>> 16) & 0xff;
    this.key = b1 >>> 4;
    this.ec = (b1 & PSW_EC_MODE) !== 0;
    this.mcheckMask = (b1 & PSW_MCHECK) !== 0;
    this.wait = (b1 & PSW_WAIT) !== 0;
    this.problem = (b1 & PSW_PROBLEM) !== 0;
    if (this.ec) {
      this.cc = (hi >>> 12) & 3;
      this.progMask = (hi >>> 8) & 15;
      this.invalidHi = hi & EC_MUST_BE_ZERO_HI;
      this.invalidLo = lo & EC_MUST_BE_ZERO_LO;
      this.pswInvalid = this.invalidHi !== 0 || this.invalidLo !== 0;
      // Bit 0 ... wait: EC bit 12 is required, and bit 1 (PER) is allowed.
      this.dat = (this.sysMask & PSW_EC_DAT) !== 0;
    } else {
      this.cc = (lo >>> 28) & 3;
      this.progMask = (lo >>> 24) & 15;
      this.pswInvalid = false;
      this.invalidHi = this.invalidLo = 0;
      this.dat = false;
    }
    this.ia = lo & 0xffffff;
    this.brk = true;
  }

  storePsw(real: number, intCode = 0, ilc = 0): void {
    const [hi, lo] = this.pswWords(intCode, ilc);
    this.realWrite32(real, hi);
    this.realWrite32(real + 4, lo);
  }

  loadPswFrom(real: number): void {
    this.loadPsw(this.realRead32(real), this.realRead32(real + 4));
  }

  /** Sets the system mask (SSM/STNSM/STOSM); EC mode keeps the DAT flag in step. */
  setSystemMask(mask: number): void {
    this.sysMask = mask & 0xff;
    if (this.ec) {
      this.dat = (this.sysMask & PSW_EC_DAT) !== 0;
      if ((this.sysMask & ~0x47) !== 0) this.pswInvalid = true;
    }
    this.brk = true;
  }

  /** Disabled for I/O and external interruptions: a wait in this state can only end by operator action. */
  isDisabledWait(): boolean {
    return this.wait && !this.ioEnabledAny() && (this.sysMask & PSW_EXTERNAL) === 0;
  }

  ioEnabledAny(): boolean {
    return this.ec ? (this.sysMask & PSW_EC_IO) !== 0 : (this.sysMask & 0xfe) !== 0;
  }

  /** Whether I/O interruptions from `channel` are enabled (BC: PSW channel masks; EC: PSW bit 6 and CR2). */
  ioEnabled(channel: number): boolean {
    if (this.ec) {
      if ((this.sysMask & PSW_EC_IO) === 0) return false;
      return channel < 32 && ((this.cr[2]! >>> (31 - channel)) & 1) !== 0;
    }
    if (channel < 6) return ((this.sysMask >>> (7 - channel)) & 1) !== 0;
    return (this.sysMask & 0x02) !== 0 && ((this.cr[2]! >>> (31 - channel)) & 1) !== 0;
  }

  // ---------------------------------------------------------------- interruptions

  /** Program interruption; `nextIa` is the address the old PSW points to. */
  programInterrupt(code: number, ilc: number, nextIa: number): void {
    this.ia = nextIa & 0xffffff;
    if (this.pgmLog && this.pgmLog.length < PGM_LOG_LIMIT) this.pgmLog.push(code);
    if (this.ec) {
      this.realWrite8(LC_PGM_ILC, (ilc & 3) << 1);
      this.realWrite16(LC_PGM_INT_CODE, code);
      this.storePsw(LC_PROGRAM_OLD_PSW);
    } else {
      this.storePsw(LC_PROGRAM_OLD_PSW, code, ilc);
    }
    this.pswInvalid = false;
    this.loadPswFrom(LC_PROGRAM_NEW_PSW);
  }

  svcInterrupt(number: number, ilc: number): void {
    if (this.ec) {
      this.realWrite8(LC_SVC_ILC, (ilc & 3) << 1);
      this.realWrite16(LC_SVC_INT_CODE, number);
      this.storePsw(LC_SVC_OLD_PSW);
    } else {
      this.storePsw(LC_SVC_OLD_PSW, number, ilc);
    }
    this.loadPswFrom(LC_SVC_NEW_PSW);
  }

  externalInterrupt(code: number, sourceCpu = 0): void {
    if (this.ec) {
      this.realWrite16(LC_EXT_INT_CODE, code);
      this.realWrite16(LC_EXT_CPU_ADDRESS, sourceCpu);
      this.storePsw(LC_EXTERNAL_OLD_PSW);
    } else {
      this.storePsw(LC_EXTERNAL_OLD_PSW, code);
    }
    this.loadPswFrom(LC_EXTERNAL_NEW_PSW);
  }

  /** Called by the channel subsystem after it has stored the CSW. */
  ioInterrupt(deviceAddress: number): void {
    if (this.ec) {
      this.realWrite16(LC_IO_ADDRESS, deviceAddress);
      this.storePsw(LC_IO_OLD_PSW);
    } else {
      this.storePsw(LC_IO_OLD_PSW, deviceAddress);
    }
    this.loadPswFrom(LC_IO_NEW_PSW);
  }

  restartInterrupt(): void {
    this.storePsw(LC_RESTART_OLD_PSW);
    this.loadPswFrom(LC_RESTART_NEW_PSW);
  }

  /**
   * Machine-check interruption with the 64-bit interruption code (GA22-7000 "Machine-Check
   * Interruption"): returns false, taking nothing, when the PSW's machine-check mask is off.
   */
  machineCheckInterrupt(codeHi: number, codeLo: number): boolean {
    if (!this.mcheckMask) return false;
    this.realWrite32(LC_MCHECK_CODE, codeHi);
    this.realWrite32(LC_MCHECK_CODE + 4, codeLo);
    this.storePsw(LC_MCHECK_OLD_PSW);
    this.loadPswFrom(LC_MCHECK_NEW_PSW);
    return true;
  }

  /** CPU reset (GA22-7000 "Resets"): PSW, pending interruptions; registers and storage kept. */
  reset(): void {
    this.loadPsw(0, 0);
    this.pswInvalid = false;
    this.extPending = 0;
    this.emsSources = 0;
    this.wait = false;
    this.tlb.fill(0);
  }

  /** Initial CPU reset: also control registers to their initial values, prefix 0, timers. */
  initialReset(): void {
    this.reset();
    this.cr.fill(0);
    this.cr[0] = 0x000000e0;
    this.cr[2] = 0xffffffff;
    this.cr[14] = 0xc2000000;
    this.cr[15] = 0x00000200;
    this.prefix = 0;
    this.timers.setClockComparator(0n);
    this.timers.setCpuTimer(0n);
  }
}
