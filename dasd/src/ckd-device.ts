// A CKD disk drive behind its storage control (2841, 2314, 3830, 3880), one CCW at a time.
// Command semantics follow the 3830/3880 storage control references (GA26-1592,
// GA26-1661) and IBM 3330/3340/3350 reference summaries; where they leave room, the
// behaviour is Hercules' (ckddasd.c), so channel programs act the same on both.
import {
  US_CE_DE, US_STATUS_MODIFIER, US_UNIT_CHECK, US_UNIT_EXCEPTION,
  type CcwRequest, type CcwResult, type Device,
} from '../../cpu370/index.ts';
import type { CkdImage } from './image/ckd-image.ts';
import { openCkdImage } from './image/open.ts';
import { parseDasdArgs } from './device-args.ts';
import { TrackDataError } from './image/errors.ts';
import { recordSpace, recordsFit, type CkdGeometry } from './geometry.ts';
import { buildTrack, parseTrack, type RecordCount } from './image/track.ts';
import {
  FORMAT_EQUIPMENT, MSG_COUNT_TOO_SMALL, MSG_INVALID_COMMAND, MSG_INVALID_PARAMETER, MSG_INVALID_SEQUENCE,
  SENSE0_COMMAND_REJECT, SENSE0_DATA_CHECK, SENSE0_EQUIPMENT_CHECK, SENSE0_INTERVENTION_REQUIRED, SENSE0_SEEK_CHECK,
  SENSE1_END_OF_CYLINDER, SENSE1_FILE_PROTECTED, SENSE1_INVALID_TRACK_FORMAT, SENSE1_NO_RECORD_FOUND, SENSE1_WRITE_INHIBITED,
  buildCkdSense,
} from './sense.ts';

/** File mask bits (Set File Mask, X'1F'). */
export const MASK_WRITE_CONTROL = 0xc0;
export const MASK_INHIBIT_WRITE_HA_R0 = 0x00;
export const MASK_INHIBIT_ALL_WRITES = 0x40;
export const MASK_WRITE_UPDATE_ONLY = 0x80;
export const MASK_ALLOW_ALL_WRITES = 0xc0;
export const MASK_RESERVED = 0x20;
export const MASK_SEEK_CONTROL = 0x18;
export const MASK_ALLOW_ALL_SEEKS = 0x00;
export const MASK_SEEK_CYL_HEAD = 0x08;
export const MASK_SEEK_HEAD_ONLY = 0x10;
export const MASK_INHIBIT_SEEK_MT = 0x18;

interface Rec {
  count: RecordCount;
  key: Uint8Array;
  data: Uint8Array;
}

type Area = 'index' | 'ha' | 'count' | 'key' | 'data';

/** A unit check ends the command: its sense bytes are already set. */
class UnitCheck {
  constructor(readonly residual: number) {}
}

const isMultitrack = (cmd: number) => (cmd & 0x80) !== 0;
const WRITE_COMMANDS = new Set([0x05, 0x0d, 0x1d, 0x9d, 0x15, 0x19, 0x11, 0x01]);

export class CkdDevice implements Device {
  readonly devtype: number;
  readonly geometry: CkdGeometry;
  private senseBytes: Uint8Array;
  private cyl = 0;
  private head = 0;
  private records: Rec[] = [];
  private haBytes: Uint8Array = new Uint8Array(5);
  private loaded = false;
  /** Index in `records` of the record the device is in; -1 before R0. */
  private pos = -1;
  private area: Area = 'index';
  // per channel program
  private fileMask = 0;
  private fileMaskSet = false;
  private indexPassed = false;
  private searchIdEqual = false;
  private searchKeyEqual = false;
  private searchHaEqual = false;
  private wroteCkdOrR0 = false;

  constructor(
    readonly devnum: number,
    private image: CkdImage | undefined,
  ) {
    if (!image) throw new Error('a CKD device needs an image');
    this.geometry = image.geometry;
    this.devtype = image.geometry.devtype;
    this.senseBytes = new Uint8Array(this.geometry.senseLength);
  }

  sense(): Uint8Array {
    return this.senseBytes.slice();
  }

  halt(): void {}

  describe(): string {
    const img = this.image;
    return img ? `${this.geometry.name} ${img.path} ${img.format} cyls=${img.cylinders}` : `${this.geometry.name} (no image)`;
  }

  close(): void {
    this.image?.close();
    this.image = undefined;
  }

