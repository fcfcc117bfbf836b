// One client connection on the server: telnet negotiation (TN3270E first, then TN3270 by
// TTYPE, else line mode), then the session it becomes. The transport is anything that can
// write bytes and close, so tests and the fuzzer can feed bytes straight in.
import { parseTerminalType, type ParsedTerminalType } from '../ds3270/models.ts';
import { parseUsableArea, READ_PARTITION_QUERY } from '../ds3270/query.ts';
import { SessionBase, newSessionId, type SessionInfo, type SessionProtocol } from './session.ts';
import {
  ascii, BRK, DO, DONT, EC, EL, EOR, frameRecord, IAC, IP, OPT, subnegotiation, TelnetParser, TTYPE_IS, TTYPE_SEND, WILL, WONT,
  escapeIac, type OptionVerb,
} from './telnet.ts';
import { SUPPORTED_FUNCTIONS, TN3270E_DATA, TN3270E_OP, TN3270E_REASON } from './tn3270e.ts';

export interface Transport {
  write(bytes: Uint8Array): void;
  close(): void;
}

export interface ConnectionOptions {
  /** Milliseconds to wait for a client to negotiate before treating it as line mode. */
  negotiationTimeoutMs: number;
  /** Largest inbound record or line accepted; a longer one closes the connection. */
  maxRecord: number;
  peer: string;
  /** Called once when the connection has become a session. */
  onSession(session: ConnectionSession): void;
  log?(message: string): void;
}

type Phase = 'negotiating' | '3270' | 'line' | 'closed';

const MAX_TTYPE_TRIES = 4;
const MAX_LINE = 1024;
const MAX_PREMATURE = 4096;

export class ConnectionSession extends SessionBase {
  private phase: Phase = 'negotiating';
  private readonly parser: TelnetParser;
  private readonly sentDo = new Set<number>();
  private readonly sentWill = new Set<number>();
  private readonly remoteOn = new Set<number>();
  private readonly localOn = new Set<number>();
  private readonly refused = new Set<string>();
  private ttype: ParsedTerminalType | undefined;
  private ttypeTries = 0;
  private firstTtype = '';
  private tn3270e = false;
  private tn3270eDevice: ParsedTerminalType | undefined;
  private luName: string | undefined;
  private record: number[] = [];
  private premature: number[] = [];
  private line: number[] = [];
  private lastWasCr = false;
  private echo = false;
  private hidden = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private infoValue: SessionInfo | undefined;
  /** IBM-DYNAMIC: waiting for the Query Reply that gives the size. */
  private querying: { protocol: SessionProtocol; t: ParsedTerminalType; lu: string | undefined } | undefined;
  readonly id = newSessionId();

  constructor(
    private readonly transport: Transport,
    private readonly opts: ConnectionOptions,
  ) {
    super();
    this.parser = new TelnetParser({
      data: (b) => this.onData(b),
      command: (c) => this.onCommand(c),
      option: (v, o) => this.onOption(v, o),
      sub: (o, d) => this.onSub(o, d),
    });
  }

  get info(): SessionInfo {
    if (!this.infoValue) throw new Error('session not negotiated yet');
    return this.infoValue;
  }

  get state(): Phase {
    return this.phase;
  }

  start(): void {
    this.sendDo(OPT.TN3270E);
    this.timer = setTimeout(() => {
      if (this.phase === 'negotiating') this.enterLineMode('raw');
    }, this.opts.negotiationTimeoutMs);
  }

  /** Bytes from the client. Never throws: anything unexpected is ignored or closes the connection. */
  feed(bytes: Uint8Array): void {
    if (this.phase === 'closed') return;
    try {
      this.parser.feed(bytes);
    } catch (e) {
      this.opts.log?.(`session ${this.id}: internal error ${(e as Error).message}; closing`);
      this.close();
    }
  }

  // ---- output ----

