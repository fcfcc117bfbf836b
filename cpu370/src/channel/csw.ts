// The channel-status word and channel-address word of System/370 (GA22-7000 ch. 13,
// "Channel-Status Word", "Channel-Address Word").

/** Fields of a CSW; `toBytes` gives the doubleword stored at real X'40'. */
export interface Csw {
  /** Subchannel key (bits 0-3). */
  key: number;
  /** Deferred condition code (bits 6-7), set for START I/O FAST RELEASE. */
  deferredCc: number;
  /** CCW address field (bits 8-31): the last CCW used + 8. */
  ccwAddress: number;
  unitStatus: number;
  channelStatus: number;
  /** Residual count (bits 48-63). */
  count: number;
}

export function emptyCsw(): Csw {
  return { key: 0, deferredCc: 0, ccwAddress: 0, unitStatus: 0, channelStatus: 0, count: 0 };
}

export function cswWords(c: Csw): [number, number] {
  const hi = (((c.key & 15) << 28) | ((c.deferredCc & 3) << 24) | (c.ccwAddress & 0xffffff)) >>> 0;
  const lo = (((c.unitStatus & 0xff) << 24) | ((c.channelStatus & 0xff) << 16) | (c.count & 0xffff)) >>> 0;
  return [hi, lo];
}

export function formatCsw(c: Csw): string {
  const [hi, lo] = cswWords(c);
  return hi.toString(16).toUpperCase().padStart(8, '0') + ' ' + lo.toString(16).toUpperCase().padStart(8, '0');
}

/** A format-0 CCW as fetched from storage. */
export interface Ccw {
  /** Absolute address the CCW was fetched from. */
  readonly at: number;
  readonly command: number;
  readonly address: number;
  readonly flags: number;
  readonly count: number;
}

export function decodeCcw(at: number, w0: number, w1: number): Ccw {
  return { at, command: w0 >>> 24, address: w0 & 0xffffff, flags: (w1 >>> 24) & 0xff, count: w1 & 0xffff };
}

/** CAW bits 4-7 must be zero and the CCW address must designate a doubleword (GA22-7000 "Channel-Address Word"). */
export function cawFormatValid(caw: number): boolean {
  return (caw & 0x0f000000) === 0 && (caw & 7) === 0;
}
