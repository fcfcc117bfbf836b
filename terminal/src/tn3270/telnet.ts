// Telnet framing (RFC 854/855): a byte parser that separates data from IAC commands,
// option negotiation and subnegotiation, with bounded subnegotiation buffers.

export const IAC = 0xff;
export const DONT = 0xfe;
export const DO = 0xfd;
export const WONT = 0xfc;
export const WILL = 0xfb;
export const SB = 0xfa;
export const GA = 0xf9;
export const EL = 0xf8;
export const EC = 0xf7;
export const AYT = 0xf6;
export const AO = 0xf5;
export const IP = 0xf4;
export const BRK = 0xf3;
export const DM = 0xf2;
export const NOP = 0xf1;
export const SE = 0xf0;
export const EOR = 0xef;

export const OPT = { BINARY: 0, ECHO: 1, SGA: 3, TTYPE: 24, EOR: 25, NAWS: 31, TN3270E: 40 } as const;

/** TTYPE subnegotiation codes (RFC 1091). */
export const TTYPE_IS = 0;
export const TTYPE_SEND = 1;

export type OptionVerb = typeof DO | typeof DONT | typeof WILL | typeof WONT;

export interface TelnetSink {
  data(bytes: Uint8Array): void;
  command(cmd: number): void;
  option(verb: OptionVerb, option: number): void;
  sub(option: number, data: Uint8Array): void;
}

const enum State {
  Data,
  Iac,
  Verb,
  Sub,
  SubIac,
}

export class TelnetParser {
  private state = State.Data;
  private verb = 0;
  private sub: number[] = [];
  private subOverflow = false;

  constructor(
    private readonly sink: TelnetSink,
    private readonly maxSub = 1024,
  ) {}

  feed(buf: Uint8Array): void {
    let runStart = -1;
    const flush = (end: number): void => {
      if (runStart >= 0 && end > runStart) this.sink.data(buf.subarray(runStart, end));
      runStart = -1;
    };
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      switch (this.state) {
        case State.Data:
          if (b === IAC) {
            flush(i);
            this.state = State.Iac;
          } else if (runStart < 0) runStart = i;
          break;
        case State.Iac:
          this.state = State.Data;
          if (b === IAC) this.sink.data(Uint8Array.of(IAC));
          else if (b === DO || b === DONT || b === WILL || b === WONT) {
            this.verb = b;
            this.state = State.Verb;
          } else if (b === SB) {
            this.sub = [];
            this.subOverflow = false;
            this.state = State.Sub;
          } else this.sink.command(b);
          break;
        case State.Verb:
          this.state = State.Data;
          this.sink.option(this.verb as OptionVerb, b);
          break;
        case State.Sub:
          if (b === IAC) this.state = State.SubIac;
          else this.pushSub(b);
          break;
        case State.SubIac:
          if (b === IAC) {
            this.pushSub(IAC);
            this.state = State.Sub;
          } else if (b === SE) {
            this.state = State.Data;
            if (!this.subOverflow && this.sub.length > 0) this.sink.sub(this.sub[0]!, Uint8Array.from(this.sub.slice(1)));
            this.sub = [];
          } else {
            // RFC 855 leaves IAC <other> inside SB undefined: end the subnegotiation.
            this.state = State.Data;
            this.sub = [];
          }
          break;
      }
    }
    flush(buf.length);
  }

  /** Discards any partial command (after a mode change). */
  reset(): void {
    this.state = State.Data;
    this.sub = [];
  }

  private pushSub(b: number): void {
    if (this.sub.length >= this.maxSub) this.subOverflow = true;
    else this.sub.push(b);
  }
}

/** Doubles every IAC (0xFF) byte of data. */
export function escapeIac(data: Uint8Array): Uint8Array {
  let n = 0;
  for (const b of data) if (b === IAC) n++;
  if (n === 0) return data;
  const out = new Uint8Array(data.length + n);
  let j = 0;
  for (const b of data) {
    out[j++] = b;
    if (b === IAC) out[j++] = IAC;
  }
  return out;
}

/** A 3270 record framed for the wire: IACs doubled, IAC EOR appended. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const esc = escapeIac(data);
  const out = new Uint8Array(esc.length + 2);
  out.set(esc);
  out[esc.length] = IAC;
  out[esc.length + 1] = EOR;
  return out;
}

export function subnegotiation(option: number, body: readonly number[]): Uint8Array {
  return Uint8Array.from([IAC, SB, option, ...escapeIac(Uint8Array.from(body)), IAC, SE]);
}

export const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0) & 0x7f);
