// The 3215 / 1052 line console (GA22-6889 "3210/3215 Console Printer-Keyboard": Write
// 01, Write with automatic carrier return 09, Read inquiry 0A, Audible alarm 0B, NOP 03,
// Sense 04) on a line-mode terminal session. Input typed while no read is pending is kept
// and raises attention, as Hercules' 1052/3215 does.
import {
  codePage, commandReject, fromEbcdic, SENSE_INTERVENTION_REQUIRED, toEbcdic, US_ATTENTION, US_CE_DE, US_DEVICE_END,
  type CcwRequest, type CcwResult, type CodePage, type Device, type DeviceHost,
} from '../../../cpu370/index.ts';
import type { TerminalSession } from '../tn3270/session.ts';
import { senseCommand, unitCheck } from './sense.ts';

export const CONSOLE_CMD = { WRITE: 0x01, WRITE_ACR: 0x09, READ: 0x0a, ALARM: 0x0b, NOP: 0x03, SENSE: 0x04 } as const;

export interface Console3215Options {
  codepage?: string;
  /** Lines of output kept while nobody is connected, shown to the next user. */
  scrollback?: number;
  /** Hercules terminal group: only clients asking for this name (type@GROUP, CONNECT) get the device. */
  group?: string;
  /** Called once when the device is closed (detach, end of the machine). */
  onClose?: (device: Console3215) => void;
}

const MAX_QUEUED_LINES = 8;

export class Console3215 implements Device {
  readonly kind = 'line' as const;
  private host: DeviceHost | undefined;
  private session: TerminalSession | null = null;
  private readonly senseBytes = new Uint8Array(1);
  private readonly page: CodePage;
  private readonly lines: string[] = [];
  private pending: { ccw: CcwRequest; done: (r: CcwResult) => void } | null = null;
  private readonly history: string[] = [];
  private partial = '';

  constructor(
    readonly devnum: number,
    readonly devtype = 0x3215,
    private readonly opts: Console3215Options = {},
  ) {
    this.page = codePage(opts.codepage ?? 'cp037');
  }

  attach(host: DeviceHost): void {
    this.host = host;
  }

  get bound(): boolean {
    return this.session !== null;
  }

  get group(): string | undefined {
    return this.opts.group;
  }

  bind(session: TerminalSession): void {
    this.session = session;
    session.sendLine(`vm370: console ${this.devnum.toString(16).toUpperCase().padStart(3, '0')} (${this.devtype.toString(16)}) connected`);
    for (const l of this.history) session.sendLine(l);
    if (this.partial) session.sendText(this.partial);
    session.bind({
      line: (text) => this.onLine(text),
      attention: () => this.host?.presentStatus(this, US_ATTENTION),
      closed: () => this.unbind(),
    });
    this.host?.presentStatus(this, US_DEVICE_END);
  }

  private unbind(): void {
    this.session = null;
    this.lines.length = 0;
    const p = this.pending;
    this.pending = null;
    if (p) p.done(unitCheck(this.senseBytes, SENSE_INTERVENTION_REQUIRED, p.ccw));
  }

  private onLine(text: string): void {
    if (this.pending) {
      const p = this.pending;
      this.pending = null;
      p.done(this.transfer(p.ccw, text));
      return;
    }
    if (this.lines.length < MAX_QUEUED_LINES) this.lines.push(text);
    this.host?.presentStatus(this, US_ATTENTION);
  }

  startCcw(ccw: CcwRequest, done: (result: CcwResult) => void): CcwResult | 'pending' {
    switch (ccw.command) {
      case CONSOLE_CMD.WRITE:
      case CONSOLE_CMD.WRITE_ACR: {
        const text = fromEbcdic(ccw.data.subarray(0, ccw.count), this.page).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
        this.output(text, ccw.command === CONSOLE_CMD.WRITE_ACR);
        return { unitStatus: US_CE_DE, residual: 0 };
      }
      case CONSOLE_CMD.READ: {
        if (this.lines.length > 0) return this.transfer(ccw, this.lines.shift()!);
        if (!this.session) return unitCheck(this.senseBytes, SENSE_INTERVENTION_REQUIRED, ccw);
        this.pending = { ccw, done };
        return 'pending';
      }
      case CONSOLE_CMD.ALARM:
        this.session?.sendText('\x07');
        return { unitStatus: US_CE_DE, residual: ccw.count };
      case CONSOLE_CMD.NOP:
        return { unitStatus: US_CE_DE, residual: ccw.count };
      case CONSOLE_CMD.SENSE:
        return senseCommand(this.senseBytes, ccw);
      default:
        return commandReject(this.senseBytes, ccw);
    }
  }

  private output(text: string, carrierReturn: boolean): void {
    this.session?.sendText(carrierReturn ? text + '\r\n' : text);
    if (carrierReturn) {
      this.history.push(this.partial + text);
      this.partial = '';
      const keep = this.opts.scrollback ?? 24;
      while (this.history.length > keep) this.history.shift();
    } else this.partial = (this.partial + text).slice(-256);
  }

  private transfer(ccw: CcwRequest, text: string): CcwResult {
    const bytes = toEbcdic(text, this.page);
    const n = Math.min(bytes.length, ccw.count);
    ccw.data.set(bytes.subarray(0, n));
    return bytes.length > ccw.count ? { unitStatus: US_CE_DE, residual: 0, more: true } : { unitStatus: US_CE_DE, residual: ccw.count - n };
  }

  sense(): Uint8Array {
    return this.senseBytes.slice();
  }

  halt(): void {
    this.pending = null;
  }

  close(): void {
    this.halt();
    this.session?.close();
    this.opts.onClose?.(this);
  }

  describe(): string {
    return `${this.devtype.toString(16)} ${this.session ? this.session.info.peer : 'not connected'}`;
  }
}