  /** `devinit`: a new image file for the drive; the old one is closed once the new one is open. */
  reinit(args: readonly string[]): void {
    const a = parseDasdArgs(this.geometry.name, args);
    this.attachImage(openCkdImage(a.file, { readOnly: a.readOnly, shadow: a.shadow }));
  }

  /** Mounts another volume of the same device type (the operator's devinit). */
  attachImage(image: CkdImage): void {
    if ((image.geometry.devtype & 0xff) !== (this.geometry.devtype & 0xff)) {
      image.close();
      throw new Error(`${image.path} is a ${image.geometry.name} volume, not ${this.geometry.name}`);
    }
    this.image?.close();
    this.image = image;
    this.loaded = false;
    this.moveTo(0, 0);
  }

  /** Current seek address (for tests and `devlist`). */
  position(): { cyl: number; head: number } {
    return { cyl: this.cyl, head: this.head };
  }

  private setSense(byte0: number, byte1: number, formatMessage = 0): void {
    this.senseBytes = buildCkdSense(this.geometry, this.devnum, this.cyl, this.head, this.image?.cylinders ?? 0, byte0, byte1, formatMessage);
  }

  private check(byte0: number, byte1: number, formatMessage: number, residual: number): never {
    this.setSense(byte0, byte1, formatMessage);
    throw new UnitCheck(residual);
  }

  private reject(ccw: CcwRequest, message: number): never {
    return this.check(SENSE0_COMMAND_REJECT, 0, message, ccw.count);
  }

  startCcw(ccw: CcwRequest): CcwResult {
    if (ccw.sequence === 0 || !ccw.chained) this.resetChain();
    try {
      return this.execute(ccw);
    } catch (e) {
      if (e instanceof UnitCheck) return { unitStatus: US_CE_DE | US_UNIT_CHECK, residual: e.residual };
      if (e instanceof TrackDataError) {
        this.setSense(SENSE0_DATA_CHECK, 0, 0);
      } else {
        this.setSense(SENSE0_EQUIPMENT_CHECK, 0, FORMAT_EQUIPMENT);
      }
      return { unitStatus: US_CE_DE | US_UNIT_CHECK, residual: ccw.count };
    }
  }

  private resetChain(): void {
    this.fileMask = 0;
    this.fileMaskSet = false;
    this.indexPassed = false;
    this.searchIdEqual = this.searchKeyEqual = this.searchHaEqual = this.wroteCkdOrR0 = false;
    this.area = 'index';
    this.pos = -1;
  }

  private execute(ccw: CcwRequest): CcwResult {
    const cmd = ccw.command;
    if (!this.image) return this.check(SENSE0_INTERVENTION_REQUIRED, 0, 0, ccw.count);
    // Sense and status commands do not disturb the search flags of the chain.
    switch (cmd) {
      case 0x04:
        return this.senseCommand(ccw);
      case 0xe4:
        return this.senseId(ccw);
      case 0x64:
        return this.readDeviceCharacteristics(ccw);
      case 0x94:
      case 0xb4:
      case 0x14:
        return this.reserveRelease(ccw);
      case 0x03:
      case 0x17:
        return this.done(ccw.count);
    }
    // A read-only image is a drive with its write-inhibit switch on (3830 sense byte 1 bit 6).
    if (this.image.readOnly && WRITE_COMMANDS.has(cmd)) return this.check(SENSE0_COMMAND_REJECT, SENSE1_WRITE_INHIBITED, MSG_INVALID_COMMAND, ccw.count);
    const searched = { id: this.searchIdEqual, key: this.searchKeyEqual, ha: this.searchHaEqual, wrote: this.wroteCkdOrR0 };
    this.searchIdEqual = this.searchKeyEqual = this.searchHaEqual = this.wroteCkdOrR0 = false;
    switch (cmd) {
      case 0x07:
      case 0x0b:
      case 0x1b:
        return this.seek(ccw);
      case 0x13:
        return this.recalibrate(ccw);
      case 0x1f:
        return this.setFileMask(ccw);
      case 0x22:
        return this.readSector(ccw);
      case 0x23:
        return this.setSector(ccw);
      case 0x02:
        return this.readIpl(ccw);
      case 0x1a:
      case 0x9a:
        return this.readHomeAddress(ccw);
      case 0x39:
      case 0xb9:
        return this.searchHomeAddress(ccw);
      case 0x16:
      case 0x96:
        return this.readR0(ccw);
      case 0x12:
      case 0x92:
        return this.readCount(ccw);
      case 0x1e:
      case 0x9e:
        return this.readCkd(ccw);
      case 0x0e:
      case 0x8e:
        return this.readKeyData(ccw);
      case 0x06:
      case 0x86:
        return this.readData(ccw);
      case 0x5e:
        if (!this.geometry.has3880Commands) return this.reject(ccw, MSG_INVALID_COMMAND);
        return this.readMultipleCkd(ccw);
      case 0x31:
      case 0xb1:
      case 0x51:
      case 0xd1:
      case 0x71:
      case 0xf1:
        return this.searchId(ccw);
      case 0x29:
      case 0xa9:
      case 0x49:
      case 0xc9:
      case 0x69:
      case 0xe9:
        return this.searchKey(ccw);
      case 0x05:
        return this.writeData(ccw, searched);
      case 0x0d:
        return this.writeKeyData(ccw, searched);
      case 0x1d:
        return this.writeCkd(ccw, searched);
      case 0x01:
        // Write Special CKD: a track-overflow segment; 3375 and 3380 have no track overflow.
        if (this.geometry.has3880Commands) return this.reject(ccw, MSG_INVALID_COMMAND);
        return this.writeCkd(ccw, searched, true);
      case 0x9d:
        if (!this.geometry.has3880Commands) return this.reject(ccw, MSG_INVALID_COMMAND);
        return this.writeCkdNextTrack(ccw, searched);
      case 0x15:
        return this.writeR0(ccw, searched);
      case 0x19:
        return this.writeHomeAddress(ccw);
      case 0x11:
        return this.erase(ccw, searched);
      case 0x0f:
        return this.spaceCount(ccw);
      default:
        return this.reject(ccw, MSG_INVALID_COMMAND);
    }
  }

