// Random and mutated inbound streams for the server, and outbound streams for the screen
// model. A run fails on an exception, an internal error the session had to swallow, an
// output flood, or a stream that takes too long.
import { toEbcdic } from '../../../cpu370/index.ts';
import { encodeAddress, ScreenModel, Keyboard, TerminalPool, Display3270, Console3215 } from '../../index.ts';
import { ConnectionSession } from '../../src/tn3270/connection.ts';

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const asc = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const IAC = 0xff;

const TN3270 = [
  IAC, 0xfc, 0x28, IAC, 0xfb, 0x18, IAC, 0xfa, 0x18, 0x00, ...asc('IBM-3279-2-E'), IAC, 0xf0,
  IAC, 0xfb, 0x19, IAC, 0xfd, 0x19, IAC, 0xfb, 0x00, IAC, 0xfd, 0x00,
];
const TN3270E = [
  IAC, 0xfb, 0x28, IAC, 0xfa, 0x28, 0x02, 0x07, ...asc('IBM-3278-4-E'), 0x01, ...asc('0010'), IAC, 0xf0,
  IAC, 0xfa, 0x28, 0x03, 0x07, 0x00, 0x02, 0x04, IAC, 0xf0, IAC, 0xfa, 0x28, 0x03, 0x04, IAC, 0xf0,
];
const LINE = [IAC, 0xfc, 0x28, IAC, 0xfb, 0x18, IAC, 0xfa, 0x18, 0x00, ...asc('XTERM'), IAC, 0xf0, IAC, 0xfd, 0x01];
const RM = [0x7d, ...encodeAddress(170, 1920), 0x11, ...encodeAddress(168, 1920), ...toEbcdic('HELLO'), IAC, 0xef];
const SHORT = [0x6c, IAC, 0xef, 0x6d, IAC, 0xef];
const E_HDR = [0, 0, 0, 0, 0];

/** Seed streams, each with the length of its negotiation prefix. */
const SEEDS: Array<[number[], number]> = [
  [[...TN3270, ...RM, ...SHORT], TN3270.length],
  [[...TN3270E, ...E_HDR, ...RM, ...E_HDR, 0x6c, IAC, 0xef], TN3270E.length],
  [[...LINE, ...asc('hello\r\nab\x7fc\r\n'), IAC, 0xf7, IAC, 0xf8, IAC, 0xf3], LINE.length],
  [[...asc('plain nc text\n')], 0],
  [[...TN3270, IAC, 0xf3, 0x88, 0x00, 0x05, 0x81, 0x80, 0x80, IAC, 0xef], TN3270.length],
];

export function mutate(rnd: () => number): Uint8Array {
  const [seed, prefix] = SEEDS[Math.floor(rnd() * SEEDS.length)]!;
  const out = [...seed];
  // Half the streams keep their negotiation intact, to reach the 3270 and line-mode paths.
  const from = rnd() < 0.5 ? prefix : 0;
  const n = 1 + Math.floor(rnd() * 8);
  for (let k = 0; k < n; k++) {
    const pos = from + Math.floor(rnd() * (out.length - from + 1));
    switch (Math.floor(rnd() * 7)) {
      case 0:
        if (out.length) out[pos % out.length] = Math.floor(rnd() * 256);
        break;
      case 1:
        out.splice(pos, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => Math.floor(rnd() * 256)));
        break;
      case 2:
        out.splice(pos, 1 + Math.floor(rnd() * 8));
        break;
      case 3:
        out.splice(pos, 0, IAC, [0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xef, 0xf0, 0xf3, 0xf7][Math.floor(rnd() * 9)]!, Math.floor(rnd() * 256));
        break;
      case 4:
        out.length = Math.min(out.length, pos);
        break;
      case 5:
        out.splice(pos, 0, ...out.slice(0, Math.floor(rnd() * out.length)));
        break;
      case 6:
        out.splice(pos, 0, IAC, 0xfa, 0x28, ...Array.from({ length: Math.floor(rnd() * 3000) }, () => Math.floor(rnd() * 255)));
        break;
    }
  }
  if (rnd() < 0.1) return Uint8Array.from({ length: Math.floor(rnd() * 4096) }, () => Math.floor(rnd() * 256));
  return Uint8Array.from(out.slice(0, 200_000));
}

export interface FuzzReport {
  streams: number;
  bytes: number;
  sessions: number;
  failures: string[];
  slowestMs: number;
}

