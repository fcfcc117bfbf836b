// Terminal devices on `vm370 ipl` configuration lines (`0010 3270`, `0009 3215`): one
// process-wide hub holds their pool and the one listener, started when the first terminal
// device is created. The port is the machine's CNSLPORT when the caller passes it to
// `listen` before the event loop turns, else $VM370_CNSLPORT, else 3270 (Hercules' default).
import { registerDeviceType, type Device, type DeviceSpec } from '../../../cpu370/index.ts';
import { TerminalServer } from '../tn3270/server.ts';
import { Console3215 } from './console3215.ts';
import { Display3270 } from './display3270.ts';
import { CONSOLE_TYPES, DISPLAY_TYPES, terminalGroup, TerminalPool, type TerminalDevice } from './pool.ts';

/** Splits Hercules' CNSLPORT value, `port` or `host:port`. */
export function parseConsolePort(value: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new Error(`bad CNSLPORT '${value}' (port or host:port)`);
  return { host: m[1] || '127.0.0.1', port };
}

export class TerminalHub {
  readonly pool = new TerminalPool();
  private server: TerminalServer | undefined;
  private starting: Promise<void> | undefined;
  private note: (line: string) => void = (l) => process.stderr.write(`vm370: ${l}\n`);
  private scheduled = false;

  /** Starts the listener (once). */
  listen(cnslport: string = process.env.VM370_CNSLPORT ?? '3270'): Promise<void> {
    if (this.starting) return this.starting;
    const { host, port } = parseConsolePort(cnslport);
    this.pool.log = (m) => this.note(m);
    const server = new TerminalServer({ host, port, onSession: (s) => this.pool.assign(s), log: (m) => this.note(m) });
    this.server = server;
    this.starting = server.listen().then(
      (a) => this.note(`3270 and telnet consoles: listening on ${a.host}:${a.port}`),
      (e: Error) => this.note(`cannot listen for consoles on ${host}:${port}: ${e.message}`),
    );
    return this.starting;
  }

  get port(): number {
    return this.server?.port ?? 0;
  }

  create(spec: DeviceSpec): Device {
    const type = spec.type.toUpperCase();
    const onClose = (d: TerminalDevice): void => this.remove(d);
    const group = terminalGroup(spec.args);
    const opts = group ? { onClose, group } : { onClose };
    const device: TerminalDevice = DISPLAY_TYPES.includes(type)
      ? new Display3270(spec.devnum, opts)
      : new Console3215(spec.devnum, type.startsWith('1052') ? 0x1052 : 0x3215, opts);
    this.pool.add(device);
    this.note = (l) => spec.note(l);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.listen());
    }
    return device;
  }

  private remove(d: TerminalDevice): void {
    this.pool.remove(d);
    if (this.pool.devices.length === 0) void this.close();
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    this.starting = undefined;
    this.scheduled = false;
    await s?.close();
  }
}

export const terminalHub = new TerminalHub();

registerDeviceType([...DISPLAY_TYPES, ...CONSOLE_TYPES], (spec) => terminalHub.create(spec));

export { DISPLAY_TYPES, CONSOLE_TYPES };