  // ---- transfers -------------------------------------------------------------------

  private done(residual = 0, modifier = false): CcwResult {
    return { unitStatus: US_CE_DE | (modifier ? US_STATUS_MODIFIER : 0), residual };
  }

  /** Moves `bytes` into the channel's buffer; the channel reports any length mismatch. */
  private transferIn(ccw: CcwRequest, bytes: Uint8Array): CcwResult {
    const n = Math.min(ccw.count, bytes.length);
    ccw.data.set(bytes.subarray(0, n));
    return { unitStatus: US_CE_DE, residual: ccw.count - n, ...(bytes.length > ccw.count ? { more: true } : {}) };
  }

  /** Takes `length` bytes from the channel, padding with zeros when the CCW has fewer. */
  private transferOut(ccw: CcwRequest, length: number): { bytes: Uint8Array; result: CcwResult } {
    const bytes = new Uint8Array(length);
    const n = Math.min(ccw.count, length);
    bytes.set(ccw.data.subarray(0, n));
    return { bytes, result: { unitStatus: US_CE_DE, residual: ccw.count - n, ...(length > ccw.count ? { more: true } : {}) } };
  }

  // ---- track handling --------------------------------------------------------------

  private trackNumber(): number {
    return this.cyl * this.geometry.heads + this.head;
  }

  private load(): void {
    if (this.loaded) return;
    const img = this.image!;
    const image = img.readTrack(this.cyl * img.heads + this.head);
    const parsed = parseTrack(image);
    if ('error' in parsed) throw new TrackDataError(`track ${this.cyl}/${this.head}: ${parsed.error}`);
    this.haBytes = image.slice(0, 5);
    this.records = parsed.records.map((r) => ({
      count: { cyl: r.cyl, head: r.head, record: r.record, keyLength: r.keyLength, dataLength: r.dataLength },
      key: image.slice(r.offset + 8, r.offset + 8 + r.keyLength),
      data: image.slice(r.offset + 8 + r.keyLength, r.offset + 8 + r.keyLength + r.dataLength),
    }));
    this.loaded = true;
  }

  private store(): void {
    const img = this.image!;
    const track = buildTrack((this.haBytes[1]! << 8) | this.haBytes[2]!, (this.haBytes[3]! << 8) | this.haBytes[4]!, this.records);
    track[0] = this.haBytes[0]!;
    img.writeTrack(this.trackNumber(), track);
  }

  private moveTo(cyl: number, head: number): void {
    this.cyl = cyl;
    this.head = head;
    this.loaded = false;
    this.area = 'index';
    this.pos = -1;
  }

