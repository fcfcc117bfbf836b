// A bare System/370: main storage, CPUs, the channel subsystem with its devices, and the
// event loop that runs started CPUs in slices while devices complete in the background.

import { Cpu, type CpuHooks } from '../cpu/cpu.ts';
import { Storage } from '../storage/storage.ts';
import { PGM_SPECIFICATION } from '../arch/interrupts.ts';
import { run } from '../interp/interpreter.ts';
import { ChannelSubsystem } from '../channel/subsystem.ts';
import type { Device } from '../channel/device.ts';

export interface MachineOptions {
  storageSize: number;
  numCpu?: number;
  /** Instructions a CPU runs before the loop yields to the event loop (default 500000). */
  sliceInstructions?: number;
}

export interface MachineEvents {
  /** A CPU entered a disabled wait (it is then stopped). */
  disabledWait?(cpu: Cpu): void;
  /** A CPU check-stopped (a program-interruption loop on an unusable new PSW). */
  checkstop?(cpu: Cpu): void;
}

export class Machine {
  readonly storage: Storage;
  readonly cpus: Cpu[];
  readonly channels: ChannelSubsystem;
  readonly hooks: CpuHooks;
  /** Started (running or waiting) state per CPU, as the operator's start/stop keys set it. */
  readonly started: boolean[];
  /** LOADPARM of the last IPL (8 characters, blank padded). */
  loadparm = '        ';
  events: MachineEvents = {};
  private readonly slice: number;
  private scheduled = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(opts: MachineOptions) {
    this.storage = new Storage(opts.storageSize);
    this.slice = opts.sliceInstructions ?? 500_000;
    this.channels = new ChannelSubsystem(this.storage, { onInterrupt: () => this.wake() });
    const channels = this.channels;
    this.hooks = {
      diagnose(cpu) {
        cpu.programCheck(PGM_SPECIFICATION);
      },
      io: (cpu, mnemonic, address) => channels.execute(cpu, mnemonic, address),
      takeIoInterrupt: (cpu) => channels.takeInterrupt(cpu),
      sigp: () => 3,
    };
    const n = Math.max(1, Math.min(16, opts.numCpu ?? 1));
    this.cpus = [];
    this.started = [];
    for (let i = 0; i < n; i++) {
      const cpu = new Cpu(this.storage, this.hooks);
      cpu.cpuAddress = i;
      cpu.initialReset();
      this.cpus.push(cpu);
      this.started.push(false);
    }
  }

  attach(device: Device): void {
    this.channels.attach(device);
  }

  /** Starts a CPU (the operator's start key). */
  start(i = 0): void {
    if (!this.cpus[i]) throw new RangeError(`no CPU ${i}`);
    this.started[i] = true;
    this.wake();
  }

  /** Stops a CPU (the operator's stop key); slices run to completion, so this takes effect at once. */
  stop(i = 0): void {
    if (!this.cpus[i]) throw new RangeError(`no CPU ${i}`);
    this.started[i] = false;
  }

  stopAll(): void {
    for (let i = 0; i < this.cpus.length; i++) this.started[i] = false;
  }

  /** Restart key: a restart interruption on the CPU, which is then started. */
  restart(i = 0): void {
    const cpu = this.cpus[i];
    if (!cpu) throw new RangeError(`no CPU ${i}`);
    cpu.restartInterrupt();
    this.start(i);
  }

  /** System reset: CPUs reset and stopped, I/O reset (storage is kept). */
  systemReset(): void {
    this.stopAll();
    for (const cpu of this.cpus) {
      cpu.initialReset();
      cpu.stopRequest = null;
    }
    this.channels.reset();
  }

  isRunning(): boolean {
    return this.started.some((s) => s);
  }

  /** Lets started CPUs run: call after anything that may make one runnable. */
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
    let busy = false;
    let waiting = false;
    for (let i = 0; i < this.cpus.length; i++) {
      if (!this.started[i]) continue;
      const cpu = this.cpus[i]!;
      const r = run(cpu, this.slice);
      if (!this.started[i]) continue;
      if (r === 'wait') {
        if (cpu.isDisabledWait()) {
          this.started[i] = false;
          this.events.disabledWait?.(cpu);
        } else waiting = true;
      } else if (r === 'checkstop') {
        this.started[i] = false;
        this.events.checkstop?.(cpu);
      } else if (r === 'stopped') {
        this.started[i] = false;
      } else busy = true;
    }
    if (busy) this.wake();
    else if (waiting && !this.closed && !this.timer) {
      // An enabled wait: an I/O interruption wakes us at once; timers are polled.
      this.timer = setTimeout(() => {
        this.timer = null;
        this.wake();
      }, 2);
    }
  };
}
