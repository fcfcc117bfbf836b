// A TN3270 / TN3270E client for `vm370 connect`. TN3270E (RFC 2355): asks for the 3278
// device type of its model (x3270 does the same "per the RFC"), CONNECT to the LU if one is
// given, and no functions. Plain TN3270 (RFC 1576): answers TTYPE with the model's type
// name (with @LU if asked), agrees to BINARY and EOR. Everything else is declined.
import net from 'node:net';
import tls from 'node:tls';
import { terminalModel, terminalTypeName, type TerminalModel } from '../ds3270/models.ts';
import type { HostLink, HostLinkListener } from './link.ts';
import {
  ascii, BRK, DO, DONT, EOR, frameRecord, IAC, OPT, subnegotiation, TelnetParser, TTYPE_IS, TTYPE_SEND, WILL, WONT, type OptionVerb,
} from './telnet.ts';
import { TN3270E_DATA, TN3270E_OP } from './tn3270e.ts';

export interface ClientOptions {
  host: string;
  port: number;
  model?: number;
  colour?: boolean;
  lu?: string;
  connectTimeoutMs?: number;
  maxRecord?: number;
  /** Accept TN3270E when the host offers it (default true). */
  tn3270e?: boolean;
  /** Connect with TLS; `verify: false` accepts any certificate (like x3270's Y: prefix). */
  tls?: { verify: boolean };
}

const ACCEPTED = new Set<number>([OPT.BINARY, OPT.EOR, OPT.TTYPE, OPT.TN3270E]);

