// The System/370 channel subsystem (GA22-7000 ch. 12-13): the I/O instructions with their
// condition codes, the CAW and CSW, pending I/O interruptions and their presentation.
//
// Model: channel 0 is a byte multiplexer, channels 1-15 are block multiplexers; every
// device has its own (nonshared) subchannel and the channel itself is never found
// working (no burst mode), so the states that matter are those of the subchannel and the
// device. Condition codes follow the figure "Condition-Code Settings for I/O States and
// Functions" (GA22-7000-10 p. 13-5), choosing, where it leaves the choice to the channel,
// the block-multiplexer answer:
//
//   state of the addressed device         SIO      TIO      CLRIO    HIO/HDV
//   not attached                          3        3        3        3
//   available                             0 or 1*  0        0        1* (status 0)
//   interruption pending in device (AAI)  1* busy  1*       0        1* (status 0)
//   device working after CE (AAW)         1* busy  1* busy  0        1* (status 0)
//   interruption pending in subchannel    2        1*       1*       0
//   subchannel working                    2        2        1*       1* (status 0)
// (* = CSW or its status portion stored at X'40'). Priority among pending interruptions
// is model-dependent; here it is the order in which they arose, among the channels the
// CPU is enabled for.

import type { Cpu } from '../cpu/cpu.ts';
import type { Storage } from '../storage/storage.ts';
import { LC_CAW, LC_CHANNEL_ID, LC_CSW } from '../arch/lowcore.ts';
import { CS_PCI, CS_PROGRAM_CHECK, US_BUSY, US_CE_DE, US_DEVICE_END, type Device, type DeviceHost } from './device.ts';
import { cawFormatValid, cswWords, emptyCsw, type Csw } from './csw.ts';
import { ChannelProgram, type ProgramEnd, type ProgramHost } from './program.ts';

/** Kinds of pending interruption condition: the end of an operation at the subchannel, a PCI, or status from the device alone. */
export type InterruptKind = 'end' | 'pci' | 'device';

export interface PendingInterrupt {
  readonly devnum: number;
  readonly kind: InterruptKind;
  csw: Csw;
  /** The channel program whose PCI this is. */
  readonly program?: ChannelProgram;
}

interface Subchannel {
  readonly device: Device;
  program: ChannelProgram | null;
  /** Channel end was presented without device end. */
  deviceBusy: boolean;
  /** The program was started by START I/O FAST RELEASE (a CC 1 becomes a deferred CC). */
  fast: boolean;
  /** Receives the end of an IPL channel program instead of an interruption. */
  onEnd: ((end: ProgramEnd) => void) | null;
}

export interface ChannelSubsystemOptions {
  /** Runs a function later (default setImmediate): long channel programs yield to the CPUs. */
  defer?: (fn: () => void) => void;
  /** CCWs executed in one go before a channel program yields (default 4096). */
  maxBurst?: number;
  /** Called whenever an I/O interruption becomes pending (to wake waiting CPUs). */
  onInterrupt?: () => void;
}

/** STIDC channel-ID words (bits 0-3: 0001 byte multiplexer, 0010 block multiplexer). */
const CHANNEL_ID_BYTE_MPX = 0x10000000;
const CHANNEL_ID_BLOCK_MPX = 0x20000000;

export class ChannelSubsystem implements ProgramHost {
  readonly storage: Storage;
  readonly maxBurst: number;
  private readonly subchannels = new Map<number, Subchannel>();
  private readonly queue: PendingInterrupt[] = [];
  private readonly deferFn: (fn: () => void) => void;
  onInterrupt: (() => void) | undefined;

  constructor(storage: Storage, opts: ChannelSubsystemOptions = {}) {
    this.storage = storage;
    this.maxBurst = opts.maxBurst ?? 4096;
    this.deferFn = opts.defer ?? ((fn) => setImmediate(fn));
    this.onInterrupt = opts.onInterrupt;
  }

  // ------------------------------------------------------------------ configuration

