// A plain TCP client for byte-exact protocol tests: read exactly n bytes, or assert silence.
import net from 'node:net';
import { expect } from 'vitest';

export class RawClient {
  private buf: number[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (d) => {
      for (const b of d) this.buf.push(b);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(bytes: readonly number[] | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
  }

  /** The next n bytes, as lowercase hex separated by spaces. */
  async read(n: number, timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.buf.length < n) {
      if (this.closed) throw new Error(`closed with ${hex(this.buf)} after waiting for ${n} bytes`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout: have ${hex(this.buf)}, wanted ${n} bytes`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return hex(this.buf.splice(0, n));
  }

  /** Everything received within `ms`. */
  async drain(ms = 100): Promise<string> {
    await new Promise((r) => setTimeout(r, ms));
    return hex(this.buf.splice(0));
  }

  /** Everything received within `ms`, as latin1 text. */
  async drainText(ms: number): Promise<string> {
    await new Promise((r) => setTimeout(r, ms));
    return Buffer.from(this.buf.splice(0)).toString('latin1');
  }

  async waitClosed(timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

export function hex(b: Iterable<number>): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

export const asciiBytes = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** Text as the hex `read` returns for it. */
export const wire = (s: string): string => hex(asciiBytes(s));

/**
 * A 3270 emulator's side of RFC 1576 up to the server's EOR and BINARY offers: WON'T
 * TN3270E, WILL TERMINAL-TYPE, IS `terminalType`, checking each server step.
 */
export async function offerTerminalType(c: RawClient, terminalType: string): Promise<void> {
  expect(await c.read(3)).toBe('ff fd 28');
  c.send([0xff, 0xfc, 0x28]);
  expect(await c.read(3)).toBe('ff fd 18');
  c.send([0xff, 0xfb, 0x18]);
  expect(await c.read(6)).toBe('ff fa 18 01 ff f0');
  c.send([0xff, 0xfa, 0x18, 0x00, ...asciiBytes(terminalType), 0xff, 0xf0]);
  expect(await c.read(12)).toBe('ff fd 19 ff fb 19 ff fd 00 ff fb 00');
}

/**
 * A plain telnet client's side of the negotiation: WON'T TN3270E, WON'T TERMINAL-TYPE, then
 * DO the server's ECHO and SUPPRESS-GO-AHEAD, checking each server step; line mode follows.
 */
export async function negotiateLineMode(c: RawClient): Promise<void> {
  expect(await c.read(3)).toBe('ff fd 28');
  c.send([0xff, 0xfc, 0x28]);
  expect(await c.read(3)).toBe('ff fd 18');
  c.send([0xff, 0xfc, 0x18]);
  expect(await c.read(6)).toBe('ff fb 01 ff fb 03');
  c.send([0xff, 0xfd, 0x01, 0xff, 0xfd, 0x03]);
}
