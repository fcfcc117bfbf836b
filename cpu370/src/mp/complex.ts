// Several CPUs sharing one main storage and one TOD clock, each with its own prefix,
// connected by SIGNAL PROCESSOR (GA22-7000 "Multiprocessing", "Signal Processor").
//
// Design: the CPUs run round-robin on ONE thread, a slice at a time. An instruction is
// never interleaved with another CPU's, so CS, CDS and TS are interlocked updates exactly
// as the architecture requires (no other CPU can observe or store between their fetch and
// store), and a SIGP finds its target between two instructions. The storage is a
// SharedArrayBuffer, so CPUs can later move onto worker threads; CS/CDS/TS would then
// need Atomics on an Int32Array view.

import { Cpu, type CpuHooks } from '../cpu/cpu.ts';
import { run } from '../interp/interpreter.ts';
import { EXTP_EMERGENCY_SIGNAL, EXTP_EXTERNAL_CALL } from '../interp/pending.ts';
import { purgeTlb } from '../dat/dat.ts';
import { KEY_CHANGE, KEY_REF } from '../storage/storage.ts';

export type CpuState = 'operating' | 'stopped' | 'checkstop';

// SIGP order codes (GA22-7000 "Orders").
export const SIGP_SENSE = 0x01;
export const SIGP_EXTERNAL_CALL = 0x02;
export const SIGP_EMERGENCY_SIGNAL = 0x03;
export const SIGP_START = 0x04;
export const SIGP_STOP = 0x05;
export const SIGP_RESTART = 0x06;
export const SIGP_INITIAL_PROGRAM_RESET = 0x07;
export const SIGP_PROGRAM_RESET = 0x08;
export const SIGP_STOP_AND_STORE_STATUS = 0x09;
export const SIGP_INITIAL_CPU_RESET = 0x0b;
export const SIGP_CPU_RESET = 0x0c;
export const SIGP_SET_PREFIX = 0x0d;
export const SIGP_STORE_STATUS_AT_ADDRESS = 0x0e;

// Status bits stored in R1 (GA22-7000 "Status Bits"); 22-23 as in later SIGP definitions.
export const STATUS_EXTERNAL_CALL_PENDING = 0x80;
export const STATUS_STOPPED = 0x40;
export const STATUS_CHECK_STOP = 0x10;
export const STATUS_INVALID_ORDER = 0x02;
export const STATUS_INCORRECT_STATE = 0x200;
export const STATUS_INVALID_PARAMETER = 0x100;

type Deferred = 'stop' | 'stopStore' | 'restart' | 'reset' | 'initialReset';

/** Stores the status of `cpu` at absolute `base` (GA22-7000 "Store Status": X'D8'-X'1FF'). */
export function storeStatus(cpu: Cpu, base: number): void {
  const s = cpu.storage;
  const b = base & 0x00fffe00;
  if (b + 512 > s.size) return;
  const cpt = BigInt.asUintN(64, cpu.timers.cpuTimer());
  s.write32(b + 0xd8, Number(cpt >> 32n));
  s.write32(b + 0xdc, Number(cpt & 0xffffffffn));
  s.write32(b + 0xe0, Number(cpu.timers.ckc >> 32n));
  s.write32(b + 0xe4, Number(cpu.timers.ckc & 0xffffffffn));
  const [hi, lo] = cpu.pswWords();
  s.write32(b + 0x100, hi);
  s.write32(b + 0x104, lo);
  s.write32(b + 0x108, cpu.prefix);
  for (let i = 0; i < 8; i++) s.write32(b + 0x160 + i * 4, cpu.fpr[i]!);
  for (let i = 0; i < 16; i++) s.write32(b + 0x180 + i * 4, cpu.gpr[i]!);
  for (let i = 0; i < 16; i++) s.write32(b + 0x1c0 + i * 4, cpu.cr[i]!);
  cpu.keys[b >>> 11]! |= KEY_REF | KEY_CHANGE;
}