  attach(device: Device): void {
    const n = device.devnum;
    if (!Number.isInteger(n) || n < 0 || n > 0xfff) throw new RangeError(`device number ${n} is not 000-FFF`);
    if (this.subchannels.has(n)) throw new Error(`device ${hex3(n)} already exists`);
    this.subchannels.set(n, { device, program: null, deviceBusy: false, fast: false, onEnd: null });
    const host: DeviceHost = { presentStatus: (d, status) => this.presentStatus(d.devnum, status) };
    device.attach?.(host);
  }

  /** Removes a device (its pending interruptions go with it) and returns it; the caller closes it. */
  detach(devnum: number): Device | undefined {
    const sc = this.subchannels.get(devnum);
    if (!sc) return undefined;
    if (sc.program) sc.program.terminate();
    this.subchannels.delete(devnum);
    this.dropPending((p) => p.devnum === devnum);
    return sc.device;
  }

  device(devnum: number): Device | undefined {
    return this.subchannels.get(devnum)?.device;
  }

  devices(): Device[] {
    return [...this.subchannels.values()].map((s) => s.device).sort((a, b) => a.devnum - b.devnum);
  }

  /** One word for `devlist`: idle, working, busy, pending. */
  state(devnum: number): string {
    const sc = this.subchannels.get(devnum);
    if (!sc) return 'absent';
    if (sc.program) return 'working';
    if (this.queue.some((p) => p.devnum === devnum)) return 'pending';
    return sc.deviceBusy ? 'busy' : 'idle';
  }

  pendingInterrupts(): readonly PendingInterrupt[] {
    return this.queue;
  }

  /** I/O-system reset: every operation is ended without status, pending interruptions are cleared. */
  reset(): void {
    for (const sc of this.subchannels.values()) {
      const csw = sc.program ? sc.program.terminate() : null;
      if (!sc.program) sc.device.halt();
      sc.program = null;
      sc.deviceBusy = false;
      const onEnd = sc.onEnd;
      sc.onEnd = null;
      // An IPL still waiting for its device ends without status (it has failed).
      if (onEnd && csw) onEnd({ csw, atInitiation: false, deviceBusy: false });
    }
    this.queue.length = 0;
  }

  // ------------------------------------------------------------------ the CPU side

  /** The hook behind the I/O instructions: returns the condition code. */
  execute(cpu: Cpu, mnemonic: string, address: number): number {
    const a = address & 0xffff;
    let cc: number;
    switch (mnemonic) {
      case 'SIO':
        cc = this.startIo(cpu, a, false);
        break;
      case 'SIOF':
        cc = this.startIo(cpu, a, true);
        break;
      case 'TIO':
        cc = this.testIo(cpu, a);
        break;
      case 'CLRIO':
        cc = this.clearIo(cpu, a);
        break;
      case 'HIO':
      case 'HDV':
        cc = this.haltIo(cpu, a);
        break;
      case 'TCH':
        cc = this.testChannel(a >>> 8);
        break;
      case 'STIDC':
        cc = this.storeChannelId(cpu, a >>> 8);
        break;
      default:
        cc = 3;
    }
    if (this.queue.length !== 0) cpu.brk = true;
    return cc;
  }

  /** Presents the first pending interruption the CPU is enabled for (CSW at X'40', then the I/O old/new PSW swap). */
  takeInterrupt(cpu: Cpu): boolean {
    for (let i = 0; i < this.queue.length; i++) {
      const p = this.queue[i]!;
      if (!cpu.ioEnabled(p.devnum >>> 8)) continue;
      this.queue.splice(i, 1);
      storeCsw(cpu, p.csw);
      cpu.ioInterrupt(p.devnum);
      return true;
    }
    return false;
  }

  /** Whether an interruption is pending for a channel the CPU is enabled for. */
  hasInterruptFor(cpu: Cpu): boolean {
    return this.queue.some((p) => cpu.ioEnabled(p.devnum >>> 8));
  }

  // ------------------------------------------------------------------ instructions

