// A virtual machine: one guest CPU with its own storage (interpretive execution through
// the hardware interface), its virtual channel subsystem and devices from the directory,
// and its state as CP sees it (in CP mode, running, waiting).
import { ChannelSubsystem, US_CE_DE, US_STATUS_MODIFIER, type Cpu, type CpuHooks, type Device } from '../../../cpu370/index.ts';
import type { UserEntry } from '../directory/types.ts';
import type { GuestMachine } from '../hardware.ts';
import type { ControlProgram } from '../cp.ts';
import type { UserConsole } from '../console/user-console.ts';
import { VirtualConsole } from './console-device.ts';
import { diagnose } from './diagnose.ts';
import { SpoolDevice } from './spool-device.ts';

export interface NamedSystem {
  readonly name: string;
  /** Storage image loaded at `origin`. */
  readonly image: Uint8Array;
  readonly origin: number;
  /** The PSW the system starts with. */
  readonly psw: readonly [number, number];
}

export interface VmSettings {
  msg: boolean;
  wng: boolean;
  emsg: 'ON' | 'OFF' | 'CODE' | 'TEXT';
  imsg: boolean;
  run: boolean;
}

export class VirtualMachine {
  guest!: GuestMachine;
  channel!: ChannelSubsystem;
  console!: VirtualConsole;
  readonly devices = new Map<number, Device>();
  /** Stopped in CP: the guest does not run until BEGIN (or IPL). */
  cpMode = true;
  /** Parked by the dispatcher in an enabled wait. */
  parked = false;
  terminal: UserConsole | null = null;
  storageSize: number;
  readonly logonAt: number;
  /** Host milliseconds spent running this guest. */
  virtMs = 0;
  /** Host milliseconds CP spent for this guest (commands, DIAGNOSE). */
  cpMs = 0;
  /** Time slices the dispatcher gave this machine. */
  slices = 0;
  readonly settings: VmSettings = { msg: true, wng: true, emsg: 'ON', imsg: true, run: false };
  private guestRead: ((line: string) => void) | null = null;
  loggedOff = false;
  private cancelDisconnect: (() => void) | null = null;

  constructor(
    readonly cp: ControlProgram,
    readonly entry: UserEntry,
  ) {
    this.storageSize = entry.storage;
    this.logonAt = cp.hw.elapsedMs();
    this.build();
  }

  get userid(): string {
    return this.entry.userid;
  }

  get cpu(): Cpu {
    return this.guest.cpu;
  }

  /** Creates CPU, storage and channel subsystem (at logon and on DEFINE STORAGE). */
  private build(): void {
    const hooks: CpuHooks = {
      diagnose: (cpu, r1, r3, address) => diagnose(this, cpu, r1, r3, address),
      io: (cpu, mnemonic, address) => this.channel.execute(cpu, mnemonic, address),
      takeIoInterrupt: (cpu) => this.channel.takeInterrupt(cpu),
      sigp: () => 3,
    };
    for (const d of this.devices.values()) d.halt();
    this.guest = this.cp.hw.createGuest(this.storageSize, hooks);
    this.channel = new ChannelSubsystem(this.guest.cpu.storage, {
      defer: (fn) => this.cp.hw.defer(fn),
      onInterrupt: () => this.cp.dispatcher.wake(this),
    });
    if (this.devices.size === 0) this.createDevices();
    for (const d of this.devices.values()) this.channel.attach(d);
  }

  private createDevices(): void {
    const e = this.entry;
    const cons = e.console ?? { vaddr: 0x009, devtype: 3215, spoolClass: 'T' };
    this.console = new VirtualConsole(cons.vaddr, 0x3215, {
      guestWrite: (text, alarm) => this.terminal?.guestWrite(text, alarm),
      guestRead: (deliver) => {
        this.guestRead = deliver;
        this.terminal?.guestReadPosted();
        this.idleWhileDisconnected();
      },
      guestReadCancelled: () => {
        this.guestRead = null;
        this.terminal?.guestReadPosted();
      },
    });
    this.devices.set(cons.vaddr, this.console);
    for (const s of e.spool) this.devices.set(s.vaddr, new SpoolDevice(s, this));
  }

