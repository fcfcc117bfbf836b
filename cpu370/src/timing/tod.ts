// The time-of-day clock (GA22-7000 "Time-of-Day Clock"): a 64-bit binary counter whose
// bit 51 steps every microsecond, epoch 1900-01-01 00:00 GMT. Driven by host time; every
// value stored is unique and larger than the one before (bits past 51 make it unique).

const UNIX_EPOCH_TOD_MICROS = 2208988800n * 1000000n;

function hostMicros(): bigint {
  return BigInt(Date.now()) * 1000n + BigInt(Math.floor((performance.now() % 1) * 1000));
}

export class TodClock {
  /** TOD value minus (host microseconds << 12). */
  private offset: bigint;
  private last = 0n;
  /** False after a CPU reset until SCK sets it (the clock's "not-set" state). */
  isSet = true;

  constructor() {
    this.offset = UNIX_EPOCH_TOD_MICROS << 12n;
  }

  /** The clock value: unique and strictly increasing across calls. */
  now(): bigint {
    let v = (hostMicros() << 12n) + this.offset;
    if (v <= this.last) v = this.last + 1n;
    this.last = v;
    return v & 0xffffffffffffffffn;
  }

  /** The current value without uniqueness bits consumed (for timers and comparisons). */
  peek(): bigint {
    const v = (hostMicros() << 12n) + this.offset;
    return v > this.last ? v : this.last;
  }

  set(value: bigint): void {
    this.offset = value - (hostMicros() << 12n);
    this.last = 0n;
    this.isSet = true;
  }
}
