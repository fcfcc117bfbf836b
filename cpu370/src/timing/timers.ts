// The clock comparator, the CPU timer and the interval timer of one CPU
// (GA22-7000 "Timing", "External Interruption"). Nothing here runs per instruction:
// `update` runs between run slices (Cpu.updateTimers), turns the conditions into
// Cpu.extPending bits, and sets Cpu.timerBudget so that the next slice ends about when
// the next enabled timer condition arises.

import type { Cpu } from '../cpu/cpu.ts';
import { PSW_EXTERNAL } from '../arch/psw.ts';
import { LC_INTERVAL_TIMER } from '../arch/lowcore.ts';
import { EXTP_CLOCK_COMPARATOR, EXTP_CPU_TIMER, EXTP_INTERVAL_TIMER } from '../interp/pending.ts';
import type { TodClock } from './tod.ts';

/** Interval timer: bit 23 counts at 300 Hz, so bit 31 at 76,800 Hz (GA22-7000 "Interval Timer"). */
const INTERVAL_TICKS_PER_MICRO = 76_800 / 1_000_000;
/** No budget limit when no timer condition is near. */
export const NO_TIMER_LIMIT = 0x3fffffff;

const CR0_CKC_MASK = 1 << (31 - 20);
const CR0_CPT_MASK = 1 << (31 - 21);
const CR0_ITIMER_MASK = 1 << (31 - 24);

export class CpuTimers {
  readonly tod: TodClock;
  /** Clock comparator (bits 0-51 are compared; GA22-7000 "Clock Comparator"). */
  ckc = 0xffffffffffffffffn;
  /** Source time when the TOD clock passes the clock comparator. */
  private ckcDue = Infinity;
  private ckcGeneration = -1;
  /** CPU timer value at `cptAt` (source microseconds). */
  private cptValue = 0n;
  private cptAt: number;
  /** Interval-timer ticks accounted up to this source time. */
  private itAt: number;
  /** Instructions per microsecond, measured, to size slices before a deadline. */
  private rate = 1;
  private lastInstr = 0;
  private lastAt: number;

  constructor(tod: TodClock) {
    this.tod = tod;
    const t = tod.source();
    this.cptAt = t;
    this.itAt = t;
    this.lastAt = t;
  }

  setClockComparator(v: bigint): void {
    this.ckc = v & 0xffffffffffffffffn;
    this.recomputeCkc();
  }

  recomputeCkc(): void {
    this.ckcDue = this.tod.microsAt(this.ckc & ~0xfffn);
    this.ckcGeneration = this.tod.generation;
  }

  /** The CPU timer now: decremented at the rate of TOD bit 51 (GA22-7000 "CPU Timer"). */
  cpuTimer(): bigint {
    if (this.held) return this.cptValue;
    const t = this.tod.source();
    const v = this.cptValue - BigInt(Math.floor((t - this.cptAt) * 4096));
    return BigInt.asIntN(64, v);
  }

  setCpuTimer(v: bigint): void {
    this.cptValue = BigInt.asIntN(64, v);
    this.cptAt = this.tod.source();
  }

  /** The CPU timer and interval timer run only while the CPU is operating (GA22-7000 "CPU Timer"): stopped, they hold. */
  private held = false;

  setStopped(stopped: boolean): void {
    if (stopped === this.held) return;
    if (stopped) this.setCpuTimer(this.cpuTimer());
    else this.cptAt = this.itAt = this.tod.source(); // the interval timer too stood still
    this.held = stopped;
  }

  private cptDue(): number {
    if (this.held) return this.cptValue < 0n ? -Infinity : Infinity;
    return this.cptValue < 0n ? -Infinity : this.cptAt + Number(this.cptValue) / 4096;
  }

  /** Between slices: raises or drops the timer conditions and sizes the next slice. */
  update(cpu: Cpu): void {
    const t = this.tod.source();
    const dt = t - this.lastAt;
    if (dt > 50) {
      const n = cpu.instructions - this.lastInstr;
      if (n > 0) this.rate = Math.max(1, n / dt);
      this.lastInstr = cpu.instructions;
      this.lastAt = t;
    }
    if (this.ckcGeneration !== this.tod.generation) this.recomputeCkc();
    let p = cpu.extPending & ~(EXTP_CLOCK_COMPARATOR | EXTP_CPU_TIMER);
    if (t > this.ckcDue) p |= EXTP_CLOCK_COMPARATOR;
    const cptDue = this.cptDue();
    if (t > cptDue) p |= EXTP_CPU_TIMER;
    p |= this.intervalTimer(cpu, t);
    cpu.extPending = p;

    let due = Infinity;
    const cr0 = cpu.cr[0]!;
    if ((cpu.sysMask & PSW_EXTERNAL) !== 0) {
      // A condition already pending and enabled is taken after the next instruction at the latest.
      if ((p & ((cr0 & CR0_CKC_MASK ? EXTP_CLOCK_COMPARATOR : 0) | (cr0 & CR0_CPT_MASK ? EXTP_CPU_TIMER : 0))) !== 0) due = t;
      if ((cr0 & CR0_CKC_MASK) !== 0 && this.ckcDue >= t && this.ckcDue < due) due = this.ckcDue;
      if ((cr0 & CR0_CPT_MASK) !== 0 && cptDue >= t && cptDue < due) due = cptDue;
      if ((cr0 & CR0_ITIMER_MASK) !== 0) {
        const v = cpu.realRead32(LC_INTERVAL_TIMER) | 0;
        if (v >= 0) {
          const itDue = this.itAt + (v + 1) / INTERVAL_TICKS_PER_MICRO;
          if (itDue < due) due = itDue;
        }
      }
    }
    cpu.timerBudget = due === Infinity ? NO_TIMER_LIMIT : Math.max(1, Math.min(NO_TIMER_LIMIT, Math.ceil((due - t) * this.rate)));
  }

  /** Steps the interval timer at real location X'50'; an interruption condition when it goes negative. */
  private intervalTimer(cpu: Cpu, t: number): number {
    const ticks = Math.floor((t - this.itAt) * INTERVAL_TICKS_PER_MICRO);
    if (ticks <= 0) return 0;
    this.itAt += ticks / INTERVAL_TICKS_PER_MICRO;
    if (cpu.absolute(LC_INTERVAL_TIMER) + 4 > cpu.size) return 0;
    const old = cpu.realRead32(LC_INTERVAL_TIMER) | 0;
    const now = (old - Math.min(ticks, 0x7fffffff)) | 0;
    cpu.realWrite32(LC_INTERVAL_TIMER, now);
    return old >= 0 && (now < 0 || now > old) ? EXTP_INTERVAL_TIMER : 0;
  }
}