  private startIo(cpu: Cpu, a: number, fast: boolean): number {
    const sc = this.subchannels.get(a);
    if (!sc) return 3;
    if (sc.program) return 2;
    const pending = this.firstPending(a);
    if (pending) {
      if (pending.kind !== 'device') return 2;
      this.remove(pending);
      storeStatus(cpu, pending.csw.unitStatus | US_BUSY, pending.csw.channelStatus);
      return 1;
    }
    if (sc.deviceBusy) {
      storeStatus(cpu, US_BUSY, 0);
      return 1;
    }
    const caw = cpu.realRead32(LC_CAW);
    const key = caw >>> 28;
    if (!cawFormatValid(caw)) {
      const csw: Csw = { key, deferredCc: 0, ccwAddress: ((caw & 0xffffff) + 8) & 0xffffff, unitStatus: 0, channelStatus: CS_PROGRAM_CHECK, count: 0 };
      return this.initiationEnded(cpu, sc, csw, fast);
    }
    return this.run(cpu, sc, key, caw & 0xffffff, fast, null);
  }

  /** Starts a channel program; the IPL path passes `onEnd` and gets the ending instead of an interruption. */
  private run(cpu: Cpu | null, sc: Subchannel, key: number, ccw: number, fast: boolean, onEnd: ((end: ProgramEnd) => void) | null): number {
    const program = new ChannelProgram(this, sc.device, key, ccw);
    sc.program = program;
    sc.fast = fast;
    sc.onEnd = onEnd;
    const r = program.start();
    if (r === 'working') return 0;
    sc.program = null;
    const merged = this.mergePci(program, r.csw);
    if (onEnd) {
      sc.onEnd = null;
      onEnd(r);
      return 0;
    }
    sc.deviceBusy = r.deviceBusy;
    if (r.atInitiation && cpu) return this.initiationEnded(cpu, sc, merged, fast);
    this.enqueue({ devnum: sc.device.devnum, kind: 'end', csw: merged });
    return 0;
  }

  private initiationEnded(cpu: Cpu, sc: Subchannel, csw: Csw, fast: boolean): number {
    if (!fast) {
      storeCsw(cpu, csw);
      return 1;
    }
    this.enqueue({ devnum: sc.device.devnum, kind: 'end', csw: { ...csw, deferredCc: 1 } });
    return 0;
  }

  private testIo(cpu: Cpu, a: number): number {
    const sc = this.subchannels.get(a);
    if (!sc) return 3;
    if (sc.program) return 2;
    const pending = this.firstPending(a);
    if (pending) {
      this.remove(pending);
      storeCsw(cpu, pending.csw);
      return 1;
    }
    if (sc.deviceBusy) {
      storeStatus(cpu, US_BUSY, 0);
      return 1;
    }
    return 0;
  }

  private clearIo(cpu: Cpu, a: number): number {
    const sc = this.subchannels.get(a);
    if (!sc) return 3;
    if (sc.program) {
      const csw = sc.program.terminate();
      sc.program = null;
      const pci = this.queue.find((p) => p.program && p.devnum === a);
      if (pci) this.remove(pci);
      storeCsw(cpu, csw);
      return 1;
    }
    const pending = this.firstPending(a);
    if (pending && pending.kind !== 'device') {
      this.remove(pending);
      storeCsw(cpu, pending.csw);
      return 1;
    }
    return 0;
  }

  private haltIo(cpu: Cpu, a: number): number {
    const sc = this.subchannels.get(a);
    if (!sc) return 3;
    if (sc.program) {
      const program = sc.program;
      const csw = program.terminate();
      sc.program = null;
      const merged = this.mergePci(program, { ...csw, unitStatus: US_CE_DE });
      if (sc.onEnd) {
        const onEnd = sc.onEnd;
        sc.onEnd = null;
        onEnd({ csw: merged, atInitiation: false, deviceBusy: false });
      } else {
        this.enqueue({ devnum: a, kind: 'end', csw: merged });
      }
      storeStatus(cpu, 0, 0);
      return 1;
    }
    const pending = this.firstPending(a);
    if (pending && pending.kind !== 'device') return 0;
    sc.device.halt();
    storeStatus(cpu, 0, 0);
    return 1;
  }

  private testChannel(channel: number): number {
    if (!this.channelExists(channel)) return 3;
    return this.queue.some((p) => p.devnum >>> 8 === channel) ? 1 : 0;
  }

  private storeChannelId(cpu: Cpu, channel: number): number {
    if (!this.channelExists(channel)) return 3;
    cpu.realWrite32(LC_CHANNEL_ID, channel === 0 ? CHANNEL_ID_BYTE_MPX : CHANNEL_ID_BLOCK_MPX);
    return 0;
  }

