// Pieces shared by the unit-record and tape devices: the Sense and Sense ID commands,
// status results, and host-file helpers.

import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import {
  SENSE_COMMAND_REJECT,
  SENSE_EQUIPMENT_CHECK,
  SENSE_INTERVENTION_REQUIRED,
  US_CE_DE,
  US_UNIT_CHECK,
  type CcwRequest,
  type CcwResult,
} from '../channel/device.ts';
import { fromEbcdic, type CodePage } from '../ebcdic/ebcdic.ts';

export const CMD_SENSE = 0x04;
export const CMD_SENSE_ID = 0xe4;
export const CMD_NOP = 0x03;

export function ok(residual = 0, more = false): CcwResult {
  return more ? { unitStatus: US_CE_DE, residual, more } : { unitStatus: US_CE_DE, residual };
}

/** Moves up to `count` bytes of `bytes` into the CCW data area: residual and "more" as the channel expects. */
export function transferIn(ccw: CcwRequest, bytes: Uint8Array, status = US_CE_DE): CcwResult {
  const n = Math.min(ccw.count, bytes.length);
  ccw.data.set(bytes.subarray(0, n));
  const r: CcwResult = { unitStatus: status, residual: ccw.count - n };
  if (bytes.length > ccw.count) r.more = true;
  return r;
}

/** SENSE: the sense bytes go to the program and are then reset (they describe the last unit check only). */
export function senseAndReset(ccw: CcwRequest, sense: Uint8Array): CcwResult {
  const r = transferIn(ccw, sense);
  sense.fill(0);
  return r;
}

/** Unit check with one sense byte-0 condition (the others are cleared). */
export function unitCheck(sense: Uint8Array, byte0: number, ccw: CcwRequest, byte1 = 0): CcwResult {
  sense.fill(0);
  sense[0] = byte0;
  if (sense.length > 1) sense[1] = byte1;
  return { unitStatus: US_CE_DE | US_UNIT_CHECK, residual: ccw.count };
}

export const reject = (sense: Uint8Array, ccw: CcwRequest) => unitCheck(sense, SENSE_COMMAND_REJECT, ccw);
export const notReady = (sense: Uint8Array, ccw: CcwRequest) => unitCheck(sense, SENSE_INTERVENTION_REQUIRED, ccw);
export const equipmentCheck = (sense: Uint8Array, ccw: CcwRequest) => unitCheck(sense, SENSE_EQUIPMENT_CHECK, ccw);

/** Sense ID bytes of a unit-record device on a 2821-style control unit: FF, CU type/model, device type/model. */
export function senseIdBytes(cuType: number, cuModel: number, devtype: number, devModel: number): Uint8Array {
  return Uint8Array.of(0xff, cuType >>> 8, cuType & 0xff, cuModel, devtype >>> 8, devtype & 0xff, devModel);
}

/** EBCDIC record as host text, control characters shown as blanks. */
export function printable(bytes: Uint8Array, page: CodePage): string {
  return fromEbcdic(bytes, page).replace(/[\x00-\x1f\x7f-\x9f]/g, ' ');
}

/** A host file written record by record (text as UTF-8); writes go straight to the file so a kill loses nothing acknowledged. */
export class OutputFile {
  private fd: number;
  readonly path: string;

  constructor(path: string, append = false) {
    this.path = path;
    this.fd = openSync(path, append ? 'a' : 'w');
  }

  write(bytes: Uint8Array | string): void {
    if (this.fd < 0) throw new Error(`${this.path} is closed`);
    const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
  }

  close(): void {
    if (this.fd < 0) return;
    try {
      fsyncSync(this.fd);
    } catch {
      // pipes and character devices cannot be synced
    }
    closeSync(this.fd);
    this.fd = -1;
  }
}

/** The output file of a device line (its first file name), opened; none for no name or `*`. */
export function openOutputFile(files: readonly string[], options: ReadonlyMap<string, string>): OutputFile | null {
  const file = files[0];
  return file && file !== '*' ? new OutputFile(file, options.has('append')) : null;
}

/** Splits Hercules device-line options into the file names and the keyword options it recognises. */
export function splitArgs(args: readonly string[], keywords: readonly string[]): { files: string[]; options: Map<string, string> } {
  const files: string[] = [];
  const options = new Map<string, string>();
  for (const a of args) {
    const eq = a.indexOf('=');
    const key = (eq > 0 ? a.slice(0, eq) : a).toLowerCase();
    if (keywords.includes(key)) options.set(key, eq > 0 ? a.slice(eq + 1) : '');
    else files.push(a);
  }
  return { files, options };
}
