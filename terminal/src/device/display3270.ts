// A channel-attached 3277/3278/3279 display (local 3274 attachment) on the device
// contract. Channel commands are turned into remote-form streams for the terminal
// session (as Hercules' loc3270_execute_ccw does); an AID from the operator raises
// attention and the program's Read Modified gets the inbound record.
import {
  commandReject, SENSE_EQUIPMENT_CHECK, SENSE_INTERVENTION_REQUIRED, US_ATTENTION, US_CE_DE, US_DEVICE_END, US_UNIT_CHECK,
  type CcwRequest, type CcwResult, type Device, type DeviceHost,
} from '../../../cpu370/index.ts';
import { CCW_CMD, CCW_SELECTS, CMD } from '../ds3270/constants.ts';
import { ScreenModel } from '../ds3270/screen.ts';
import type { TerminalSession } from '../tn3270/session.ts';
import { logoScreen } from './logo.ts';
import { senseCommand, unitCheck } from './sense.ts';

export interface Display3270Options {
  /** Milliseconds to wait for the terminal's answer to a Read Buffer / Read Modified. */
  readTimeoutMs?: number;
  /** Hercules terminal group: only clients asking for this name (type@GROUP, CONNECT) get the device. */
  group?: string;
  /** Called once when the device is closed (detach, end of the machine). */
  onClose?: (device: Display3270) => void;
}

interface PendingRead {
  remote: number;
  ccw: CcwRequest;
  done: (r: CcwResult) => void;
  timer: ReturnType<typeof setTimeout>;
}

const WRITE_COMMANDS = new Map<number, number>([
  [CCW_CMD.W, CMD.W],
  [CCW_CMD.EW, CMD.EW],
  [CCW_CMD.EWA, CMD.EWA],
  [CCW_CMD.EAU, CMD.EAU],
  [CCW_CMD.WSF, CMD.WSF],
]);

const READ_COMMANDS = new Map<number, number>([
  [CCW_CMD.RB, CMD.RB],
  [CCW_CMD.RM, CMD.RM],
  [CCW_CMD.RMA, CMD.RMA],
]);

const SENSE_OPERATION_CHECK = 0x01;

/** Sense ID: control unit 3274-1D, device 3278-2 (what Hercules answers). */
const SENSE_ID = [0xff, 0x32, 0x74, 0x1d, 0x32, 0x78, 0x02];

export class Display3270 implements Device {
  readonly devtype = 0x3270;
  readonly kind = '3270' as const;
  private host: DeviceHost | undefined;
  private session: TerminalSession | null = null;
  private readonly senseBytes = new Uint8Array(1);
  private inbound: Uint8Array | null = null;
  private pending: PendingRead | null = null;
  /** What the program has written, kept to redraw the screen after a reconnect. */
  private mirror: ScreenModel | null = null;

  constructor(
    readonly devnum: number,
    private readonly opts: Display3270Options = {},
  ) {}

  attach(host: DeviceHost): void {
    this.host = host;
  }

  get bound(): boolean {
    return this.session !== null;
  }

  get group(): string | undefined {
    return this.opts.group;
  }

  get connectedSession(): TerminalSession | null {
    return this.session;
  }

  /** The screen as the program wrote it (and the operator modified it), if any. */
  get screen(): ScreenModel | null {
    return this.mirror;
  }

  /** Connects a 3270 terminal session: it gets the program's screen (or a logo) at once. */
  bind(session: TerminalSession): void {
    this.session = session;
    const model = session.info.model!;
    const old = this.mirror;
    const sameSize = old !== null && old.model.alternate.rows === model.alternate.rows && old.model.alternate.cols === model.alternate.cols;
    if (old && sameSize && old.generation > 0) {
      old.lock = null;
      session.sendRecord(old.redrawStream());
    } else {
      this.mirror = new ScreenModel(model);
      session.sendRecord(logoScreen(this.devnum, session));
    }
    session.bind({
      record: (data) => this.onInbound(data),
      closed: () => this.unbind(),
    });
    this.host?.presentStatus(this, US_DEVICE_END);
  }

  private unbind(): void {
    this.session = null;
    this.inbound = null;
    this.finishRead(null);
  }