  private channelExists(channel: number): boolean {
    for (const n of this.subchannels.keys()) if (n >>> 8 === channel) return true;
    return false;
  }

  // ------------------------------------------------------------------ IPL

  /**
   * The IPL channel program (GA22-7000 "Initial Program Loading"): an implied READ of 24
   * bytes at 0 with command chaining and SLI, then the CCWs from location 8, key 0.
   * Calls `onEnd` with the final CSW (now, or later for a device that completes later).
   */
  iplRead(devnum: number, onEnd: (end: ProgramEnd) => void): boolean {
    const sc = this.subchannels.get(devnum);
    if (!sc) return false;
    const m = this.storage;
    m.write32(0, 0x02000000);
    m.write32(4, 0x60000018);
    this.run(null, sc, 0, 0, false, onEnd);
    return true;
  }

  // ------------------------------------------------------------------ ProgramHost

  defer(fn: () => void): void {
    this.deferFn(fn);
  }

  raisePci(program: ChannelProgram, ccwAddress: number): void {
    if (this.queue.some((p) => p.program === program)) return;
    const csw: Csw = { key: program.key, deferredCc: 0, ccwAddress: ccwAddress & 0xffffff, unitStatus: 0, channelStatus: CS_PCI, count: 0 };
    this.enqueue({ devnum: program.device.devnum, kind: 'pci', csw, program });
  }

  ended(program: ChannelProgram, end: ProgramEnd): void {
    const sc = this.subchannels.get(program.device.devnum);
    if (!sc || sc.program !== program) return;
    sc.program = null;
    const csw = this.mergePci(program, end.csw);
    if (sc.onEnd) {
      const onEnd = sc.onEnd;
      sc.onEnd = null;
      onEnd({ ...end, csw });
      return;
    }
    sc.deviceBusy = end.deviceBusy;
    if (end.atInitiation && sc.fast) csw.deferredCc = 1;
    this.enqueue({ devnum: sc.device.devnum, kind: 'end', csw });
  }

  // ------------------------------------------------------------------ status from devices

  /** Unsolicited status (attention, device end after channel end or after becoming ready). */
  presentStatus(devnum: number, unitStatus: number): void {
    const sc = this.subchannels.get(devnum);
    if (!sc) return;
    if ((unitStatus & US_DEVICE_END) !== 0) sc.deviceBusy = false;
    this.enqueue({ devnum, kind: 'device', csw: { ...emptyCsw(), unitStatus: unitStatus & 0xff } });
  }

  // ------------------------------------------------------------------ queue

  /** A PCI still pending when its program ends is cleared and shown in the final CSW. */
  private mergePci(program: ChannelProgram, csw: Csw): Csw {
    const i = this.queue.findIndex((p) => p.program === program);
    if (i < 0) return csw;
    this.queue.splice(i, 1);
    return { ...csw, channelStatus: csw.channelStatus | CS_PCI };
  }

  private enqueue(p: PendingInterrupt): void {
    this.queue.push(p);
    this.onInterrupt?.();
  }

  private firstPending(devnum: number): PendingInterrupt | undefined {
    return this.queue.find((p) => p.devnum === devnum);
  }

  private remove(p: PendingInterrupt): void {
    const i = this.queue.indexOf(p);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private dropPending(pred: (p: PendingInterrupt) => boolean): void {
    for (let i = this.queue.length - 1; i >= 0; i--) if (pred(this.queue[i]!)) this.queue.splice(i, 1);
  }
}

function storeCsw(cpu: Cpu, csw: Csw): void {
  const [hi, lo] = cswWords(csw);
  cpu.realWrite32(LC_CSW, hi);
  cpu.realWrite32(LC_CSW + 4, lo);
}

/** Stores only the status portion of the CSW (bytes 4-5), leaving the rest as it was. */
function storeStatus(cpu: Cpu, unitStatus: number, channelStatus: number): void {
  cpu.realWrite16(LC_CSW + 4, ((unitStatus & 0xff) << 8) | (channelStatus & 0xff));
}

function hex3(n: number): string {
  return n.toString(16).toUpperCase().padStart(3, '0');
}
