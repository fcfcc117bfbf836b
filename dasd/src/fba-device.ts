// An FBA disk (3310, 3370): Define Extent, Locate, Read, Write, Read IPL, Sense, Sense ID,
// Read Device Characteristics (IBM 3370 Reference Summary GX26-1659; behaviour where the
// summary is silent as in Hercules' fbadasd.c).
import {
  CCW_CD, SENSE_COMMAND_REJECT, SENSE_EQUIPMENT_CHECK, SENSE_INTERVENTION_REQUIRED, SENSE_OVERRUN, US_CE_DE, US_UNIT_CHECK,
  type CcwRequest, type CcwResult, type Device,
} from '../../cpu370/index.ts';
import type { FbaGeometry } from './geometry.ts';
import { FBA_BLOCK_SIZE, type FbaImage } from './image/fba-image.ts';
import { openFbaImage } from './image/open.ts';
import { parseDasdArgs } from './device-args.ts';

/** Define Extent file mask. */
const MASK_CONTROL = 0xc0;
const MASK_INHIBIT_FORMAT = 0x00;
const MASK_INHIBIT_WRITES = 0x40;
const MASK_CONTROL_RESERVED = 0x80;
const MASK_RESERVED = 0x33 | 0x08;

/** Locate operation codes. */
const OP_WRITE = 0x01;
const OP_READ_REPLICATED = 0x02;
const OP_FORMAT_DEFECTIVE = 0x04;
const OP_WRITE_VERIFY = 0x05;
const OP_READ = 0x06;
const OP_RESERVED = 0xe0;

class UnitCheck {
  constructor(readonly residual: number) {}
}

export class FbaDevice implements Device {
  readonly devtype: number;
  readonly geometry: FbaGeometry;
  private senseBytes = new Uint8Array(24);
  private extentDefined = false;
  private mask = 0;
  /** Extent: first block on the device, and first/last block numbers of the data set. */
  private extentOrigin = 0;
  private extentFirst = 0;
  private extentLast = 0;
  private operation = 0;
  private blocksLeft = 0;
  /** Next block (relative to the device) to read or write. */
  private block = 0;

  constructor(
    readonly devnum: number,
    private image: FbaImage | undefined,
  ) {
    if (!image) throw new Error('an FBA device needs an image');
    this.geometry = image.geometry;
    this.devtype = image.geometry.devtype;
  }

  sense(): Uint8Array {
    return this.senseBytes.slice();
  }

  halt(): void {}

  describe(): string {
    return this.image ? `${this.geometry.name} ${this.image.path} blocks=${this.image.blocks}` : `${this.geometry.name} (no image)`;
  }

  close(): void {
    this.image?.close();
    this.image = undefined;
  }

  /** `devinit`: another image file for the drive. */
  reinit(args: readonly string[]): void {
    const a = parseDasdArgs(this.geometry.name, args);
    const image = openFbaImage(a.file, this.geometry.name, { readOnly: a.readOnly });
    this.image?.close();
    this.image = image;
  }

  private check(byte0: number, residual: number): never {
    this.senseBytes = new Uint8Array(24);
    this.senseBytes[0] = byte0;
    throw new UnitCheck(residual);
  }

  startCcw(ccw: CcwRequest): CcwResult {
    if (ccw.sequence === 0 || !ccw.chained) {
      this.extentDefined = false;
      this.mask = 0;
      this.blocksLeft = 0;
      this.operation = 0;
    }
    try {
      if (!this.image) this.check(SENSE_INTERVENTION_REQUIRED, ccw.count);
      return this.execute(ccw);
    } catch (e) {
      if (e instanceof UnitCheck) return { unitStatus: US_CE_DE | US_UNIT_CHECK, residual: e.residual };
      this.senseBytes = new Uint8Array(24);
      this.senseBytes[0] = SENSE_EQUIPMENT_CHECK;
      return { unitStatus: US_CE_DE | US_UNIT_CHECK, residual: ccw.count };
    }
  }

