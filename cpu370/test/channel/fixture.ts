// A CPU and a channel subsystem on a small storage, with helpers to lay out CCWs and read
// the CSW; and ScriptDevice, a device whose answer to each CCW a test decides.
import { ChannelSubsystem, Cpu, Storage, type CcwRequest, type CcwResult, type Device, type DeviceHost } from '../../index.ts';

export interface Rig {
  storage: Storage;
  ch: ChannelSubsystem;
  cpu: Cpu;
  /** Continuations the channel deferred (long programs); run them with `drain`. */
  deferred: (() => void)[];
  drain(): void;
  ccw(at: number, cmd: number, addr: number, flags: number, count: number): void;
  caw(addr: number, key?: number): void;
  /** The CSW at X'40' as "hhhhhhhh llllllll". */
  csw(): string;
  io(mnemonic: string, address: number): number;
}

export function rig(size = 64 * 1024, maxBurst = 64): Rig {
  const storage = new Storage(size);
  const deferred: (() => void)[] = [];
  const ch = new ChannelSubsystem(storage, { defer: (fn) => deferred.push(fn), maxBurst });
  const cpu = new Cpu(storage, {
    diagnose() {},
    io: (c, m, a) => ch.execute(c, m, a),
    takeIoInterrupt: (c) => ch.takeInterrupt(c),
    sigp: () => 3,
  });
  cpu.initialReset();
  const hex = (v: number) => (v >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return {
    storage,
    ch,
    cpu,
    deferred,
    drain() {
      while (deferred.length) deferred.shift()!();
    },
    ccw(at, cmd, addr, flags, count) {
      storage.write32(at, ((cmd << 24) | addr) >>> 0);
      storage.write32(at + 4, ((flags << 24) | count) >>> 0);
    },
    caw(addr, key = 0) {
      storage.write32(0x48, ((key << 28) | addr) >>> 0);
    },
    csw() {
      return `${hex(storage.read32(0x40))} ${hex(storage.read32(0x44))}`;
    },
    io(m, a) {
      return ch.execute(cpu, m, a);
    },
  };
}

type Answer = (ccw: CcwRequest, done: (r: CcwResult) => void) => CcwResult | 'pending';

/** A device that answers each CCW with `answer` and records what it was given. */
export class ScriptDevice implements Device {
  readonly devtype = 0x9999;
  readonly requests: { command: number; flags: number; count: number; data: number[]; chained: boolean; prevCommand: number; sequence: number }[] = [];
  readonly senseBytes = new Uint8Array([0x80, 0]);
  host: DeviceHost | undefined;
  halted = 0;
  constructor(
    readonly devnum: number,
    public answer: Answer,
  ) {}
  attach(h: DeviceHost): void {
    this.host = h;
  }
  startCcw(ccw: CcwRequest, done: (r: CcwResult) => void): CcwResult | 'pending' {
    this.requests.push({ command: ccw.command, flags: ccw.flags, count: ccw.count, data: [...ccw.data], chained: ccw.chained, prevCommand: ccw.prevCommand, sequence: ccw.sequence });
    return this.answer(ccw, done);
  }
  sense(): Uint8Array {
    return this.senseBytes;
  }
  halt(): void {
    this.halted++;
  }
}

/** Answers reads with `bytes` (and "more" when longer than the count), everything else with CE+DE. */
export function reads(bytes: number[]): Answer {
  return (ccw) => {
    if ((ccw.command & 3) === 2 || (ccw.command & 0x0f) === 4) {
      const n = Math.min(ccw.count, bytes.length);
      ccw.data.set(bytes.slice(0, n));
      return { unitStatus: 0x0c, residual: ccw.count - n, more: bytes.length > ccw.count };
    }
    return { unitStatus: 0x0c, residual: 0 };
  };
}
