// Execution of one channel program at a subchannel (GA22-7000 ch. 13, "Chaining",
// "Transfer in Channel", "Skipping", "Program-Controlled Interruption", "Channel Status").
//
// Data chaining is performed by the channel: the CCWs of one data chain are fetched
// together and the device sees one command with the summed count; the data are
// scattered to (or gathered from) the areas of the individual CCWs, and the CSW names the
// CCW at which the transfer ended. TIC may sit inside a data chain.

import {
  CCW_CC,
  CCW_CD,
  CCW_PCI,
  CCW_SKIP,
  CCW_SLI,
  commandKind,
  CS_INCORRECT_LENGTH,
  CS_INTERFACE_CONTROL_CHECK,
  CS_PROGRAM_CHECK,
  SENSE_COMMAND_REJECT,
  SENSE_INTERVENTION_REQUIRED,
  US_BUSY,
  US_CE_DE,
  US_CHANNEL_END,
  US_DEVICE_END,
  US_STATUS_MODIFIER,
  US_UNIT_CHECK,
  type CcwRequest,
  type CcwResult,
  type Device,
} from './device.ts';
import { decodeCcw, type Ccw, type Csw } from './csw.ts';
import { accessCheck, fetchByte, storeByte } from './transfer.ts';
import type { Storage } from '../storage/storage.ts';

/** How a channel program ended. */
export interface ProgramEnd {
  csw: Csw;
  /**
   * The first command ended at initial selection (an immediate command, busy, command reject
   * or intervention required, or a check before the device was started): START I/O sets CC 1.
   */
  atInitiation: boolean;
  /** Channel end without device end: the device stays busy until it presents device end. */
  deviceBusy: boolean;
}

export interface ProgramHost {
  readonly storage: Storage;
  /** Runs `fn` later, after the CPUs had a turn (used after `maxBurst` CCWs in one go). */
  defer(fn: () => void): void;
  readonly maxBurst: number;
  /** A CCW with the PCI flag was fetched: queue an intermediate interruption. */
  raisePci(program: ChannelProgram, ccwAddress: number): void;
  /** The program ended after it had returned 'working'. */
  ended(program: ChannelProgram, end: ProgramEnd): void;
}

/** Flag bits 37-39 of a format-0 CCW: IDA and two bits that must be zero (no IDA on these channels). */
const CCW_MUST_BE_ZERO = 0x07;

interface Fetched {
  segs: Ccw[];
  /** A check found while fetching the data chain after the last good segment. */
  segError?: { status: number; at: number };
}

interface Pending {
  segs: Ccw[];
  segError?: { status: number; at: number };
  input: boolean;
  kind: ReturnType<typeof commandKind>;
  count: number;
  total: number;
  data: Uint8Array;
  /** Bytes the channel could fetch for output before an access error (total when none). */
  limit: number;
  accessError: number;
}

export class ChannelProgram {
  readonly device: Device;
  readonly key: number;
  /** Address of the next CCW to fetch. */
  private next: number;
  /** Address of the last CCW used (the CSW shows it + 8). */
  private lastAt: number;
  private lastResidual = 0;
  private sequence = 0;
  private prevCommand = 0;
  private chained = false;
  private commandsDone = 0;
  private token = 0;
  ended = false;

  constructor(
    private readonly host: ProgramHost,
    device: Device,
    key: number,
    firstCcw: number,
  ) {
    this.device = device;
    this.key = key;
    this.next = firstCcw;
    this.lastAt = firstCcw - 8;
  }

  /** Runs until the program ends (returns how) or must wait for the device or a deferral ('working'). */
  start(): ProgramEnd | 'working' {
    return this.advance();
  }

  /** HIO/HDV/CLRIO/reset: the program stops where it is; the CSW fields for the current CCW. */
  terminate(): Csw {
    this.ended = true;
    this.token++;
    this.device.halt();
    return { key: this.key, deferredCc: 0, ccwAddress: (this.lastAt + 8) & 0xffffff, unitStatus: 0, channelStatus: 0, count: this.lastResidual };
  }

  private endWith(unitStatus: number, channelStatus: number, at: number, count: number, atInitiation: boolean): ProgramEnd {
    this.ended = true;
    const deviceBusy = (unitStatus & US_CHANNEL_END) !== 0 && (unitStatus & (US_DEVICE_END | US_BUSY)) === 0;
    return {
      csw: { key: this.key, deferredCc: 0, ccwAddress: (at + 8) & 0xffffff, unitStatus, channelStatus, count },
      atInitiation,
      deviceBusy,
    };
  }

