// The screen a terminal gets when it connects to a device nobody has written to yet
// (Hercules sends its herclogo.txt the same way).
import { toEbcdic } from '../../../cpu370/index.ts';
import { encodeAddress } from '../ds3270/address.ts';
import { CMD, ORDER, WCC } from '../ds3270/constants.ts';
import type { TerminalSession } from '../tn3270/session.ts';

const hex3 = (n: number): string => n.toString(16).toUpperCase().padStart(3, '0');

export function logoLines(devnum: number, session: TerminalSession): string[] {
  const i = session.info;
  return [
    'VM/370 TERMINAL SERVER',
    '',
    `DEVICE ${hex3(devnum)} CONNECTED TO ${i.terminalType ?? '3270'} (${i.protocol.toUpperCase()})`,
    `PEER ${i.peer}`,
    '',
    'WAITING FOR THE PROGRAM TO WRITE TO THIS TERMINAL',
  ];
}

export function logoScreen(devnum: number, session: TerminalSession): Uint8Array {
  const out: number[] = [CMD.EW, WCC.RESET | WCC.RESTORE | WCC.RESET_MDT];
  logoLines(devnum, session).forEach((line, row) => {
    if (!line) return;
    out.push(ORDER.SBA, ...encodeAddress((row + 1) * 80 + 1, 1920), ORDER.SF, 0xe8, ...toEbcdic(line.toUpperCase()));
  });
  out.push(ORDER.SBA, ...encodeAddress(0, 1920), ORDER.IC);
  return Uint8Array.from(out);
}