export class CpuComplex {
  readonly cpus: Cpu[];
  readonly state: CpuState[];
  /** What a SIGP to the issuing CPU itself does once its SIGP has completed. */
  private readonly deferred: (Deferred | null)[];

  /** Builds `count` CPUs around `first` (CPU address 0), sharing its storage, TOD clock and hooks. */
  constructor(first: Cpu, count: number) {
    if (!Number.isInteger(count) || count < 1 || count > 16) throw new RangeError(`number of CPUs must be 1 to 16, not ${count}`);
    // Every CPU gets the machine's hooks (I/O, DIAGNOSE ...), with SIGP answered here.
    const hooks: CpuHooks = { ...first.hooks, sigp: (c, order, addr, r1) => this.sigp(c, order, addr, r1) };
    first.hooks = hooks;
    this.cpus = [first];
    for (let i = 1; i < count; i++) {
      const c = new Cpu(first.storage, hooks, first.tod);
      c.cpuAddress = i;
      c.initialReset();
      c.pgmLog = first.pgmLog ? [] : null;
      this.cpus.push(c);
    }
    this.state = this.cpus.map((_, i) => (i === 0 ? 'operating' : 'stopped'));
    this.cpus.forEach((c, i) => c.timers.setStopped(i !== 0));
    this.deferred = this.cpus.map(() => null);
  }

  /** SIGNAL PROCESSOR from `cpu`: returns the condition code; status (cc 1) goes into R1. */
  sigp(cpu: Cpu, order: number, address: number, r1: number): number {
    if (address >= this.cpus.length) return 3;
    const target = this.cpus[address]!;
    const self = target === cpu;
    const isReset = order === SIGP_CPU_RESET || order === SIGP_INITIAL_CPU_RESET || order === SIGP_PROGRAM_RESET || order === SIGP_INITIAL_PROGRAM_RESET;
    if (this.deferred[address] !== null && !isReset) return 2;
    const state = this.state[address]!;
    const param = (r1 & 1) !== 0 ? cpu.gpr[r1]! : cpu.gpr[(r1 + 1) & 15]!;
    let status = 0;
    const checkStopped = state === 'checkstop' && order !== SIGP_SENSE && !isReset;
    if (checkStopped) {
      status = STATUS_CHECK_STOP;
    } else {
      switch (order) {
        case SIGP_SENSE:
          if ((target.extPending & EXTP_EXTERNAL_CALL) !== 0) status |= STATUS_EXTERNAL_CALL_PENDING;
          if (state !== 'operating') status |= STATUS_STOPPED;
          if (state === 'checkstop') status |= STATUS_CHECK_STOP;
          break;
        case SIGP_EXTERNAL_CALL:
          if ((target.extPending & EXTP_EXTERNAL_CALL) !== 0) {
            status = STATUS_EXTERNAL_CALL_PENDING;
          } else {
            target.extPending |= EXTP_EXTERNAL_CALL;
            target.extCallSource = cpu.cpuAddress;
          }
          break;
        case SIGP_EMERGENCY_SIGNAL:
          target.emsSources |= 1 << cpu.cpuAddress;
          target.extPending |= EXTP_EMERGENCY_SIGNAL;
          break;
        case SIGP_START:
          if (state === 'stopped') this.state[address] = 'operating';
          break;
        case SIGP_STOP:
          this.act(target, address, self, 'stop');
          break;
        case SIGP_STOP_AND_STORE_STATUS:
          this.act(target, address, self, 'stopStore');
          break;
        case SIGP_RESTART:
          this.act(target, address, self, 'restart');
          break;
        case SIGP_CPU_RESET:
        case SIGP_PROGRAM_RESET:
          this.act(target, address, self, 'reset');
          break;
        case SIGP_INITIAL_CPU_RESET:
        case SIGP_INITIAL_PROGRAM_RESET:
          this.act(target, address, self, 'initialReset');
          break;
        case SIGP_SET_PREFIX: {
          const p = param & 0x00fff000;
          if (state !== 'stopped') status = STATUS_INCORRECT_STATE;
          else if (p + 4096 > target.size) status = STATUS_INVALID_PARAMETER;
          else {
            target.prefix = p;
            purgeTlb(target);
          }
          break;
        }
        case SIGP_STORE_STATUS_AT_ADDRESS:
          if (state !== 'stopped') status = STATUS_INCORRECT_STATE;
          else if ((param & 0x00fffe00) + 512 > target.size) status = STATUS_INVALID_PARAMETER;
          else storeStatus(target, param);
          break;
        default:
          status = STATUS_INVALID_ORDER;
      }
    }
    if (status === 0) return 0;
    cpu.gpr[r1] = status;
    return 1;
  }