  private resume(): void {
    if (this.ended) return;
    const r = this.advance();
    if (r !== 'working') this.host.ended(this, r);
  }

  private advance(): ProgramEnd | 'working' {
    let burst = 0;
    for (;;) {
      if (++burst > this.host.maxBurst) {
        const t = this.token;
        this.host.defer(() => {
          if (t === this.token) this.resume();
        });
        return 'working';
      }
      const f = this.fetchCommand();
      if ('status' in f) return this.endWith(0, f.status, f.at, f.count ?? 0, this.commandsDone === 0);
      const r = this.execute(f);
      if (r !== 'continue') return r;
    }
  }

  private fetchCcw(at: number): Ccw | { status: number; at: number } {
    for (let i = 0; i < 8; i++) {
      const s = accessCheck(this.host.storage, at + i, this.key, false);
      if (s !== 0) return { status: s, at };
    }
    const st = this.host.storage;
    const b = (i: number) => fetchByte(st, at + i);
    const w0 = ((b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)) >>> 0;
    const w1 = ((b(4) << 24) | (b(5) << 16) | (b(6) << 8) | b(7)) >>> 0;
    return decodeCcw(at, w0, w1);
  }

  /** Fetches the CCW at `at`, following one TIC (TIC to TIC and a TIC to an unaligned address are program checks). */
  private fetchFollowingTic(at: number): Ccw | { status: number; at: number } {
    const c = this.fetchCcw(at);
    if ('status' in c || commandKind(c.command) !== 'tic') return c;
    if ((c.address & 7) !== 0) return { status: CS_PROGRAM_CHECK, at };
    const t = this.fetchCcw(c.address);
    if ('status' in t) return { status: t.status, at };
    if (commandKind(t.command) === 'tic') return { status: CS_PROGRAM_CHECK, at: t.at };
    return t;
  }

  /** The next command's CCWs, or the check that ends the program (with the count of an invalid CCW, as Hercules shows it). */
  private fetchCommand(): Fetched | { status: number; at: number; count?: number } {
    const first = this.fetchFollowingTic(this.next);
    if ('status' in first) return first;
    this.lastAt = first.at;
    if ((first.flags & CCW_MUST_BE_ZERO) !== 0 || first.count === 0 || commandKind(first.command) === 'invalid') {
      return { status: CS_PROGRAM_CHECK, at: first.at, count: first.count };
    }
    if ((first.flags & CCW_PCI) !== 0) this.host.raisePci(this, first.at + 8);
    const segs = [first];
    let last = first;
    while ((last.flags & CCW_CD) !== 0) {
      const c = this.fetchFollowingTic(last.at + 8);
      if ('status' in c) return { segs, segError: c };
      if ((c.flags & CCW_MUST_BE_ZERO) !== 0 || c.count === 0) return { segs, segError: { status: CS_PROGRAM_CHECK, at: c.at } };
      if ((c.flags & CCW_PCI) !== 0) this.host.raisePci(this, c.at + 8);
      segs.push(c);
      last = c;
    }
    return { segs };
  }

  /** Absolute address of byte `off` of a data chain (read backward goes down from each CCW's address). */
  private static addressOf(segs: Ccw[], off: number, backward: boolean): { abs: number; seg: Ccw } {
    let o = off;
    for (const s of segs) {
      // No wrap-around: an address beyond X'FFFFFF' (or below 0 going backward) is invalid.
      if (o < s.count) return { abs: backward ? s.address - o : s.address + o, seg: s };
      o -= s.count;
    }
    const s = segs[segs.length - 1]!;
    return { abs: s.address, seg: s };
  }

