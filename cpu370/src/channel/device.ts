// The one device contract (the shape of Hercules' per-CCW device handler).
// The channel subsystem owns the CAW, the CCW chain, data and command chaining, TIC, SKIP,
// PCI, IDA-less S/370 addressing, storage keys and the CSW. A device sees one CCW at a
// time: a command code, the CCW's flags and count, and a data buffer, and answers with
// unit status, a residual count and (for a unit check) its sense bytes.
// Every device in the project, real or CP-virtual, implements this interface.

/** Unit-status bits (CSW byte 4). */
export const US_ATTENTION = 0x80;
export const US_STATUS_MODIFIER = 0x40;
export const US_CONTROL_UNIT_END = 0x20;
export const US_BUSY = 0x10;
export const US_CHANNEL_END = 0x08;
export const US_DEVICE_END = 0x04;
export const US_UNIT_CHECK = 0x02;
export const US_UNIT_EXCEPTION = 0x01;
export const US_CE_DE = US_CHANNEL_END | US_DEVICE_END;

/** Channel-status bits (CSW byte 5). */
export const CS_PCI = 0x80;
export const CS_INCORRECT_LENGTH = 0x40;
export const CS_PROGRAM_CHECK = 0x20;
export const CS_PROTECTION_CHECK = 0x10;
export const CS_CHANNEL_DATA_CHECK = 0x08;
export const CS_CHANNEL_CONTROL_CHECK = 0x04;
export const CS_INTERFACE_CONTROL_CHECK = 0x02;
export const CS_CHAINING_CHECK = 0x01;

/** CCW flag bits (format-0 CCW byte 4). */
export const CCW_CD = 0x80; // chain data
export const CCW_CC = 0x40; // chain command
export const CCW_SLI = 0x20; // suppress length indication
export const CCW_SKIP = 0x10;
export const CCW_PCI = 0x08;
export const CCW_IDA = 0x04; // not in S/370 channels without IDA: program check

/** Basic sense byte 0 bits, common to most devices. */
export const SENSE_COMMAND_REJECT = 0x80;
export const SENSE_INTERVENTION_REQUIRED = 0x40;
export const SENSE_BUS_OUT_CHECK = 0x20;
export const SENSE_EQUIPMENT_CHECK = 0x10;
export const SENSE_DATA_CHECK = 0x08;
export const SENSE_OVERRUN = 0x04;

/** The kind of transfer a command code implies (GA22-7000 "Command Code"). */
export type CommandKind = 'write' | 'read' | 'read-backward' | 'control' | 'sense' | 'tic' | 'invalid';

export function commandKind(cmd: number): CommandKind {
  if ((cmd & 0x0f) === 0x08) return 'tic';
  if ((cmd & 0x0f) === 0x00) return 'invalid';
  if ((cmd & 0x0f) === 0x04) return 'sense';
  if ((cmd & 0x0f) === 0x0c) return 'read-backward';
  if ((cmd & 0x03) === 0x01) return 'write';
  if ((cmd & 0x03) === 0x02) return 'read';
  return 'control';
}

/**
 * One CCW as the device sees it. The channel performs data chaining itself: the CCWs of a
 * data chain reach the device as one command whose count is their sum.
 */
export interface CcwRequest {
  readonly command: number;
  readonly flags: number;
  /** Byte count from the CCW (1 to 65535). */
  readonly count: number;
  /**
   * Data area of `count` bytes. For write-type commands the channel has filled it from
   * storage; for read-type commands the device fills it and the channel stores the first
   * `count - residual` bytes (in reverse order for read-backward).
   */
  readonly data: Uint8Array;
  /** True when this CCW was reached by command chaining from the previous one. */
  readonly chained: boolean;
  /** Command code of the previous CCW in the chain (0 for the first). */
  readonly prevCommand: number;
  /** 0 for the first CCW of a channel program, then 1, 2, ... */
  readonly sequence: number;
}

export interface CcwResult {
  /** Unit status; CE+DE for a normal end, UC with sense prepared for an error. */
  unitStatus: number;
  /** Bytes not transferred. */
  residual: number;
  /**
   * For read-type commands: the device had more data than `count` (e.g. an 80-byte card
   * read with count 40). The channel then signals incorrect length unless SLI is set.
   */
  more?: boolean;
}

/** What a device can ask of the channel it is attached to. */
export interface DeviceHost {
  /** Presents unsolicited status (attention, device end after becoming ready, ...). */
  presentStatus(device: Device, unitStatus: number): void;
}

export interface Device {
  /** Device address (cuu), 0x000 to 0xFFF. */
  readonly devnum: number;
  /** Device type as Hercules names it: 0x3505, 0x3270, 0x3350 ... */
  readonly devtype: number;
  /**
   * Executes one CCW. Returns the result, or `'pending'` when the device will finish later
   * (a console read waiting for the operator, a slow host operation), in which case it
   * calls `done` exactly once, after it has filled `ccw.data`.
   */
  startCcw(ccw: CcwRequest, done: (result: CcwResult) => void): CcwResult | 'pending';
  /** Current sense bytes (what a Sense CCW returns). */
  sense(): Uint8Array;
  /** HIO/HDV/CLRIO or a system reset: abandon any pending operation. */
  halt(): void;
  /** Called by the channel subsystem when the device is attached, so it can raise status. */
  attach?(host: DeviceHost): void;
  /** Releases host resources (files, sockets). */
  close?(): void | Promise<void>;
  /** One line for `devlist` / QUERY: type, file, state. */
  describe?(): string;
  /**
   * `devinit`: new Hercules device-line arguments (a new host file, options). Throws an
   * Error with a message for the operator when they are not acceptable.
   */
  reinit?(args: readonly string[]): void;
}

/** Helper for devices: the sense a command reject leaves, and the status that goes with it. */
export function commandReject(sense: Uint8Array, ccw: CcwRequest): CcwResult {
  sense.fill(0);
  sense[0] = SENSE_COMMAND_REJECT;
  return { unitStatus: US_CE_DE | US_UNIT_CHECK, residual: ccw.count };
}