  /** Multitrack: on to the next head of the cylinder (GA26-1592 "Multiple Track Operation"). */
  private advanceTrack(ccw: CcwRequest): void {
    if ((this.fileMask & MASK_SEEK_CONTROL) === MASK_INHIBIT_SEEK_MT) this.check(0, SENSE1_FILE_PROTECTED, 0, ccw.count);
    if (this.head + 1 >= this.image!.heads) this.check(0, SENSE1_END_OF_CYLINDER, 0, ccw.count);
    this.moveTo(this.cyl, this.head + 1);
  }

  /** Positions to the home address of the current track (passing index), or the next with multitrack. */
  private orientHomeAddress(ccw: CcwRequest): void {
    if (isMultitrack(ccw.command) && this.area !== 'index') this.advanceTrack(ccw);
    this.load();
    this.area = 'ha';
    this.pos = -1;
  }

  /**
   * Passes over the rest of the current record to the next count area and returns that
   * record's index. Reaching the end of the track goes round through index (once per
   * channel program; the second time is No Record Found) or, for multitrack commands,
   * on to the next track.
   */
  private nextCount(ccw: CcwRequest, skipR0: boolean): number {
    const cmd = ccw.command;
    const low = cmd & 0x7f;
    const idSearch = low === 0x31 || low === 0x51 || low === 0x71;
    const keySearch = low === 0x29 || low === 0x49 || low === 0x69;
    this.load();
    let i = this.area === 'index' || this.area === 'ha' ? 0 : this.pos + 1;
    for (let guard = 0; guard < 4 * this.image!.heads + 8; guard++) {
      while (i < this.records.length) {
        if (skipR0 && this.records[i]!.count.record === 0 && i === 0) {
          i++;
          continue;
        }
        this.pos = i;
        this.area = 'count';
        return i;
      }
      // End of track. A second pass of index in the channel program without an
      // intervening data transfer is No Record Found, except for multitrack reads and key
      // searches, which go on to the next track (GA26-1592 "Multiple Track Operation").
      const mt = isMultitrack(cmd);
      if (this.indexPassed && !(mt && (isRead(cmd) || keySearch))) this.check(0, SENSE1_NO_RECORD_FOUND, 0, ccw.count);
      if (!mt) {
        this.indexPassed = true;
      } else {
        this.advanceTrack(ccw);
        if (!idSearch && !keySearch) this.indexPassed = true;
        this.load();
      }
      i = 0;
    }
    return this.check(0, SENSE1_NO_RECORD_FOUND, 0, ccw.count);
  }

  private current(): Rec {
    return this.records[this.pos]!;
  }

  // ---- control ---------------------------------------------------------------------

  private seek(ccw: CcwRequest): CcwResult {
    const cmd = ccw.command;
    const sk = this.fileMask & MASK_SEEK_CONTROL;
    if ((cmd === 0x07 && sk !== MASK_ALLOW_ALL_SEEKS) || (cmd === 0x0b && sk !== MASK_ALLOW_ALL_SEEKS && sk !== MASK_SEEK_CYL_HEAD) || (cmd === 0x1b && sk === MASK_INHIBIT_SEEK_MT)) {
      this.check(0, SENSE1_FILE_PROTECTED, 0, ccw.count);
    }
    if (ccw.count < 6) return this.reject(ccw, MSG_COUNT_TOO_SMALL);
    const d = ccw.data;
    const bin = (d[0]! << 8) | d[1]!;
    const cyl = cmd === 0x1b ? this.cyl : (d[2]! << 8) | d[3]!;
    const head = (d[4]! << 8) | d[5]!;
    if (bin !== 0 || cyl >= this.image!.cylinders || head >= this.image!.heads) {
      // The 2841 and 2314 controls report an unreachable address as a seek check.
      if (this.geometry.senseLength === 6) this.check(SENSE0_SEEK_CHECK, 0, 0, ccw.count - 6);
      this.check(SENSE0_COMMAND_REJECT, 0, MSG_INVALID_PARAMETER, ccw.count - 6);
    }
    this.moveTo(cyl, head);
    this.indexPassed = false;
    return this.done(ccw.count - 6);
  }

  private recalibrate(ccw: CcwRequest): CcwResult {
    if ((this.fileMask & MASK_SEEK_CONTROL) !== MASK_ALLOW_ALL_SEEKS) this.check(0, SENSE1_FILE_PROTECTED, 0, ccw.count);
    this.moveTo(0, 0);
    this.indexPassed = false;
    return this.done(ccw.count);
  }