  /** Performs `what` on a CPU now, or, when it is the issuing CPU, right after its SIGP. */
  private act(target: Cpu, address: number, self: boolean, what: Deferred): void {
    if (self) {
      this.deferred[address] = what;
      target.stopRequest = 'intercept';
      target.brk = true;
    } else {
      this.perform(address, what);
    }
  }

  private perform(address: number, what: Deferred): void {
    const c = this.cpus[address]!;
    if (what === 'stop' || what === 'stopStore') c.timers.setStopped(true);
    switch (what) {
      case 'stop':
        this.state[address] = 'stopped';
        break;
      case 'stopStore':
        this.state[address] = 'stopped';
        storeStatus(c, 0);
        break;
      case 'restart':
        this.state[address] = 'operating';
        c.restartInterrupt();
        break;
      case 'reset':
        c.reset();
        this.state[address] = 'stopped';
        break;
      case 'initialReset':
        c.initialReset();
        this.state[address] = 'stopped';
        break;
    }
  }

  /** Takes the action a CPU's SIGP to itself left behind. */
  private settle(address: number): void {
    const d = this.deferred[address];
    if (d === null || d === undefined) return;
    this.deferred[address] = null;
    this.perform(address, d);
  }

  /**
   * Runs every operating CPU for up to `quantum` instructions, in CPU-address order.
   * Returns the instructions executed; CPUs that check-stop change state.
   */
  round(quantum: number): number {
    let total = 0;
    this.cpus.forEach((c, i) => c.timers.setStopped(this.state[i] !== 'operating'));
    for (let i = 0; i < this.cpus.length; i++) {
      if (this.state[i] !== 'operating') continue;
      const c = this.cpus[i]!;
      const before = c.instructions;
      const r = run(c, quantum);
      total += c.instructions - before;
      if (r === 'checkstop') this.state[i] = 'checkstop';
      else if (r === 'stopped') this.state[i] = 'stopped';
      this.settle(i);
    }
    return total;
  }

  /** True when no CPU can do anything more without operator action or an interruption. */
  idle(): { disabled: boolean; waiting: boolean } {
    let waiting = false;
    for (let i = 0; i < this.cpus.length; i++) {
      if (this.state[i] !== 'operating') continue;
      const c = this.cpus[i]!;
      if (!c.wait) return { disabled: false, waiting: false };
      if (!c.isDisabledWait()) waiting = true;
    }
    return { disabled: !waiting, waiting };
  }
}

/**
 * Runs a complex as `vm370 run` runs one CPU: until every operating CPU is in a disabled
 * wait (or stopped), `limit` instructions in all, a check stop of CPU 0, or `waitMs` of
 * enabled wait with nothing happening.
 */
export async function runComplex(complex: CpuComplex, limit: number, waitMs: number): Promise<'wait' | 'limit' | 'checkstop'> {
  let executed = 0;
  let waitedSince = 0;
  const quantum = 10_000;
  for (;;) {
    if (executed >= limit) return 'limit';
    executed += complex.round(Math.min(quantum, limit - executed));
    if (complex.state[0] === 'checkstop') return 'checkstop';
    const { disabled, waiting } = complex.idle();
    if (disabled) return 'wait';
    if (!waiting) {
      waitedSince = 0;
      continue;
    }
    if (waitedSince === 0) waitedSince = Date.now();
    if (Date.now() - waitedSince > waitMs) return 'wait';
    await new Promise((res) => setTimeout(res, 1));
  }
}
