// A bare System/370: main storage, the CPUs (a CpuComplex, so SIGP works between them),
// the channel subsystem with its devices, and the event loop that runs operating CPUs in
// slices while devices complete in the background.

import { Cpu, type CpuHooks } from '../cpu/cpu.ts';
import { Storage } from '../storage/storage.ts';
import { PGM_SPECIFICATION } from '../arch/interrupts.ts';
import { CpuComplex } from '../mp/complex.ts';
import { ChannelSubsystem } from '../channel/subsystem.ts';
import type { Device } from '../channel/device.ts';

export interface MachineOptions {
  storageSize: number;
  numCpu?: number;
  /** Instructions each CPU runs before the loop yields to the event loop (default 500000). */
  sliceInstructions?: number;
}

export interface MachineEvents {
  /** A CPU entered a disabled wait (reported once per wait). */
  disabledWait?(cpu: Cpu): void;
  /** A CPU check-stopped (a program-interruption loop on an unusable new PSW). */
  checkstop?(cpu: Cpu): void;
}

export class Machine {
  readonly storage: Storage;
  readonly cpus: Cpu[];
  readonly complex: CpuComplex;
  readonly channels: ChannelSubsystem;
  /** LOADPARM of the last IPL (8 characters, blank padded). */
  loadparm = '        ';
  events: MachineEvents = {};
  private readonly slice: number;
  private readonly reported: boolean[];
  private scheduled = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(opts: MachineOptions) {
    this.storage = new Storage(opts.storageSize);
    this.slice = opts.sliceInstructions ?? 500_000;
    this.channels = new ChannelSubsystem(this.storage, { onInterrupt: () => this.wake() });
    const channels = this.channels;
    const hooks: CpuHooks = {
      diagnose(cpu) {
        cpu.programCheck(PGM_SPECIFICATION);
      },
      io: (cpu, mnemonic, address) => channels.execute(cpu, mnemonic, address),
      takeIoInterrupt: (cpu) => channels.takeInterrupt(cpu),
      sigp: () => 3,
    };
    const first = new Cpu(this.storage, hooks);
    first.initialReset();
    this.complex = new CpuComplex(first, Math.max(1, Math.min(16, opts.numCpu ?? 1)));
    this.cpus = this.complex.cpus;
    this.complex.state.fill('stopped');
    this.reported = this.cpus.map(() => false);
  }

  attach(device: Device): void {
    this.channels.attach(device);
  }

  private cpu(i: number): Cpu {
    const c = this.cpus[i];
    if (!c) throw new RangeError(`no CPU ${i}`);
    return c;
  }

  /** Starts a CPU (the operator's start key). */
  start(i = 0): void {
    this.cpu(i);
    this.complex.state[i] = 'operating';
    this.reported[i] = false;
    this.wake();
  }

  /** Stops a CPU (the operator's stop key); slices run to completion, so this takes effect at once. */
  stop(i = 0): void {
    this.cpu(i);
    if (this.complex.state[i] === 'operating') this.complex.state[i] = 'stopped';
  }

  stopAll(): void {
    for (let i = 0; i < this.cpus.length; i++) this.stop(i);
  }

  /** Restart key: a restart interruption on the CPU, which is then started. */
  restart(i = 0): void {
    this.cpu(i).restartInterrupt();
    this.start(i);
  }

  /** System reset: CPUs reset and stopped, I/O reset (storage is kept). */
  systemReset(): void {
    for (let i = 0; i < this.cpus.length; i++) {
      const cpu = this.cpus[i]!;
      cpu.initialReset();
      cpu.stopRequest = null;
      this.complex.state[i] = 'stopped';
    }
    this.channels.reset();
  }

  /** Some CPU is operating and not in a disabled wait. */
  isRunning(): boolean {
    return this.cpus.some((c, i) => this.complex.state[i] === 'operating' && !c.isDisabledWait());
  }

  /** Lets operating CPUs run: call after anything that may make one runnable. */
  wake(): void {
    if (this.closed || this.scheduled) return;
    this.scheduled = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    setImmediate(this.tick);
  }

  /** Stops the loop for good (at shutdown). */
  close(): void {
    this.closed = true;
    this.stopAll();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly tick = (): void => {
    this.scheduled = false;
    if (this.closed) return;
    const checkstopped = this.complex.state.map((s) => s === 'checkstop');
    this.complex.round(this.slice);
    let busy = false;
    let waiting = false;
    for (let i = 0; i < this.cpus.length; i++) {
      const cpu = this.cpus[i]!;
      const state = this.complex.state[i];
      if (state === 'checkstop' && !checkstopped[i]) this.events.checkstop?.(cpu);
      if (state !== 'operating') continue;
      if (!cpu.wait) {
        this.reported[i] = false;
        busy = true;
      } else if (cpu.isDisabledWait()) {
        if (!this.reported[i]) {
          this.reported[i] = true;
          this.events.disabledWait?.(cpu);
        }
      } else waiting = true;
    }
    if (this.closed) return;
    if (busy) this.wake();
    else if (waiting && !this.timer) {
      // An enabled wait: an I/O interruption wakes us at once; timers are polled.
      this.timer = setTimeout(() => {
        this.timer = null;
        this.wake();
      }, 2);
    }
  };
}