  private setFileMask(ccw: CcwRequest): CcwResult {
    if (this.fileMaskSet) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    if (ccw.count < 1) return this.reject(ccw, MSG_COUNT_TOO_SMALL);
    const mask = ccw.data[0]!;
    if (mask & MASK_RESERVED) this.check(SENSE0_COMMAND_REJECT, 0, MSG_INVALID_PARAMETER, ccw.count - 1);
    this.fileMask = mask;
    this.fileMaskSet = true;
    return this.done(ccw.count - 1);
  }

  private readSector(ccw: CcwRequest): CcwResult {
    if (this.geometry.sectors === 0) return this.reject(ccw, MSG_INVALID_COMMAND);
    this.load();
    // The angular position of the current record, from the capacity formula's track use.
    let used = 0;
    for (let i = 1; i <= this.pos && i < this.records.length; i++) {
      const r = this.records[i]!.count;
      used += recordSpace(this.geometry, r.keyLength, r.dataLength).otherwise;
    }
    const sector = this.area === 'index' || this.area === 'ha' ? 0 : Math.min(this.geometry.sectors - 1, Math.floor((used * this.geometry.sectors) / this.geometry.trackLength));
    return this.transferIn(ccw, Uint8Array.of(sector));
  }

  private setSector(ccw: CcwRequest): CcwResult {
    if (this.geometry.sectors === 0) return this.reject(ccw, MSG_INVALID_COMMAND);
    if (ccw.count < 1) return this.reject(ccw, MSG_COUNT_TOO_SMALL);
    const sector = ccw.data[0]!;
    if (sector >= this.geometry.sectors && sector !== 0xff) this.check(SENSE0_COMMAND_REJECT, 0, MSG_INVALID_PARAMETER, ccw.count - 1);
    this.area = 'index';
    this.pos = -1;
    return this.done(ccw.count - 1);
  }

  // ---- sense -----------------------------------------------------------------------

  private senseCommand(ccw: CcwRequest): CcwResult {
    const result = this.transferIn(ccw, this.senseBytes);
    this.senseBytes = new Uint8Array(this.geometry.senseLength);
    return result;
  }

  private senseId(ccw: CcwRequest): CcwResult {
    if (!this.geometry.hasSenseId) return this.reject(ccw, MSG_INVALID_COMMAND);
    const g = this.geometry;
    const cu = g.controlUnit;
    return this.transferIn(ccw, Uint8Array.of(0xff, cu.devtype >> 8, cu.devtype & 0xff, cu.model, g.devtype >> 8, g.devtype & 0xff, g.model));
  }

  private readDeviceCharacteristics(ccw: CcwRequest): CcwResult {
    if (!this.geometry.hasReadDeviceCharacteristics) return this.reject(ccw, MSG_INVALID_COMMAND);
    return this.transferIn(ccw, deviceCharacteristics(this.geometry, this.image!.cylinders));
  }

  private reserveRelease(ccw: CcwRequest): CcwResult {
    if (this.geometry.senseLength !== 24) return this.reject(ccw, MSG_INVALID_COMMAND);
    // A single host: reserve and release always succeed; both return the sense bytes.
    return this.transferIn(ccw, this.senseBytes);
  }

  // ---- reads -----------------------------------------------------------------------

  private readIpl(ccw: CcwRequest): CcwResult {
    this.moveTo(0, 0);
    this.indexPassed = false;
    this.nextCount(ccw, true);
    this.area = 'data';
    this.indexPassed = false;
    return this.endOfFile(this.transferIn(ccw, this.dataWithOverflow(ccw)));
  }

  private readHomeAddress(ccw: CcwRequest): CcwResult {
    this.orientHomeAddress(ccw);
    this.indexPassed = false;
    return this.transferIn(ccw, this.haBytes);
  }

  private searchHomeAddress(ccw: CcwRequest): CcwResult {
    this.orientHomeAddress(ccw);
    const n = Math.min(ccw.count, 4);
    const equal = compare(ccw.data.subarray(0, n), this.haBytes.subarray(1, 1 + n)) === 0;
    this.searchHaEqual = equal;
    return this.done(ccw.count - n, equal);
  }

