// CKD sense bytes. Byte 0 and 1 bits as the 3830/3880 storage control references define
// them (GA26-1592 "Sense Information"); the 2841/2314 six-byte sense uses the same byte 0
// and 1 bits. Byte 7 of the 24-byte sense carries the format and message code of a
// program check (format 0: 1 invalid command, 2 invalid sequence, 3 count too small,
// 4 invalid parameter) or equipment check (format 1).
import type { CkdGeometry } from './geometry.ts';

export const SENSE0_COMMAND_REJECT = 0x80;
export const SENSE0_INTERVENTION_REQUIRED = 0x40;
export const SENSE0_BUS_OUT = 0x20;
export const SENSE0_EQUIPMENT_CHECK = 0x10;
export const SENSE0_DATA_CHECK = 0x08;
export const SENSE0_OVERRUN = 0x04;
/** 2311/2314 byte 0 bit 7: the access mechanism could not complete the seek. */
export const SENSE0_SEEK_CHECK = 0x01;

export const SENSE1_PERMANENT_ERROR = 0x80;
export const SENSE1_INVALID_TRACK_FORMAT = 0x40;
export const SENSE1_END_OF_CYLINDER = 0x20;
export const SENSE1_NO_RECORD_FOUND = 0x08;
export const SENSE1_FILE_PROTECTED = 0x04;
export const SENSE1_WRITE_INHIBITED = 0x02;
export const SENSE1_OPERATION_INCOMPLETE = 0x01;

export const MSG_INVALID_COMMAND = 0x01;
export const MSG_INVALID_SEQUENCE = 0x02;
export const MSG_COUNT_TOO_SMALL = 0x03;
export const MSG_INVALID_PARAMETER = 0x04;
export const FORMAT_EQUIPMENT = 0x10;

/** Builds CKD sense bytes for the given device state (bytes 3-6 identify drive and cylinder). */
export function buildCkdSense(g: CkdGeometry, devnum: number, cyl: number, head: number, cylinders: number, byte0: number, byte1: number, formatMessage = 0): Uint8Array {
  const s = new Uint8Array(g.senseLength);
  s[0] = byte0;
  s[1] = byte1;
  const eoc = (byte1 & SENSE1_END_OF_CYLINDER) >> 3;
  switch (g.devtype) {
    case 0x2311:
      s[3] = 0xc8 | eoc; // ready, online, end of cylinder
      break;
    case 0x2314:
      s[3] = 0x40 | eoc;
      break;
    case 0x3330:
      s[4] = (devnum & 7) | ((~devnum & 7) << 3);
      break;
    case 0x3340:
      s[2] |= 0x80 | g.model;
      s[4] = 0x80 >> (devnum & 7);
      break;
    case 0x3350:
      s[4] = 0x80 >> (devnum & 7);
      break;
    case 0x3375:
      s[4] = devnum & 7;
      break;
    case 0x3380:
      s[4] = devnum & 0x0f;
      break;
  }
  if (g.senseLength === 24) {
    if (cylinders > 4095) {
      s[5] = 0xff;
      s[6] = 0xff;
    } else {
      const shift = g.devtype === 0x3330 ? (g.model === 0x01 ? 6 : 5) : g.devtype === 0x3375 ? 6 : g.devtype === 0x3380 ? 4 : 5;
      s[5] = cyl & 0xff;
      s[6] = (((cyl >> 8) << shift) | (head & 0x0f)) & 0xff;
    }
    s[7] = formatMessage;
  }
  return s;
}
