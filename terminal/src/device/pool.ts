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
    const lu = session.info.lu?.toUpperCase();
    const byNumber = lu !== undefined && /^[0-9A-F]{1,4}$/.test(lu) ? parseInt(lu, 16) : undefined;
    // Hercules rules: a device with a group name only takes clients that ask for the group;
    // a client may also ask for one device by number.
    const candidates = this.devices.filter(
      (d) => d.kind === kind && (lu === undefined ? !d.group : d.group === lu || (byNumber === d.devnum && !d.group)),
    );
    const device = candidates.find((d) => !d.bound);
    if (!device) {
      const why = lu !== undefined ? `device ${lu} is not available` : `no free ${kind === '3270' ? '3270' : 'console'} device`;
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
 * arguments (`0010 3270 [group]`, `0009 3215 [noprompt] [group]`) and adds it to the
 * pool. Undefined for a type that is not a terminal.
 */
export function createTerminalDevice(
  devnum: number,
  type: string,
  args: readonly string[],
  pool: TerminalPool,
  opts: Display3270Options & Console3215Options = {},
): TerminalDevice | undefined {
  const t = type.toUpperCase();
  const group = terminalGroup(args);
  const o = group ? { ...opts, group } : opts;
  let device: TerminalDevice | undefined;
  if (DISPLAY_TYPES.includes(t)) device = new Display3270(devnum, o);
  else if (CONSOLE_TYPES.includes(t)) device = new Console3215(devnum, t.startsWith('1052') ? 0x1052 : 0x3215, o);
  if (device) pool.add(device);
  return device;
}

export const DISPLAY_TYPES = ['3270', '3277', '3278', '3279'];
export const CONSOLE_TYPES = ['3215', '1052', '3215-C', '1052-C'];

/** The terminal group name among a device line's arguments (Hercules: the first word that is not an option or an IP address). */
export function terminalGroup(args: readonly string[]): string | undefined {
  const word = args.find((a) => !/^(noprompt|\*)$/i.test(a) && !/^\d+\.\d+\.\d+\.\d+$/.test(a));
  return word?.toUpperCase();
}