  private transferIn(ccw: CcwRequest, bytes: Uint8Array): CcwResult {
    const n = Math.min(ccw.count, bytes.length);
    ccw.data.set(bytes.subarray(0, n));
    return { unitStatus: US_CE_DE, residual: ccw.count - n, ...(bytes.length > ccw.count ? { more: true } : {}) };
  }

  private execute(ccw: CcwRequest): CcwResult {
    switch (ccw.command) {
      case 0x03:
        return { unitStatus: US_CE_DE, residual: ccw.count };
      case 0x04:
      case 0x94:
      case 0xb4:
      case 0x14: {
        if (ccw.command !== 0x04 && this.extentDefined) this.check(SENSE_COMMAND_REJECT, ccw.count);
        const r = this.transferIn(ccw, this.senseBytes);
        this.senseBytes = new Uint8Array(24);
        return r;
      }
      case 0xe4: {
        const g = this.geometry;
        return this.transferIn(ccw, Uint8Array.of(0xff, g.controlUnitType >> 8, g.controlUnitType & 0xff, 0x01, g.devtype >> 8, g.devtype & 0xff, g.model));
      }
      case 0x64:
        return this.transferIn(ccw, fbaDeviceCharacteristics(this.geometry, this.image!.blocks));
      case 0x63:
        return this.defineExtent(ccw);
      case 0x43:
        return this.locate(ccw);
      case 0x42:
        return this.read(ccw);
      case 0x41:
        return this.write(ccw);
      case 0x02:
        return this.readIpl(ccw);
      default:
        return this.check(SENSE_COMMAND_REJECT, ccw.count);
    }
  }

  private defineExtent(ccw: CcwRequest): CcwResult {
    if (ccw.count < 16 || this.extentDefined) this.check(SENSE_COMMAND_REJECT, ccw.count - Math.min(ccw.count, 16));
    const v = new DataView(ccw.data.buffer, ccw.data.byteOffset, 16);
    const mask = ccw.data[0]!;
    if (mask & MASK_RESERVED || (mask & MASK_CONTROL) === MASK_CONTROL_RESERVED) this.check(SENSE_COMMAND_REJECT, ccw.count - 16);
    const origin = v.getUint32(4);
    const first = v.getUint32(8);
    const last = v.getUint32(12);
    const blocks = this.image!.blocks;
    if (last < first || origin > blocks || last - first >= blocks - origin) this.check(SENSE_COMMAND_REJECT, ccw.count - 16);
    this.mask = mask;
    this.extentOrigin = origin;
    this.extentFirst = first;
    this.extentLast = last;
    this.extentDefined = true;
    return { unitStatus: US_CE_DE, residual: ccw.count - 16 };
  }

