// 3270 data stream code points (GA23-0059 "3270 Data Stream Programmer's Reference";
// the same values as x3270 include/3270ds.h and Hercules console.c).

/** Outbound commands in the remote (SNA / TN3270) form. */
export const CMD = {
  W: 0xf1,
  EW: 0xf5,
  EWA: 0x7e,
  RB: 0xf2,
  RM: 0xf6,
  RMA: 0x6e,
  EAU: 0x6f,
  WSF: 0xf3,
} as const;

/** The same commands as channel command codes of a local (channel-attached) 3270. */
export const CCW_CMD = {
  W: 0x01,
  EW: 0x05,
  EWA: 0x0d,
  RB: 0x02,
  RM: 0x06,
  RMA: 0x0e,
  EAU: 0x0f,
  WSF: 0x11,
  NOP: 0x03,
  SENSE: 0x04,
  SENSE_ID: 0xe4,
} as const;

/** Local Select commands (3274 local attachment), accepted and ignored. */
export const CCW_SELECTS: readonly number[] = [0x0b, 0x1b, 0x2b, 0x3b, 0x4b];

export type Command = 'W' | 'EW' | 'EWA' | 'RB' | 'RM' | 'RMA' | 'EAU' | 'WSF';

const COMMAND_BY_CODE = new Map<number, Command>();
for (const [name, code] of Object.entries(CMD)) COMMAND_BY_CODE.set(code, name as Command);
for (const [name, code] of Object.entries(CCW_CMD)) if (name in CMD) COMMAND_BY_CODE.set(code, name as Command);

/** Names the command of an outbound stream, in either code form; undefined if unknown. */
export function commandOf(code: number): Command | undefined {
  return COMMAND_BY_CODE.get(code);
}

export const ORDER = {
  SF: 0x1d,
  SFE: 0x29,
  SBA: 0x11,
  SA: 0x28,
  MF: 0x2c,
  IC: 0x13,
  PT: 0x05,
  RA: 0x3c,
  EUA: 0x12,
  GE: 0x08,
} as const;

export const WCC = {
  RESET: 0x40,
  START_PRINTER: 0x08,
  ALARM: 0x04,
  RESTORE: 0x02,
  RESET_MDT: 0x01,
} as const;

/** Field attribute bits (the low six bits of the attribute byte). */
export const FA = {
  PROTECT: 0x20,
  NUMERIC: 0x10,
  INTENSITY: 0x0c,
  INT_NORMAL: 0x00,
  INT_PEN: 0x04,
  INT_HIGH: 0x08,
  INT_ZERO: 0x0c,
  MDT: 0x01,
} as const;

/** Extended attribute types (SFE, SA, MF). */
export const XA = {
  ALL: 0x00,
  BASIC: 0xc0,
  HIGHLIGHT: 0x41,
  FOREGROUND: 0x42,
  CHARSET: 0x43,
  BACKGROUND: 0x45,
  TRANSPARENCY: 0x46,
  VALIDATION: 0xc1,
  OUTLINING: 0xc2,
} as const;

export const HIGHLIGHT = { DEFAULT: 0x00, NORMAL: 0xf0, BLINK: 0xf1, REVERSE: 0xf2, UNDERSCORE: 0xf4, INTENSIFY: 0xf8 } as const;

export const COLOR = {
  DEFAULT: 0x00,
  NEUTRAL: 0xf0,
  BLUE: 0xf1,
  RED: 0xf2,
  PINK: 0xf3,
  GREEN: 0xf4,
  TURQUOISE: 0xf5,
  YELLOW: 0xf6,
  WHITE: 0xf7,
} as const;

export const AID = {
  NONE: 0x60,
  ENTER: 0x7d,
  PA1: 0x6c,
  PA2: 0x6e,
  PA3: 0x6b,
  CLEAR: 0x6d,
  SYSREQ: 0xf0,
  STRUCTURED_FIELD: 0x88,
  SELECT: 0x7e,
} as const;

const PF_AIDS = [
  0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0x7a, 0x7b, 0x7c, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9,
  0x4a, 0x4b, 0x4c,
];

/** AID of PF1..PF24. */
export function pfAid(n: number): number {
  const aid = PF_AIDS[n - 1];
  if (aid === undefined) throw new RangeError(`PF${n} does not exist`);
  return aid;
}

export function pfNumber(aid: number): number | undefined {
  const i = PF_AIDS.indexOf(aid);
  return i < 0 ? undefined : i + 1;
}

/** PA keys and Clear send the AID alone (a "short read"). */
export function isShortReadAid(aid: number): boolean {
  return aid === AID.PA1 || aid === AID.PA2 || aid === AID.PA3 || aid === AID.CLEAR;
}

export function aidName(aid: number): string {
  const pf = pfNumber(aid);
  if (pf) return `PF${pf}`;
  for (const [name, code] of Object.entries(AID)) if (code === aid) return name;
  return `AID ${aid.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Format control characters that may appear in character data. */
export const FCC = { NUL: 0x00, SUB: 0x3f, DUP: 0x1c, FM: 0x1e, FF: 0x0c, CR: 0x0d, NL: 0x15, EM: 0x19, EO: 0xff } as const;