  private raw(bytes: readonly number[] | Uint8Array): void {
    if (this.phase === 'closed') return;
    this.transport.write(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  }

  private sendDo(opt: number): void {
    this.sentDo.add(opt);
    this.raw([IAC, DO, opt]);
  }

  private sendWill(opt: number): void {
    this.sentWill.add(opt);
    this.raw([IAC, WILL, opt]);
  }

  sendRecord(stream: Uint8Array): void {
    if (this.phase !== '3270') return;
    if (this.tn3270e) {
      const withHeader = new Uint8Array(stream.length + 5);
      withHeader.set(stream, 5);
      this.raw(frameRecord(withHeader));
    } else this.raw(frameRecord(stream));
  }

  sendText(text: string): void {
    if (this.phase !== 'line') return;
    this.raw(escapeIac(new TextEncoder().encode(text.replace(/\r?\n/g, '\r\n'))));
  }

  sendLine(text: string): void {
    this.sendText(text + '\r\n');
  }

  // The server echoes (WILL ECHO, RFC 857), so the client shows nothing it does not get
  // back: leaving the echo out hides a password. A client that refused our echo (or nc,
  // which never negotiates) echoes locally and cannot be told not to.
  override hideInput(hidden: boolean): void {
    this.hidden = hidden;
  }

  close(reason?: string): void {
    if (this.phase === 'closed') return;
    if (reason && this.phase === 'line') this.sendLine(reason);
    if (reason) this.opts.log?.(`session ${this.id}: ${reason}`);
    this.phase = 'closed';
    clearTimeout(this.timer);
    this.transport.close();
    this.markClosed();
  }

  /** The transport went away. */
  transportClosed(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    clearTimeout(this.timer);
    this.markClosed();
  }

  // ---- negotiation ----

  private onOption(verb: OptionVerb, opt: number): void {
    const key = `${verb}:${opt}`;
    if (verb === WILL) {
      if (this.sentDo.has(opt)) {
        if (this.remoteOn.has(opt)) return;
        this.remoteOn.add(opt);
        if (opt === OPT.TN3270E && this.phase === 'negotiating') {
          this.raw(subnegotiation(OPT.TN3270E, [TN3270E_OP.SEND, TN3270E_OP.DEVICE_TYPE]));
        } else if (opt === OPT.TTYPE && this.phase === 'negotiating') {
          this.raw(subnegotiation(OPT.TTYPE, [TTYPE_SEND]));
        }
        this.check3270();
      } else if (!this.refused.has(key)) {
        this.refused.add(key);
        this.raw([IAC, DONT, opt]);
      }
    } else if (verb === DO) {
      if (this.sentWill.has(opt)) {
        if (this.localOn.has(opt)) return;
        this.localOn.add(opt);
        if (opt === OPT.ECHO) this.echo = true;
        this.check3270();
      } else if (!this.refused.has(key)) {
        this.refused.add(key);
        this.raw([IAC, WONT, opt]);
      }
    } else if (verb === WONT) {
      const wasOn = this.remoteOn.delete(opt);
      const asked = this.sentDo.delete(opt);
      if (wasOn) this.raw([IAC, DONT, opt]);
      if (this.phase === 'negotiating' && asked) {
        // No TN3270E: try TN3270 by terminal type. No TTYPE, BINARY or EOR: line mode.
        if (opt === OPT.TN3270E) this.sendDo(OPT.TTYPE);
        else this.enterLineMode('telnet');
      } else if (this.phase === '3270' && !this.tn3270e && (opt === OPT.BINARY || opt === OPT.EOR)) {
        this.close('client left 3270 mode');
      }
    } else if (verb === DONT) {
      const wasOn = this.localOn.delete(opt);
      const offered = this.sentWill.delete(opt);
      if (wasOn) this.raw([IAC, WONT, opt]);
      if (opt === OPT.ECHO) this.echo = false;
      if (this.phase === 'negotiating' && offered && (opt === OPT.BINARY || opt === OPT.EOR)) this.enterLineMode('telnet');
      else if (this.phase === '3270' && !this.tn3270e && (opt === OPT.BINARY || opt === OPT.EOR)) this.close('client left 3270 mode');
    }
  }

  private onSub(opt: number, data: Uint8Array): void {
    if (this.phase !== 'negotiating') return;
    if (opt === OPT.TTYPE && data[0] === TTYPE_IS && this.remoteOn.has(OPT.TTYPE)) this.onTerminalType(asciiString(data.subarray(1)));
    else if (opt === OPT.TN3270E && this.remoteOn.has(OPT.TN3270E)) this.onTn3270e(data);
  }

  private onTerminalType(name: string): void {
    const parsed = parseTerminalType(name);
    if (parsed) {
      this.ttype = parsed;
      for (const o of [OPT.EOR, OPT.BINARY]) {
        this.sendDo(o);
        this.sendWill(o);
      }
      return;
    }
    if (!name.toUpperCase().startsWith('IBM-')) {
      this.enterLineMode('telnet');
      return;
    }
    // RFC 1091: each SEND asks for the client's next type; a repeat means the list ended.
    if (this.ttypeTries === 0) this.firstTtype = name;
    else if (name === this.firstTtype || this.ttypeTries >= MAX_TTYPE_TRIES) {
      this.enterLineMode('telnet');
      return;
    }
    this.ttypeTries++;
    this.raw(subnegotiation(OPT.TTYPE, [TTYPE_SEND]));
  }

  private onTn3270e(d: Uint8Array): void {
    const op = d[0], sub = d[1];
    if (op === TN3270E_OP.DEVICE_TYPE && sub === TN3270E_OP.REQUEST) {
      let sep = 2;
      while (sep < d.length && d[sep]! >= 0x20) sep++;
      const typeName = asciiString(d.subarray(2, sep));
      const lu = d[sep] === TN3270E_OP.CONNECT ? asciiString(d.subarray(sep + 1)) : undefined;
      const parsed = parseTerminalType(typeName);
      if (!parsed || (sep < d.length && d[sep] !== TN3270E_OP.CONNECT)) {
        const reason = parsed ? TN3270E_REASON.UNSUPPORTED_REQ : TN3270E_REASON.INV_DEVICE_TYPE;
        this.raw(subnegotiation(OPT.TN3270E, [TN3270E_OP.DEVICE_TYPE, TN3270E_OP.REJECT, TN3270E_OP.REASON, reason]));
        return;
      }
      this.tn3270eDevice = lu ? { ...parsed, lu } : parsed;
      this.luName = (lu && /^[A-Za-z0-9@#$]{1,8}$/.test(lu) ? lu : `VM${String(this.id).padStart(6, '0')}`).toUpperCase();
      this.raw(
        subnegotiation(OPT.TN3270E, [TN3270E_OP.DEVICE_TYPE, TN3270E_OP.IS, ...ascii(typeName), TN3270E_OP.CONNECT, ...ascii(this.luName)]),
      );
    } else if (op === TN3270E_OP.FUNCTIONS && this.tn3270eDevice) {
      const wanted = Array.from(d.subarray(2));
      const agreed = wanted.filter((f) => SUPPORTED_FUNCTIONS.includes(f));
      if (sub === TN3270E_OP.REQUEST) {
        if (agreed.length === wanted.length) {
          this.raw(subnegotiation(OPT.TN3270E, [TN3270E_OP.FUNCTIONS, TN3270E_OP.IS, ...agreed]));
          this.tn3270eReady();
        } else {
          this.raw(subnegotiation(OPT.TN3270E, [TN3270E_OP.FUNCTIONS, TN3270E_OP.REQUEST, ...agreed]));
        }
      } else if (sub === TN3270E_OP.IS && agreed.length === wanted.length) {
        this.tn3270eReady();
      }
    }
  }

  private tn3270eReady(): void {
    const t = this.tn3270eDevice!;
    this.tn3270e = true;
    this.become3270('tn3270e', t, t.lu);
  }

  private check3270(): void {
    if (this.phase !== 'negotiating' || !this.ttype) return;
    const both = (o: number): boolean => this.remoteOn.has(o) && this.localOn.has(o);
    if (both(OPT.BINARY) && both(OPT.EOR)) this.become3270('tn3270', this.ttype, this.ttype.lu);
  }

  private become3270(protocol: SessionProtocol, t: ParsedTerminalType, lu: string | undefined): void {
    clearTimeout(this.timer);
    this.phase = '3270';
    this.premature = [];
    if (t.name === 'IBM-DYNAMIC') {
      // The size is whatever the terminal says in its Usable Area query reply.
      this.querying = { protocol, t, lu };
      this.sendRecord(Uint8Array.from(READ_PARTITION_QUERY));
      this.timer = setTimeout(() => this.finishQuery(undefined), this.opts.negotiationTimeoutMs);
      return;
    }
    this.announce(protocol, t, lu);
  }

  private finishQuery(reply: Uint8Array | undefined): void {
    const q = this.querying;
    if (!q) return;
    this.querying = undefined;
    clearTimeout(this.timer);
    const size = reply ? parseUsableArea(reply) : undefined;
    const t = size ? { ...q.t, model: { ...q.t.model, alternate: size } } : q.t;
    this.announce(q.protocol, t, q.lu);
  }

  private announce(protocol: SessionProtocol, t: ParsedTerminalType, lu: string | undefined): void {
    this.infoValue = {
      id: this.id,
      kind: '3270',
      protocol,
      terminalType: t.name,
      model: t.model,
      peer: this.opts.peer,
      ...(lu ? { lu } : {}),
    };
    const a = t.model.alternate;
    this.opts.log?.(`session ${this.id}: ${protocol.toUpperCase()} ${t.name} ${a.rows}x${a.cols}${lu ? ` LU ${lu}` : ''} from ${this.opts.peer}`);
    this.opts.onSession(this);
  }

  private enterLineMode(protocol: SessionProtocol): void {
    if (this.phase !== 'negotiating') return;
    clearTimeout(this.timer);
    this.phase = 'line';
    if (protocol === 'telnet') {
      // We echo and edit; a telnet client then switches to character-at-a-time mode.
      this.sendWill(OPT.ECHO);
      this.sendWill(OPT.SGA);
    }
    this.infoValue = { id: this.id, kind: 'line', protocol, peer: this.opts.peer };
    this.opts.log?.(`session ${this.id}: line mode (${protocol}) from ${this.opts.peer}`);
    const early = this.premature;
    this.premature = [];
    this.opts.onSession(this);
    if (early.length) this.lineInput(Uint8Array.from(early));
  }

  // ---- input ----

  private onData(bytes: Uint8Array): void {
    if (this.phase === 'negotiating') {
      for (const b of bytes) if (this.premature.length < MAX_PREMATURE) this.premature.push(b);
    } else if (this.phase === '3270') {
      if (this.record.length + bytes.length > this.opts.maxRecord) {
        this.close(`inbound record longer than ${this.opts.maxRecord} bytes`);
        return;
      }
      for (const b of bytes) this.record.push(b);
    } else if (this.phase === 'line') this.lineInput(bytes);
  }

  private onCommand(cmd: number): void {
    if (this.phase === '3270') {
      if (cmd === EOR) this.endRecord();
      else if (cmd === BRK || cmd === IP) this.deliver((h) => h.attention?.());
    } else if (this.phase === 'line') {
      if (cmd === EC) this.eraseChar();
      else if (cmd === EL) this.killLine();
      else if (cmd === BRK || cmd === IP) this.deliver((h) => h.attention?.());
    }
  }

  private endRecord(): void {
    const rec = Uint8Array.from(this.record);
    this.record = [];
    let data: Uint8Array = rec;
    if (this.tn3270e) {
      if (rec.length < 5 || rec[0] !== TN3270E_DATA.DATA_3270) return;
      data = rec.subarray(5);
    }
    if (data.length === 0) return;
    if (this.querying) {
      if (data[0] === 0x88) this.finishQuery(data);
      return;
    }
    // x3270's SysReq in plain TN3270 is a "test request" record (SOH % / STX, RFC 1576
    // section 5); it carries no AID, so it goes to the owner as an attention.
    if (data[0] === 0x01 && data[1] === 0x6c && data[2] === 0x61 && data[3] === 0x02) {
      this.deliver((h) => h.attention?.());
      return;
    }
    this.deliver((h) => h.record?.(data));
  }

  private lineInput(bytes: Uint8Array): void {
    for (const b of bytes) {
      const afterCr = this.lastWasCr;
      this.lastWasCr = b === 0x0d;
      if (b === 0x0d) this.endLine();
      else if (b === 0x0a) {
        if (!afterCr) this.endLine();
      } else if (b === 0x00) continue;
      else if (b === 0x08 || b === 0x7f) this.eraseChar();
      else if (b === 0x15) this.killLine();
      else if (b === 0x03) this.deliver((h) => h.attention?.());
      else if (b < 0x20) continue;
      else if (this.line.length < MAX_LINE) {
        this.line.push(b);
        if (this.echo && !this.hidden) this.raw([b]);
      }
    }
  }

  private endLine(): void {
    const text = new TextDecoder().decode(Uint8Array.from(this.line));
    this.line = [];
    if (this.echo) this.raw([0x0d, 0x0a]);
    this.deliver((h) => h.line?.(text));
  }

  private eraseChar(): void {
    if (this.line.length === 0) return;
    // Drop a whole UTF-8 sequence: continuation bytes are 10xxxxxx.
    while (this.line.length > 0 && (this.line.pop()! & 0xc0) === 0x80);
    if (this.echo && !this.hidden) this.raw([0x08, 0x20, 0x08]);
  }

  private killLine(): void {
    const n = new TextDecoder().decode(Uint8Array.from(this.line)).length;
    this.line = [];
    if (this.echo && !this.hidden) for (let i = 0; i < n; i++) this.raw([0x08, 0x20, 0x08]);
  }
}

function asciiString(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
  return s;
}