  private locate(ccw: CcwRequest): CcwResult {
    const rest = ccw.count - Math.min(ccw.count, 8);
    if (ccw.count < 8 || !this.extentDefined) this.check(SENSE_COMMAND_REJECT, rest);
    const d = ccw.data;
    const op = d[0]!;
    if (op & OP_RESERVED) this.check(SENSE_COMMAND_REJECT, rest);
    const code = op & 0x0f;
    const ctl = this.mask & MASK_CONTROL;
    if ((code === OP_WRITE || code === OP_WRITE_VERIFY) && (ctl === MASK_INHIBIT_WRITES || this.image!.readOnly)) this.check(SENSE_COMMAND_REJECT, rest);
    else if (code === OP_FORMAT_DEFECTIVE && ctl === MASK_INHIBIT_FORMAT) this.check(SENSE_COMMAND_REJECT, rest);
    else if (![OP_WRITE, OP_WRITE_VERIFY, OP_READ, OP_READ_REPLICATED, OP_FORMAT_DEFECTIVE].includes(code)) this.check(SENSE_COMMAND_REJECT, rest);
    const replication = d[1]!;
    const count = (d[2]! << 8) | d[3]!;
    const block = ((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0;
    // The blocks must lie within the extent (GX26-1659 "Locate").
    if (count === 0 || count > this.extentLast + 1 || block < this.extentFirst || block > this.extentLast + 1 - count) this.check(SENSE_COMMAND_REJECT, rest);
    if (code === OP_READ_REPLICATED && (replication === 0 || replication % count !== 0)) this.check(SENSE_COMMAND_REJECT, rest);
    this.operation = code;
    this.blocksLeft = count;
    this.block = this.extentOrigin + block - this.extentFirst;
    return { unitStatus: US_CE_DE, residual: rest };
  }

  private read(ccw: CcwRequest): CcwResult {
    if (ccw.prevCommand !== 0x43 && ccw.prevCommand !== 0x02) this.check(SENSE_COMMAND_REJECT, ccw.count);
    if (ccw.prevCommand === 0x43 && this.operation !== OP_READ && this.operation !== OP_READ_REPLICATED) this.check(SENSE_COMMAND_REJECT, ccw.count);
    if ((ccw.flags & CCW_CD) && ccw.count % FBA_BLOCK_SIZE !== 0) this.check(SENSE_OVERRUN, ccw.count);
    const blocks = Math.min(this.blocksLeft, Math.ceil(ccw.count / FBA_BLOCK_SIZE));
    const data = this.image!.readBlocks(this.block, blocks);
    const n = Math.min(ccw.count, data.length);
    ccw.data.set(data.subarray(0, n));
    this.block += blocks;
    this.blocksLeft -= blocks;
    const more = this.blocksLeft > 0 || n < data.length;
    return { unitStatus: US_CE_DE, residual: ccw.count - n, ...(more ? { more: true } : {}) };
  }

  private write(ccw: CcwRequest): CcwResult {
    if (ccw.prevCommand !== 0x43) this.check(SENSE_COMMAND_REJECT, ccw.count);
    if (this.operation !== OP_WRITE && this.operation !== OP_WRITE_VERIFY) this.check(SENSE_COMMAND_REJECT, ccw.count);
    if ((ccw.flags & CCW_CD) && ccw.count % FBA_BLOCK_SIZE !== 0) this.check(SENSE_OVERRUN, ccw.count);
    const blocks = Math.min(this.blocksLeft, Math.ceil(ccw.count / FBA_BLOCK_SIZE));
    const n = Math.min(ccw.count, blocks * FBA_BLOCK_SIZE);
    // A short last block is padded with zeros.
    const data = new Uint8Array(blocks * FBA_BLOCK_SIZE);
    data.set(ccw.data.subarray(0, n));
    if (blocks > 0) this.image!.writeBlocks(this.block, data);
    this.block += blocks;
    this.blocksLeft -= blocks;
    const more = this.blocksLeft > 0 || n < blocks * FBA_BLOCK_SIZE;
    return { unitStatus: US_CE_DE, residual: ccw.count - n, ...(more ? { more: true } : {}) };
  }

  private readIpl(ccw: CcwRequest): CcwResult {
    if (ccw.chained && ccw.prevCommand !== 0x02) this.check(SENSE_COMMAND_REJECT, ccw.count);
    this.mask = 0;
    this.extentOrigin = 0;
    this.extentFirst = 0;
    this.extentLast = this.image!.blocks - 1;
    this.extentDefined = true;
    this.block = 0;
    this.blocksLeft = 1;
    this.operation = OP_READ;
    const data = this.image!.readBlocks(0, 1);
    // A Read chained from Read IPL continues with the blocks that follow.
    this.block = 1;
    this.blocksLeft = this.image!.blocks - 1;
    return this.transferIn(ccw, data);
  }
}

/** Read Device Characteristics, 32 bytes (3370 reference "Device Characteristics"). */
export function fbaDeviceCharacteristics(g: FbaGeometry, blocks: number): Uint8Array {
  const b = new Uint8Array(32);
  const v = new DataView(b.buffer);
  b[0] = 0x30; // operation modes
  b[1] = 0x08; // features
  b[2] = g.deviceClass;
  b[3] = g.unitType;
  v.setUint16(4, g.blockSize);
  v.setUint32(6, g.blocksPerCyclicalGroup);
  v.setUint32(10, g.blocksPerAccessPosition);
  v.setUint32(14, blocks);
  return b;
}