/** Feeds `count` streams to fresh server connections bound to real devices. */
export function fuzzServer(count: number, seed = 1): FuzzReport {
  const rnd = prng(seed);
  const report: FuzzReport = { streams: 0, bytes: 0, sessions: 0, failures: [], slowestMs: 0 };
  for (let i = 0; i < count; i++) {
    const stream = mutate(rnd);
    const pool = new TerminalPool();
    pool.rejectDelayMs = 0;
    pool.add(new Display3270(0x010, { readTimeoutMs: 1 }));
    pool.add(new Console3215(0x009));
    let out = 0;
    const problems: string[] = [];
    const session = new ConnectionSession(
      { write: (b) => void (out += b.length), close: () => undefined },
      {
        negotiationTimeoutMs: 60_000,
        maxRecord: 65536,
        peer: 'fuzz',
        onSession: (s) => {
          report.sessions++;
          pool.assign(s);
        },
        log: (m) => {
          if (m.includes('internal error')) problems.push(m);
        },
      },
    );
    const t0 = performance.now();
    try {
      session.start();
      for (let p = 0; p < stream.length; ) {
        const len = 1 + Math.floor(rnd() * 512);
        session.feed(stream.subarray(p, p + len));
        p += len;
      }
    } catch (e) {
      problems.push(`exception: ${(e as Error).stack}`);
    } finally {
      session.transportClosed();
    }
    const ms = performance.now() - t0;
    report.slowestMs = Math.max(report.slowestMs, ms);
    if (out > 64 * 1024 + stream.length * 4) problems.push(`output flood: ${out} bytes for ${stream.length} in`);
    if (ms > 2000) problems.push(`took ${ms.toFixed(0)} ms`);
    if (problems.length) report.failures.push(`stream ${i} (seed ${seed}): ${problems.join('; ')} :: ${Buffer.from(stream.subarray(0, 64)).toString('hex')}`);
    report.streams++;
    report.bytes += stream.length;
  }
  return report;
}

/** Random outbound streams at the client-side screen model, with keyboard use in between. */
export function fuzzScreen(count: number, seed = 1): FuzzReport {
  const rnd = prng(seed);
  const report: FuzzReport = { streams: 0, bytes: 0, sessions: 0, failures: [], slowestMs: 0 };
  const cmds = [0xf1, 0xf5, 0x7e, 0xf3, 0x6f, 0xf2, 0xf6, 0x6e, 0x01, 0x05, 0x0d, 0x11, 0x0f];
  const orders = [0x1d, 0x29, 0x11, 0x28, 0x2c, 0x13, 0x05, 0x3c, 0x12, 0x08];
  for (let i = 0; i < count; i++) {
    const s = new ScreenModel(2 + Math.floor(rnd() * 4));
    const k = new Keyboard(s);
    const t0 = performance.now();
    try {
      for (let w = 0; w < 4; w++) {
        const bytes: number[] = [cmds[Math.floor(rnd() * cmds.length)]!, Math.floor(rnd() * 256)];
        const n = Math.floor(rnd() * 300);
        for (let j = 0; j < n; j++) bytes.push(rnd() < 0.2 ? orders[Math.floor(rnd() * orders.length)]! : Math.floor(rnd() * 256));
        s.apply(Uint8Array.from(bytes));
        report.bytes += bytes.length;
        s.lock = null;
        for (let j = 0; j < 10; j++) {
          const op = Math.floor(rnd() * 8);
          if (op === 0) k.type(0x40 + Math.floor(rnd() * 0xbf));
          else if (op === 1) k.tab();
          else if (op === 2) k.backTab();
          else if (op === 3) k.eraseEof();
          else if (op === 4) k.delete();
          else if (op === 5) k.toggleInsert();
          else if (op === 6) s.applyInbound(s.readModified(0x7d));
          else k.newLine();
          s.lock = null;
        }
      }
      const copy = new ScreenModel(s.model);
      copy.apply(s.redrawStream());
      if (copy.text(String.fromCharCode).join('') !== s.text(String.fromCharCode).join('')) throw new Error('redraw differs');
    } catch (e) {
      report.failures.push(`screen ${i} (seed ${seed}): ${(e as Error).stack}`);
    }
    report.slowestMs = Math.max(report.slowestMs, performance.now() - t0);
    report.streams++;
  }
  return report;
}