  /** True while the guest waits for a console line. */
  get guestReading(): boolean {
    return this.guestRead !== null;
  }

  /** Gives a typed line to the guest's pending console read. */
  deliverGuestInput(line: string): boolean {
    const r = this.guestRead;
    if (!r) return false;
    this.guestRead = null;
    r(line);
    return true;
  }

  // ------------------------------------------------------------------ disconnected

  /**
   * The machine waits for its terminal (console read, disabled wait) while disconnected:
   * it is logged off unless its user reconnects in time (HELP DISCONN: 15 minutes).
   */
  idleWhileDisconnected(): void {
    if (this.terminal || this.loggedOff || this.cancelDisconnect) return;
    this.cancelDisconnect = this.cp.hw.after(this.cp.opts.disconnectLogoffMs ?? 15 * 60_000, () => {
      this.cancelDisconnect = null;
      if (!this.terminal) this.cp.destroyVm(this);
    });
  }

  cancelDisconnectTimer(): void {
    this.cancelDisconnect?.();
    this.cancelDisconnect = null;
  }

  // ------------------------------------------------------------------ CP control

  /** Stops the guest and gives the terminal to CP (PA1, #CP, DIAGNOSE X'08' with no command). */
  enterCpMode(): void {
    this.cpMode = true;
    this.cp.dispatcher.remove(this);
    this.terminal?.cpModeChanged();
  }

  /** BEGIN: the guest runs from its current PSW. */
  begin(): void {
    this.cpMode = false;
    this.terminal?.cpModeChanged();
    this.cp.dispatcher.wake(this);
  }

  /** SYSTEM RESET (clear: SYSTEM CLEAR): CPU reset, I/O reset, storage zeroed for CLEAR. */
  systemReset(clear: boolean): void {
    const cpu = this.cpu;
    cpu.reset();
    this.channel.reset();
    if (clear) {
      cpu.storage.clear();
      cpu.initialReset();
    }
    this.guestRead = null;
  }

  /** DEFINE STORAGE: a new storage size; the machine is reset and stays in CP mode. */
  defineStorage(bytes: number): void {
    this.storageSize = bytes;
    this.cp.dispatcher.remove(this);
    this.channel.reset();
    this.guestRead = null;
    this.build();
    this.cpMode = true;
  }

  /** SYSTEM RESTART: restart interruption, then the guest runs. */
  restart(): void {
    this.cpu.wait = false;
    this.cpu.restartInterrupt();
    this.begin();
  }

  /** IPL of a named system: clear storage, load its image and PSW, run. */
  iplNamed(sys: NamedSystem): void {
    this.systemReset(true);
    this.cpu.storage.load(sys.origin, sys.image);
    this.cpu.loadPsw(sys.psw[0], sys.psw[1]);
    this.begin();
  }

  /** IPL from a virtual device (GA22-7000 "Initial Program Loading"). Calls back with an error text or null. */
  iplDevice(devnum: number, done: (error: string | null) => void): void {
    this.systemReset(true);
    this.cp.dispatcher.remove(this);
    const st = this.cpu.storage;
    const started = this.channel.iplRead(devnum, (end) => {
      const { csw } = end;
      if ((csw.unitStatus & ~US_STATUS_MODIFIER) !== US_CE_DE || csw.channelStatus !== 0) return done('IPL I/O ERROR');
      if ((st.read8(1) & 0x08) !== 0) st.write16(0xba, devnum);
      else st.write16(2, devnum);
      this.cpu.loadPsw(st.read32(0), st.read32(4));
      this.begin();
      done(null);
    });
    if (!started) done('NO DEVICE');
  }

  /** The dispatcher's view: the guest wants the CPU. */
  get runnable(): boolean {
    return !this.cpMode && !this.loggedOff;
  }
}