  private onInbound(data: Uint8Array): void {
    if (this.pending?.remote !== CMD.RB) this.mirror?.applyInbound(data);
    if (this.pending) {
      this.finishRead(data);
      return;
    }
    this.inbound = data;
    this.host?.presentStatus(this, US_ATTENTION);
  }

  startCcw(ccw: CcwRequest, done: (result: CcwResult) => void): CcwResult | 'pending' {
    const cmd = ccw.command;
    const write = WRITE_COMMANDS.get(cmd);
    if (write !== undefined) return this.write(ccw, write);
    const read = READ_COMMANDS.get(cmd);
    if (read !== undefined) return this.read(ccw, read, done);
    if (cmd === CCW_CMD.NOP || CCW_SELECTS.includes(cmd)) return { unitStatus: US_CE_DE, residual: ccw.count };
    if (cmd === CCW_CMD.SENSE) return senseCommand(this.senseBytes, ccw);
    if (cmd === CCW_CMD.SENSE_ID) {
      const n = Math.min(ccw.count, SENSE_ID.length);
      ccw.data.set(SENSE_ID.slice(0, n));
      return { unitStatus: US_CE_DE, residual: ccw.count - n };
    }
    return commandReject(this.senseBytes, ccw);
  }

  private write(ccw: CcwRequest, remote: number): CcwResult {
    const session = this.session;
    if (!session) return unitCheck(this.senseBytes, SENSE_INTERVENTION_REQUIRED, ccw);
    if (remote === CMD.WSF && !session.info.model?.extended) return commandReject(this.senseBytes, ccw);
    const dataLen = remote === CMD.EAU ? 0 : Math.min(ccw.count, ccw.data.length);
    const stream = new Uint8Array(dataLen + 1);
    stream[0] = remote;
    stream.set(ccw.data.subarray(0, dataLen), 1);
    const result = this.mirror?.apply(stream);
    this.inbound = null;
    session.sendRecord(stream);
    if (result && 'error' in result && result.error) {
      // GA23-0059 sense: operation check, an invalid buffer address or an incomplete order.
      this.senseBytes.fill(0);
      this.senseBytes[0] = SENSE_OPERATION_CHECK;
      return { unitStatus: US_CE_DE | US_UNIT_CHECK, residual: 0 };
    }
    return { unitStatus: US_CE_DE, residual: remote === CMD.EAU ? ccw.count : 0 };
  }

  private read(ccw: CcwRequest, remote: number, done: (r: CcwResult) => void): CcwResult | 'pending' {
    if (remote !== CMD.RB && this.inbound) {
      const data = this.inbound;
      this.inbound = null;
      return transfer(ccw, data);
    }
    const session = this.session;
    if (!session) return unitCheck(this.senseBytes, SENSE_INTERVENTION_REQUIRED, ccw);
    const timer = setTimeout(() => this.finishRead(null, SENSE_EQUIPMENT_CHECK), this.opts.readTimeoutMs ?? 5000);
    this.pending = { remote, ccw, done, timer };
    session.sendRecord(Uint8Array.of(remote));
    return 'pending';
  }

  private finishRead(data: Uint8Array | null, sense = SENSE_INTERVENTION_REQUIRED): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    p.done(data ? transfer(p.ccw, data) : unitCheck(this.senseBytes, sense, p.ccw));
  }

  sense(): Uint8Array {
    return this.senseBytes.slice();
  }

  halt(): void {
    const p = this.pending;
    if (p) clearTimeout(p.timer);
    this.pending = null;
  }

  close(): void {
    this.halt();
    this.session?.close();
    this.opts.onClose?.(this);
  }

  describe(): string {
    const s = this.session;
    return `3270 ${s ? `${s.info.terminalType} ${s.info.peer}` : 'not connected'}`;
  }
}

function transfer(ccw: CcwRequest, data: Uint8Array): CcwResult {
  const n = Math.min(ccw.count, data.length, ccw.data.length);
  ccw.data.set(data.subarray(0, n));
  return data.length > ccw.count
    ? { unitStatus: US_CE_DE, residual: 0, more: true }
    : { unitStatus: US_CE_DE, residual: ccw.count - n };
}