  private readR0(ccw: CcwRequest): CcwResult {
    if (this.area !== 'ha') this.orientHomeAddress(ccw);
    this.load();
    const r0 = this.records[0];
    if (!r0 || r0.count.record !== 0) this.check(0, SENSE1_NO_RECORD_FOUND, 0, ccw.count);
    this.pos = 0;
    this.area = 'data';
    this.indexPassed = false;
    return this.endOfFile(this.transferIn(ccw, countKeyData(r0!)));
  }

  private readCount(ccw: CcwRequest): CcwResult {
    this.nextCount(ccw, true);
    return this.transferIn(ccw, countBytes(this.current()));
  }

  private readCkd(ccw: CcwRequest): CcwResult {
    this.nextCount(ccw, true);
    this.area = 'data';
    this.indexPassed = false;
    const r = this.current();
    const data = this.dataWithOverflow(ccw);
    return this.endOfFile(this.transferIn(ccw, concatBytes([countBytes(r), r.key, data])));
  }

  private readKeyData(ccw: CcwRequest): CcwResult {
    if (this.area !== 'count') this.nextCount(ccw, true);
    const r = this.current();
    this.area = 'data';
    this.indexPassed = false;
    return this.endOfFile(this.transferIn(ccw, concatBytes([r.key, this.dataWithOverflow(ccw)])));
  }

  private readData(ccw: CcwRequest): CcwResult {
    if (this.area !== 'count' && this.area !== 'key') this.nextCount(ccw, true);
    this.area = 'data';
    this.indexPassed = false;
    return this.endOfFile(this.transferIn(ccw, this.dataWithOverflow(ccw)));
  }

  /**
   * A record whose data length is zero is an end-of-file mark: reading or writing its data
   * ends with unit exception (3830 reference, "Unit Exception").
   */
  private endOfFile(result: CcwResult): CcwResult {
    if (this.current().count.dataLength === 0) result.unitStatus |= US_UNIT_EXCEPTION;
    return result;
  }

  /** Whether the current record is a track-overflow segment (flag in the cylinder byte, as Hercules keeps it). */
  private overflows(): boolean {
    const c = this.current().count.cyl;
    return this.image!.cylinders < 32768 && (c >> 8) !== 0xff && (c & 0x8000) !== 0;
  }

  /** The current record's data and, for a track-overflow record, the segments on the following tracks. */
  private dataWithOverflow(ccw: CcwRequest): Uint8Array {
    const parts = [this.current().data];
    while (this.overflows()) {
      this.advanceTrack(ccw);
      this.nextCount(ccw, true);
      parts.push(this.current().data);
    }
    return parts.length === 1 ? parts[0]! : concatBytes(parts);
  }

  private readMultipleCkd(ccw: CcwRequest): CcwResult {
    this.load();
    const start = this.area === 'index' || this.area === 'ha' ? 0 : this.pos + 1;
    const parts: Uint8Array[] = [];
    for (let i = start; i < this.records.length; i++) {
      if (i === 0 && this.records[0]!.count.record === 0) continue;
      parts.push(countKeyData(this.records[i]!));
    }
    this.pos = this.records.length - 1;
    this.area = 'data';
    this.indexPassed = false;
    return this.transferIn(ccw, concatBytes(parts));
  }

  // ---- searches --------------------------------------------------------------------

  private searchId(ccw: CcwRequest): CcwResult {
    this.nextCount(ccw, false);
    const id = countBytes(this.current()).subarray(0, 5);
    const n = Math.min(ccw.count, 5);
    const c = compare(id.subarray(0, n), ccw.data.subarray(0, n));
    const kind = ccw.command & 0x70;
    const satisfied = kind === 0x30 ? c === 0 : kind === 0x50 ? c > 0 : c >= 0;
    this.searchIdEqual = satisfied && c === 0;
    return this.done(ccw.count - n, satisfied);
  }

  private searchKey(ccw: CcwRequest): CcwResult {
    this.nextCount(ccw, true);
    const r = this.current();
    this.area = 'key';
    const n = Math.min(ccw.count, r.count.keyLength);
    if (r.count.keyLength === 0) return this.done(ccw.count);
    const c = compare(r.key.subarray(0, n), ccw.data.subarray(0, n));
    const kind = ccw.command & 0x70;
    const satisfied = kind === 0x20 ? c === 0 : kind === 0x40 ? c > 0 : c >= 0;
    this.searchKeyEqual = satisfied && c === 0;
    return this.done(ccw.count - n, satisfied);
  }

  // ---- writes ----------------------------------------------------------------------

  private writeControl(): number {
    return this.fileMask & MASK_WRITE_CONTROL;
  }

