// The one interface through which CP reaches its hardware (DESIGN.md, "Recursion"): real
// processors with interpretive execution, clocks, and the event loop it is dispatched on.
// The bare machine implements it (bare.ts); a virtual machine can implement it later, so
// that this CP runs one level down unchanged. Nothing else in cp/ touches the host.
import type { Cpu, CpuHooks, StopReason } from '../../cpu370/index.ts';

/** One guest under interpretive execution: its own CPU state and storage. */
export interface GuestMachine {
  readonly cpu: Cpu;
  /** Runs the guest until the budget is used, it waits, or a hook intercepts. */
  run(maxInstructions: number): StopReason;
}

export interface Hardware {
  /** Time of day (the TOD clock as a date). */
  now(): Date;
  /** Monotonic milliseconds, for intervals and CPU accounting. */
  elapsedMs(): number;
  /** Creates a guest with `storageBytes` of storage; CP sees it only through `hooks`. */
  createGuest(storageBytes: number, hooks: CpuHooks): GuestMachine;
  /** Runs `fn` after pending terminal and timer work (one dispatch cycle). */
  defer(fn: () => void): void;
  /** Runs `fn` after `ms` milliseconds; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}
