// Query Reply (GA23-0059 chapter 6, "Query Reply Structured Fields"): what a terminal
// answers to WSF Read Partition Query. Layouts as x3270 sends them (verified on the wire).
import { AID } from './constants.ts';
import type { ScreenModel } from './screen.ts';

const QR = { SUMMARY: 0x80, USABLE_AREA: 0x81, COLOR: 0x86, HIGHLIGHTING: 0x87, REPLY_MODES: 0x88, IMPLICIT_PARTITION: 0xa6 };

function sf(code: number, body: number[]): number[] {
  const len = body.length + 4;
  return [len >> 8, len & 0xff, 0x81, code, ...body];
}

const u16 = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];

export function queryReply(screen: ScreenModel): Uint8Array {
  const alt = screen.model.alternate;
  const pri = screen.model.primary;
  const codes = [QR.SUMMARY, QR.USABLE_AREA, QR.COLOR, QR.HIGHLIGHTING, QR.REPLY_MODES, QR.IMPLICIT_PARTITION];
  const colors = [0x00, 0xf4, 0xf1, 0xf1, 0xf2, 0xf2, 0xf3, 0xf3, 0xf4, 0xf4, 0xf5, 0xf5, 0xf6, 0xf6, 0xf7, 0xf7];
  return Uint8Array.from([
    AID.STRUCTURED_FIELD,
    ...sf(QR.SUMMARY, codes),
    // flags: 12/14-bit addressing; units mm; Xr/Yr 0A02E5/02006F; AW 9, AH 12; buffer size.
    ...sf(QR.USABLE_AREA, [0x01, 0x00, ...u16(alt.cols), ...u16(alt.rows), 0x01, 0x00, 0x0a, 0x02, 0xe5, 0x00, 0x02, 0x00, 0x6f, 0x09, 0x0c, ...u16(alt.rows * alt.cols)]),
    ...sf(QR.COLOR, [0x00, colors.length / 2, ...colors]),
    ...sf(QR.HIGHLIGHTING, [0x05, 0x00, 0xf0, 0xf1, 0xf1, 0xf2, 0xf2, 0xf4, 0xf4, 0xf8, 0xf8]),
    ...sf(QR.REPLY_MODES, [0x00, 0x01, 0x02]),
    ...sf(QR.IMPLICIT_PARTITION, [0x00, 0x00, 0x0b, 0x01, 0x00, ...u16(pri.cols), ...u16(pri.rows), ...u16(alt.cols), ...u16(alt.rows)]),
  ]);
}

/** The Read Partition Query a host sends to learn a terminal's size (WSF, remote form). */
export const READ_PARTITION_QUERY: readonly number[] = [0xf3, 0x00, 0x05, 0x01, 0xff, 0x02];

/** Rows and columns from the Usable Area reply in an inbound Query Reply (AID 88). */
export function parseUsableArea(reply: Uint8Array): { rows: number; cols: number } | undefined {
  if (reply[0] !== AID.STRUCTURED_FIELD) return undefined;
  for (let i = 1; i + 4 <= reply.length; ) {
    const len = (reply[i]! << 8) | reply[i + 1]!;
    if (len < 4 || i + len > reply.length) return undefined;
    if (reply[i + 2] === 0x81 && reply[i + 3] === QR.USABLE_AREA && len >= 10) {
      const cols = (reply[i + 6]! << 8) | reply[i + 7]!;
      const rows = (reply[i + 8]! << 8) | reply[i + 9]!;
      return rows > 0 && cols > 0 && rows <= 255 && cols <= 255 ? { rows, cols } : undefined;
    }
    i += len;
  }
  return undefined;
}