export class Tn3270Client implements HostLink {
  readonly model: TerminalModel;
  modeLabel = 'connecting';
  private listener: HostLinkListener | undefined;
  private readonly parser: TelnetParser;
  private readonly localOn = new Set<number>();
  private readonly remoteOn = new Set<number>();
  private record: number[] = [];
  private closed = false;
  private readonly typeName: string;
  /** TN3270E agreed (device type and functions negotiated). */
  private e = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly opts: ClientOptions,
  ) {
    this.model = terminalModel(opts.model ?? 2);
    this.typeName = terminalTypeName(this.model.model, opts.colour ?? true) + (opts.lu ? `@${opts.lu}` : '');
    this.parser = new TelnetParser({
      data: (b) => this.onData(b),
      command: (c) => {
        if (c === EOR) this.endRecord();
      },
      option: (v, o) => this.onOption(v, o),
      sub: (o, d) => {
        if (o === OPT.TTYPE && d[0] === TTYPE_SEND) this.write(subnegotiation(OPT.TTYPE, [TTYPE_IS, ...ascii(this.typeName)]));
        else if (o === OPT.TN3270E) this.onTn3270e(d);
      },
    });
    socket.on('data', (d) => this.parser.feed(d));
    socket.on('close', () => this.finish('connection closed by host'));
    socket.on('error', (e) => this.finish(e.message));
  }

  static connect(opts: ClientOptions): Promise<Tn3270Client> {
    return new Promise((resolve, reject) => {
      const socket: net.Socket = opts.tls
        ? tls.connect({ host: opts.host, port: opts.port, rejectUnauthorized: opts.tls.verify, ...(net.isIP(opts.host) ? {} : { servername: opts.host }) })
        : net.connect(opts.port, opts.host);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`cannot connect to ${opts.host}:${opts.port}: timed out`));
      }, opts.connectTimeoutMs ?? 10000);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`cannot connect to ${opts.host}:${opts.port}: ${e.message}`));
      });
      socket.once(opts.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new Tn3270Client(socket, opts));
      });
    });
  }

  get in3270(): boolean {
    return this.e || [OPT.BINARY, OPT.EOR].every((o) => this.localOn.has(o) && this.remoteOn.has(o));
  }

  listen(listener: HostLinkListener): void {
    this.listener = listener;
  }

  send(stream: Uint8Array): void {
    if (!this.in3270) return;
    if (this.e) {
      const withHeader = new Uint8Array(stream.length + 5);
      withHeader.set(stream, 5);
      this.write(frameRecord(withHeader));
    } else this.write(frameRecord(stream));
  }

  attention(): void {
    this.write(Uint8Array.of(IAC, BRK));
  }

  close(): void {
    this.socket.end();
    this.finish('disconnected');
  }

  private write(b: Uint8Array): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(b);
  }

  private onTn3270e(d: Uint8Array): void {
    const [op, sub] = [d[0], d[1]];
    if (op === TN3270E_OP.SEND && sub === TN3270E_OP.DEVICE_TYPE) {
      const type = `IBM-3278-${this.model.model}-E`;
      const lu = this.opts.lu ? [TN3270E_OP.CONNECT, ...ascii(this.opts.lu)] : [];
      this.write(subnegotiation(OPT.TN3270E, [TN3270E_OP.DEVICE_TYPE, TN3270E_OP.REQUEST, ...ascii(type), ...lu]));
    } else if (op === TN3270E_OP.DEVICE_TYPE && sub === TN3270E_OP.IS) {
      this.write(subnegotiation(OPT.TN3270E, [TN3270E_OP.FUNCTIONS, TN3270E_OP.REQUEST]));
    } else if (op === TN3270E_OP.DEVICE_TYPE && sub === TN3270E_OP.REJECT) {
      // Fall back to plain TN3270 (RFC 2355 section 7).
      this.localOn.delete(OPT.TN3270E);
      this.write(Uint8Array.of(IAC, WONT, OPT.TN3270E));
    } else if (op === TN3270E_OP.FUNCTIONS && sub === TN3270E_OP.REQUEST) {
      this.write(subnegotiation(OPT.TN3270E, [TN3270E_OP.FUNCTIONS, TN3270E_OP.IS]));
      this.enter3270e();
    } else if (op === TN3270E_OP.FUNCTIONS && sub === TN3270E_OP.IS) {
      this.enter3270e();
    }
  }

  private enter3270e(): void {
    this.e = true;
    this.modeLabel = '4B';
    this.listener?.mode?.('4B');
  }

  private onOption(verb: OptionVerb, opt: number): void {
    const ok = ACCEPTED.has(opt) && (opt !== OPT.TN3270E || (this.opts.tn3270e ?? true));
    if (verb === DO) {
      if (ok && !this.localOn.has(opt)) {
        this.localOn.add(opt);
        this.write(Uint8Array.of(IAC, WILL, opt));
      } else if (!ok) this.write(Uint8Array.of(IAC, WONT, opt));
    } else if (verb === WILL) {
      if (ok && !this.remoteOn.has(opt)) {
        this.remoteOn.add(opt);
        this.write(Uint8Array.of(IAC, DO, opt));
      } else if (!ok) this.write(Uint8Array.of(IAC, DONT, opt));
    } else if (verb === DONT) {
      if (this.localOn.delete(opt)) this.write(Uint8Array.of(IAC, WONT, opt));
    } else if (this.remoteOn.delete(opt)) this.write(Uint8Array.of(IAC, DONT, opt));
    if (this.e) return;
    const label = this.in3270 ? '4A' : 'connecting';
    if (label !== this.modeLabel) {
      this.modeLabel = label;
      this.listener?.mode?.(label);
    }
  }

  private onData(b: Uint8Array): void {
    if (this.record.length + b.length > (this.opts.maxRecord ?? 1 << 20)) {
      this.record = [];
      return;
    }
    for (const x of b) this.record.push(x);
  }

  private endRecord(): void {
    const rec = Uint8Array.from(this.record);
    this.record = [];
    if (this.e) {
      if (rec.length > 5 && rec[0] === TN3270E_DATA.DATA_3270) this.listener?.record(rec.subarray(5));
    } else if (rec.length) this.listener?.record(rec);
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.listener?.closed(reason);
  }
}
