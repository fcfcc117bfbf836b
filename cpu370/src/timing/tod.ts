// The time-of-day clock (GA22-7000 "Time-of-Day Clock"): a 64-bit binary counter whose
// bit 51 steps every microsecond, epoch 1900-01-01 00:00 GMT. Driven by a microsecond time
// source (host time by default; tests pass their own); every value STCK stores is unique
// and larger than the one before (the bits right of bit 51 make it unique).

const UNIX_EPOCH_TOD_MICROS = 2208988800 * 1_000_000;

/** Microseconds since 1970 as a double, monotonic within the process. */
export type MicroSource = () => number;

export const hostMicros: MicroSource = () => (performance.timeOrigin + performance.now()) * 1000;

export class TodClock {
  /** TOD value minus (source microseconds << 12). */
  private offset: bigint;
  private last = 0n;
  /** False after a CPU reset until SCK sets it (the clock's "not-set" state). */
  isSet = true;
  /** Counts SCK settings, so that clock-comparator deadlines can be recomputed. */
  generation = 0;
  readonly source: MicroSource;

  constructor(source: MicroSource = hostMicros) {
    this.source = source;
    this.offset = BigInt(UNIX_EPOCH_TOD_MICROS) << 12n;
  }

  /** Source time in units of TOD bit 63 (2^-12 microseconds), exact for whole microseconds. */
  private sourceUnits(): bigint {
    const t = this.source();
    const whole = Math.floor(t);
    return (BigInt(whole) << 12n) + BigInt(Math.floor((t - whole) * 4096));
  }

  private raw(): bigint {
    return (this.sourceUnits() + this.offset) & 0xffffffffffffffffn;
  }

  /** The clock value: unique and strictly increasing across calls. */
  now(): bigint {
    let v = this.raw();
    if (v <= this.last) v = this.last + 1n;
    this.last = v;
    return v & 0xffffffffffffffffn;
  }

  /** The current value without uniqueness bits consumed (for timers and comparisons). */
  peek(): bigint {
    const v = this.raw();
    return v > this.last ? v : this.last;
  }

  set(value: bigint): void {
    this.offset = value - this.sourceUnits();
    this.last = 0n;
    this.isSet = true;
    this.generation++;
  }

  /** The source time (microseconds) at which the clock reaches `tod` (for deadlines). */
  microsAt(tod: bigint): number {
    return Number(tod - this.offset) / 4096;
  }
}