  private writeData(ccw: CcwRequest, s: Searched): CcwResult {
    if (!s.id && !s.key) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    if (this.writeControl() === MASK_INHIBIT_ALL_WRITES) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    // The segments of a track-overflow record take the data in turn.
    const segments: Array<{ cyl: number; head: number; rec: Rec }> = [{ cyl: this.cyl, head: this.head, rec: this.current() }];
    const total = () => segments.reduce((n, x) => n + x.rec.count.dataLength, 0);
    while (this.overflows()) {
      this.advanceTrack(ccw);
      this.nextCount(ccw, true);
      segments.push({ cyl: this.cyl, head: this.head, rec: this.current() });
    }
    const { bytes, result } = this.transferOut(ccw, total());
    let at = 0;
    for (const seg of segments) {
      if (seg.cyl !== this.cyl || seg.head !== this.head) {
        this.moveTo(seg.cyl, seg.head);
        this.load();
        this.pos = this.records.findIndex((r) => r.count.record === seg.rec.count.record);
      }
      const rec = this.records[this.pos]!;
      rec.data = bytes.slice(at, at + rec.count.dataLength);
      at += rec.count.dataLength;
      this.store();
    }
    this.area = 'data';
    this.indexPassed = false;
    return this.endOfFile(result);
  }

  private writeKeyData(ccw: CcwRequest, s: Searched): CcwResult {
    if (!s.id) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    if (this.writeControl() === MASK_INHIBIT_ALL_WRITES) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    const r = this.current();
    const { bytes, result } = this.transferOut(ccw, r.count.keyLength + r.count.dataLength);
    r.key = bytes.slice(0, r.count.keyLength);
    r.data = bytes.slice(r.count.keyLength);
    this.store();
    this.area = 'data';
    this.indexPassed = false;
    return this.endOfFile(result);
  }

  /** Formats a new record after the current one and erases the rest of the track. */
  private formatRecord(ccw: CcwRequest, after: number, overflowSegment = false): CcwResult {
    if (ccw.count < 8) return this.reject(ccw, MSG_COUNT_TOO_SMALL);
    const d = ccw.data;
    const count: RecordCount = {
      cyl: (d[0]! << 8) | d[1]!,
      head: (d[2]! << 8) | d[3]!,
      record: d[4]!,
      keyLength: d[5]!,
      dataLength: (d[6]! << 8) | d[7]!,
    };
    if (overflowSegment) count.cyl |= 0x8000;
    const { bytes, result } = this.transferOut(ccw, 8 + count.keyLength + count.dataLength);
    const rec: Rec = { count, key: bytes.slice(8, 8 + count.keyLength), data: bytes.slice(8 + count.keyLength) };
    const kept = this.records.slice(0, after + 1);
    const userRecords = [...kept, rec].filter((r, i) => !(i === 0 && r.count.record === 0)).map((r) => r.count);
    const trackBytes = 5 + [...kept, rec].reduce((n, r) => n + 8 + r.count.keyLength + r.count.dataLength, 0) + 8;
    if (!recordsFit(this.geometry, userRecords) || trackBytes > this.image!.trackSize) {
      this.check(0, SENSE1_INVALID_TRACK_FORMAT, 0, ccw.count);
    }
    this.records = [...kept, rec];
    this.store();
    this.pos = this.records.length - 1;
    this.area = 'data';
    this.indexPassed = false;
    this.wroteCkdOrR0 = true;
    return result;
  }

  private writeCkd(ccw: CcwRequest, s: Searched, overflowSegment = false): CcwResult {
    if (!s.id && !s.key && !s.wrote) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    const wc = this.writeControl();
    if (wc !== MASK_ALLOW_ALL_WRITES && wc !== MASK_INHIBIT_WRITE_HA_R0) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    return this.formatRecord(ccw, this.pos, overflowSegment);
  }

  /** 3880: Write CKD Next Track formats the first record after R0 of the next track. */
  private writeCkdNextTrack(ccw: CcwRequest, s: Searched): CcwResult {
    if (!s.wrote) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    const wc = this.writeControl();
    if (wc !== MASK_ALLOW_ALL_WRITES && wc !== MASK_INHIBIT_WRITE_HA_R0) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    if (this.head + 1 >= this.image!.heads) this.check(0, SENSE1_END_OF_CYLINDER, 0, ccw.count);
    this.moveTo(this.cyl, this.head + 1);
    this.load();
    const hasR0 = this.records[0]?.count.record === 0;
    return this.formatRecord(ccw, hasR0 ? 0 : -1);
  }

