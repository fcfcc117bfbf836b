// The one listener: TN3270, TN3270E and line-mode telnet on one port (default 127.0.0.1).
import net from 'node:net';
import tls from 'node:tls';
import { ConnectionSession } from './connection.ts';
import type { TerminalSession } from './session.ts';

export interface ServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  negotiationTimeoutMs?: number;
  maxRecord?: number;
  /** Output a slow client may leave unread before it is dropped. */
  maxPendingOutput?: number;
  /** Serve TLS on this listener (PEM key and certificate), as x3270 expects with an `L:` host prefix. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** A new session (3270 or line mode) is ready. */
  onSession(session: TerminalSession): void;
  log?(message: string): void;
}

export class TerminalServer {
  private server: net.Server | tls.Server | undefined;
  readonly sessions = new Set<ConnectionSession>();
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly opts: ServerOptions) {}

  listen(): Promise<{ host: string; port: number }> {
    const host = this.opts.host ?? '127.0.0.1';
    const t = this.opts.tls;
    const server = t
      ? tls.createServer({ key: t.key, cert: t.cert, handshakeTimeout: this.opts.negotiationTimeoutMs ?? 2000 }, (socket) => this.accept(socket))
      : net.createServer((socket) => this.accept(socket));
    if (t) server.on('tlsClientError', (e) => this.opts.log?.(`TLS: ${e.message}`));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 3270, host, () => {
        server.off('error', reject);
        server.on('error', (e) => this.opts.log?.(`listener: ${e.message}`));
        const a = server.address() as net.AddressInfo;
        resolve({ host: a.address, port: a.port });
      });
    });
  }

  get port(): number {
    return (this.server?.address() as net.AddressInfo | null)?.port ?? 0;
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    const maxPending = this.opts.maxPendingOutput ?? 4 * 1024 * 1024;
    const session = new ConnectionSession(
      {
        write: (bytes) => {
          if (socket.destroyed) return;
          if (socket.writableLength > maxPending) {
            socket.destroy();
            return;
          }
          socket.write(bytes);
        },
        close: () => socket.end(() => socket.destroy()),
      },
      {
        negotiationTimeoutMs: this.opts.negotiationTimeoutMs ?? 2000,
        maxRecord: this.opts.maxRecord ?? 65536,
        peer: `${socket.remoteAddress}:${socket.remotePort}`,
        onSession: (s) => this.opts.onSession(s),
        ...(this.opts.log ? { log: this.opts.log } : {}),
      },
    );
    this.sessions.add(session);
    socket.on('data', (d) => session.feed(d));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.sessions.delete(session);
      session.transportClosed();
    });
    session.start();
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.close();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}
