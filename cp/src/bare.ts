// The bare machine's implementation of the hardware interface: the cpu370 interpreter
// on host storage, the host clock, and Node's event loop.
import { Cpu, Storage, run, TodClock, type CpuHooks } from '../../cpu370/index.ts';
import type { GuestMachine, Hardware } from './hardware.ts';

export function bareHardware(): Hardware {
  return {
    now: () => new Date(),
    elapsedMs: () => performance.now(),
    createGuest(storageBytes: number, hooks: CpuHooks): GuestMachine {
      // Each guest has its own TOD clock: a guest's SET CLOCK reaches no one else.
      const cpu = new Cpu(new Storage(storageBytes), hooks, new TodClock());
      cpu.initialReset();
      return { cpu, run: (n) => run(cpu, n) };
    },
    defer: (fn) => void setImmediate(fn),
    after(ms, fn) {
      const t = setTimeout(fn, ms);
      t.unref?.();
      return () => clearTimeout(t);
    },
  };
}