  private execute(f: Fetched): ProgramEnd | 'continue' | 'working' {
    const { segs } = f;
    const first = segs[0]!;
    const kind = commandKind(first.command);
    const input = kind === 'read' || kind === 'read-backward' || kind === 'sense';
    const backward = kind === 'read-backward';
    let total = 0;
    for (const s of segs) total += s.count;
    const data = new Uint8Array(total);
    let limit = total;
    let accessError = 0;
    if (!input) {
      const st = this.host.storage;
      for (let off = 0; off < total; off++) {
        const { abs } = ChannelProgram.addressOf(segs, off, false);
        const chk = accessCheck(st, abs, this.key, false);
        if (chk !== 0) {
          limit = off;
          accessError = chk;
          break;
        }
        data[off] = fetchByte(st, abs);
      }
      if (kind === 'write' && accessError !== 0 && limit === 0) {
        this.commandsDone++;
        return this.endWith(0, accessError, first.at, first.count, this.commandsDone === 1);
      }
    }
    const count = kind === 'write' && accessError !== 0 ? limit : total;
    const p: Pending = { segs, segError: f.segError, input, kind, count, total, data: count === total ? data : data.subarray(0, count), limit, accessError };
    const req: CcwRequest = {
      command: first.command,
      flags: first.flags & ~CCW_CD,
      count,
      data: p.data,
      chained: this.chained,
      prevCommand: this.prevCommand,
      sequence: this.sequence,
    };
    const token = ++this.token;
    let early: CcwResult | undefined;
    let starting = true;
    const done = (res: CcwResult) => {
      if (token !== this.token || this.ended) return;
      if (starting) {
        early = res;
        return;
      }
      const r = this.complete(p, res, backward);
      if (r === 'continue') this.resume();
      else this.host.ended(this, r);
    };
    let res: CcwResult | 'pending';
    try {
      res = this.device.startCcw(req, done);
    } catch {
      // A device that fails in the host (a bug, not an architected condition) shows as an
      // interface-control check, so the program sees an I/O error instead of the machine stopping.
      this.token++;
      this.commandsDone++;
      return this.endWith(0, CS_INTERFACE_CONTROL_CHECK, first.at, first.count, this.commandsDone === 1);
    } finally {
      starting = false;
    }
    if (res === 'pending') {
      if (!early) return 'working';
      res = early;
    }
    return this.complete(p, res, backward);
  }

  private complete(p: Pending, res: CcwResult, backward: boolean): ProgramEnd | 'continue' {
    const { segs } = p;
    let transferred = Math.max(0, Math.min(p.count, p.count - (res.residual | 0)));
    let chan = 0;
    if (p.input) {
      const st = this.host.storage;
      for (let off = 0; off < transferred; off++) {
        const { abs, seg } = ChannelProgram.addressOf(segs, off, backward);
        if ((seg.flags & CCW_SKIP) !== 0) continue;
        const chk = accessCheck(st, abs, this.key, true);
        if (chk !== 0) {
          chan |= chk;
          transferred = off;
          break;
        }
        storeByte(st, abs, p.data[off]!);
      }
    } else if (p.accessError !== 0 && (p.kind === 'write' || transferred > p.limit)) {
      chan |= p.accessError;
      transferred = Math.min(transferred, p.limit);
    }
    // The CCW at which the transfer ended, and its residual count.
    let i = 0;
    let before = 0;
    while (i < segs.length - 1 && transferred >= before + segs[i]!.count) {
      before += segs[i]!.count;
      i++;
    }
    const seg = segs[i]!;
    let residual = Math.max(0, before + seg.count - transferred);
    let at = seg.at;
    const unit = res.unitStatus & 0xff;
    if (chan === 0 && p.segError && transferred >= p.total) {
      chan |= p.segError.status;
      at = p.segError.at;
      residual = 0;
    }
    // An immediate operation (a control command that transferred nothing) never shows incorrect length.
    if (chan === 0 && !(p.kind === 'control' && transferred === 0)) {
      const lastSeg = i === segs.length - 1;
      const longer = (res.more ?? false) && lastSeg && residual === 0;
      if ((residual !== 0 || longer) && ((seg.flags & CCW_CD) !== 0 || (seg.flags & CCW_SLI) === 0)) chan |= CS_INCORRECT_LENGTH;
    }
    this.lastAt = at;
    this.lastResidual = residual;
    this.commandsDone++;
    this.sequence++;
    this.prevCommand = segs[0]!.command;
    const lastFlags = segs[segs.length - 1]!.flags;
    if (chan === 0 && !p.segError && (unit & ~US_STATUS_MODIFIER) === US_CE_DE && (lastFlags & CCW_CC) !== 0) {
      this.next = (segs[segs.length - 1]!.at + ((unit & US_STATUS_MODIFIER) !== 0 ? 16 : 8)) & 0xffffff;
      this.chained = true;
      return 'continue';
    }
    // Status at initial selection makes START I/O set CC 1: an immediate command, busy, or a
    // unit check for a command the device did not accept (command reject, intervention required).
    const rejected = (unit & US_UNIT_CHECK) !== 0 && transferred === 0 && (this.device.sense()[0]! & (SENSE_COMMAND_REJECT | SENSE_INTERVENTION_REQUIRED)) !== 0;
    const initial = this.commandsDone === 1 && (p.kind === 'control' || (unit & US_BUSY) !== 0 || rejected);
    return this.endWith(unit, chan, at, residual, initial);
  }

}
