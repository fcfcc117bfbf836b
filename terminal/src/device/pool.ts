// Which device a new terminal session gets: the one its LU name asks for (a device
// number, RFC 1646 type@LU or TN3270E CONNECT), else the first free device of its kind.
import { encodeAddress } from '../ds3270/address.ts';
import { CMD, ORDER, WCC } from '../ds3270/constants.ts';
import { toEbcdic } from '../../../cpu370/index.ts';
import type { TerminalSession } from '../tn3270/session.ts';
import { Console3215, type Console3215Options } from './console3215.ts';
import { Display3270, type Display3270Options } from './display3270.ts';

export type TerminalDevice = Display3270 | Console3215;

export class TerminalPool {
  readonly devices: TerminalDevice[] = [];
  /** Milliseconds a rejected client sees its notice before the connection closes. */
  rejectDelayMs = 2000;
  log: ((message: string) => void) | undefined;

  add(device: TerminalDevice): void {
    this.devices.push(device);
  }

  remove(device: TerminalDevice): void {
    const i = this.devices.indexOf(device);
    if (i >= 0) this.devices.splice(i, 1);
  }

  /** Binds the session to a device, or tells the client there is none and disconnects. */
  assign(session: TerminalSession): TerminalDevice | undefined {
    const kind = session.info.kind;
    const lu = session.info.lu;
    const wanted = lu !== undefined && /^[0-9A-Fa-f]{1,4}$/.test(lu) ? parseInt(lu, 16) : undefined;
    const candidates = this.devices.filter((d) => d.kind === kind && (wanted === undefined || d.devnum === wanted));
    const device = candidates.find((d) => !d.bound);
    if (!device) {
      const why = wanted !== undefined ? `device ${lu!.toUpperCase()} is not available` : `no free ${kind === '3270' ? '3270' : 'console'} device`;
      this.reject(session, why);
      return undefined;
    }
    device.bind(session);
    this.log?.(`session ${session.info.id}: on device ${device.devnum.toString(16).toUpperCase().padStart(3, '0')}`);
    return device;
  }

  private reject(session: TerminalSession, why: string): void {
    this.log?.(`session ${session.info.id}: rejected, ${why}`);
    if (session.info.kind === '3270') {
      const text = toEbcdic(`VM/370: CONNECTION REJECTED, ${why.toUpperCase()}`);
      session.sendRecord(Uint8Array.from([CMD.EW, WCC.RESET | WCC.RESTORE, ORDER.SBA, ...encodeAddress(81, 1920), ORDER.SF, 0xe8, ...text]));
    } else session.sendLine(`vm370: connection rejected, ${why}`);
    const t = setTimeout(() => session.close(), this.rejectDelayMs);
    t.unref?.();
  }
}

/**
 * Creates a terminal device from a Hercules-style configuration line's type and
 * arguments (`0010 3270`, `0009 3215`; the arguments, such as a group name, are
 * accepted and not used yet) and adds it to the pool. Undefined for a type that is
 * not a terminal.
 */
export function createTerminalDevice(
  devnum: number,
  type: string,
  args: readonly string[],
  pool: TerminalPool,
  opts: Display3270Options & Console3215Options = {},
): TerminalDevice | undefined {
  void args;
  const t = type.toUpperCase();
  let device: TerminalDevice | undefined;
  if (/^(3270|3277|3278|3279)$/.test(t)) device = new Display3270(devnum, opts);
  else if (/^(3215|1052)(-C)?$/.test(t)) device = new Console3215(devnum, t.startsWith('1052') ? 0x1052 : 0x3215, opts);
  if (device) pool.add(device);
  return device;
}
