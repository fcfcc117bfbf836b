// A plain TCP client for byte-exact tests against CP's listener: read exactly n bytes.
import net from 'node:net';

export class WireClient {
  private buf: number[] = [];
  private closed = false;
  private wake: (() => void) | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (d) => {
      for (const b of d) this.buf.push(b);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new WireClient(s)));
      s.once('error', reject);
    });
  }

  send(bytes: readonly number[] | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
  }

  /** The next n bytes as hex pairs separated by spaces. */
  async read(n: number, timeoutMs = 3000): Promise<string> {
    const end = Date.now() + timeoutMs;
    while (this.buf.length < n) {
      if (this.closed || Date.now() > end) throw new Error(`wanted ${n} bytes, have ${hex(this.buf)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, end - Date.now()));
        this.wake = () => {
          clearTimeout(t);
          r();
        };
      });
    }
    return hex(this.buf.splice(0, n));
  }

  /** Everything that arrives within `ms`, as latin1 text. */
  async drainText(ms: number): Promise<string> {
    await new Promise((r) => setTimeout(r, ms));
    return Buffer.from(this.buf.splice(0)).toString('latin1');
  }

  close(): void {
    this.socket.destroy();
  }
}

export const hex = (b: Iterable<number>): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
export const wire = (s: string): string => hex(Buffer.from(s, 'latin1'));