  private writeR0(ccw: CcwRequest, s: Searched): CcwResult {
    if (!s.ha) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    if (this.writeControl() !== MASK_ALLOW_ALL_WRITES) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    this.load();
    this.records = [];
    return this.formatRecord(ccw, -1);
  }

  private writeHomeAddress(ccw: CcwRequest): CcwResult {
    if (this.writeControl() !== MASK_ALLOW_ALL_WRITES) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    if (this.area !== 'index') return this.reject(ccw, MSG_INVALID_SEQUENCE);
    const { bytes, result } = this.transferOut(ccw, 5);
    this.load();
    this.haBytes = bytes;
    this.records = [];
    this.store();
    this.area = 'ha';
    this.pos = -1;
    this.searchHaEqual = true;
    return result;
  }

  private erase(ccw: CcwRequest, s: Searched): CcwResult {
    if (!s.id && !s.key && !s.wrote) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    const wc = this.writeControl();
    if (wc !== MASK_ALLOW_ALL_WRITES && wc !== MASK_INHIBIT_WRITE_HA_R0) return this.reject(ccw, MSG_INVALID_SEQUENCE);
    if (ccw.count < 8) return this.reject(ccw, MSG_COUNT_TOO_SMALL);
    const d = ccw.data;
    const length = 8 + d[5]! + ((d[6]! << 8) | d[7]!);
    this.records = this.records.slice(0, this.pos + 1);
    this.store();
    this.area = 'data';
    this.indexPassed = false;
    const n = Math.min(ccw.count, length);
    return { unitStatus: US_CE_DE, residual: ccw.count - n, ...(length > ccw.count ? { more: true } : {}) };
  }

  private spaceCount(ccw: CcwRequest): CcwResult {
    if (ccw.count < 3) return this.reject(ccw, MSG_COUNT_TOO_SMALL);
    this.nextCount(ccw, true);
    this.area = 'data';
    return this.done(ccw.count - 3);
  }
}

interface Searched {
  id: boolean;
  key: boolean;
  ha: boolean;
  wrote: boolean;
}

function isRead(cmd: number): boolean {
  return (cmd & 0x03) === 0x02;
}

function countBytes(r: Rec): Uint8Array {
  const c = r.count;
  return Uint8Array.of(c.cyl >> 8, c.cyl & 0xff, c.head >> 8, c.head & 0xff, c.record, c.keyLength, c.dataLength >> 8, c.dataLength & 0xff);
}

function countKeyData(r: Rec): Uint8Array {
  return concatBytes([countBytes(r), r.key, r.data]);
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Unsigned byte comparison of equal-length arrays: <0, 0, >0. */
function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}


/**
 * The 64 bytes of Read Device Characteristics (3880 storage control, GA26-1661 "Read
 * Device Characteristics"), laid out as Hercules builds them.
 */
export function deviceCharacteristics(g: CkdGeometry, cylinders: number): Uint8Array {
  const b = new Uint8Array(64);
  const v = new DataView(b.buffer);
  const cu = g.controlUnit;
  const alt = cylinders > g.cylinders ? cylinders - g.cylinders : 0;
  v.setUint16(0, cu.devtype);
  b[2] = cu.model;
  v.setUint16(3, g.devtype);
  b[5] = g.model;
  v.setUint32(6, cu.features >>> 0);
  b[10] = g.deviceClass;
  b[11] = g.deviceCode;
  v.setUint16(12, cylinders - alt);
  v.setUint16(14, g.heads);
  b[16] = g.sectors;
  v.setUint16(18, g.trackLength);
  v.setUint16(20, g.haR0Overhead);
  if (g.formula.kind === 'cells') {
    b[22] = 1;
    b[23] = g.formula.f1;
    v.setUint16(24, g.formula.f2);
    v.setUint16(26, g.formula.f3);
  }
  if (alt > 0) {
    v.setUint16(28, cylinders - alt);
    v.setUint16(30, alt * g.heads);
  }
  b[40] = g.deviceCode;
  b[41] = g.deviceCode;
  b[42] = cu.code;
  b[43] = 0x02;
  v.setUint16(44, g.r0Max);
  b[47] = 0x01;
  v.setUint16(49, g.rpsFactor);
  b[57] = 0xff;
  return b;
}
