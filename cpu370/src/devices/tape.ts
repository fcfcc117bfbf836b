// 3420 magnetic tape on an AWS image (GA32-0020 3420 Reference; device-line options as
// Hercules': `file [ro|readonly] [maxsize=bytes] [eotmargin=bytes]`; `*` = no tape).
//
// Commands: WRITE X'01', READ X'02', READ BACKWARD X'0C', SENSE X'04' (24 bytes), NOP X'03',
// REWIND X'07', REWIND UNLOAD X'0F', ERASE GAP X'17', WRITE TAPE MARK X'1F', BACKSPACE BLOCK
// X'27', BACKSPACE FILE X'2F', FORWARD SPACE BLOCK X'37', FORWARD SPACE FILE X'3F', DATA
// SECURITY ERASE X'97', mode sets (X'C3', X'CB', X'D3', X'DB', X'E3', X'EB', X'F3', X'FB')
// accepted as no-operations.
//
// Status: a tape mark read or spaced over gives unit exception; a write past
// maxsize - eotmargin gives unit exception (end-of-tape marker); reading or spacing past
// the recorded data gives unit check with equipment check, into a damaged part of the
// image unit check with data check;
// backward motion at load point gives unit check with command reject; writing a
// read-only tape gives unit check with command reject and file protect; no tape loaded
// gives unit check with intervention required.

import {
  SENSE_COMMAND_REJECT,
  SENSE_DATA_CHECK,
  SENSE_EQUIPMENT_CHECK,
  SENSE_INTERVENTION_REQUIRED,
  US_CE_DE,
  US_DEVICE_END,
  US_UNIT_CHECK,
  US_UNIT_EXCEPTION,
  type CcwRequest,
  type CcwResult,
  type Device,
  type DeviceHost,
} from '../channel/device.ts';
import { AwsFile } from './aws.ts';
import { CMD_NOP, CMD_SENSE, ok, splitArgs, transferIn } from './common.ts';

const WRITE = 0x01;
const READ = 0x02;
const READ_BACKWARD = 0x0c;
const REWIND = 0x07;
const REWIND_UNLOAD = 0x0f;
const ERASE_GAP = 0x17;
const WRITE_TAPE_MARK = 0x1f;
const BACKSPACE_BLOCK = 0x27;
const BACKSPACE_FILE = 0x2f;
const FORWARD_SPACE_BLOCK = 0x37;
const FORWARD_SPACE_FILE = 0x3f;
const DATA_SECURITY_ERASE = 0x97;
const MODE_SETS = new Set([0xc3, 0xcb, 0xd3, 0xdb, 0xe3, 0xeb, 0xf3, 0xfb]);

/** Sense byte 1 (3420): TU status A (ready), load point, file protected. */
const S1_READY = 0x40;
const S1_LOAD_POINT = 0x08;
const S1_FILE_PROTECT = 0x02;
/** Sense byte 4 bit 2: tape indicate (past the end-of-tape marker). */
const S4_TAPE_INDICATE = 0x20;
const SENSE_SIZE = 24;

const KEYWORDS = ['ro', 'readonly', 'maxsize', 'maxsizek', 'maxsizem', 'eotmargin', 'noautomount', 'compress', 'idrc', 'method', 'level', 'chunksize', 'awstape', 'deonirq', 'strictsize', 'blkid32', 'nosense'] as const;

export class Tape implements Device {
  readonly devnum: number;
  readonly devtype: number;
  private readonly error = new Uint8Array(SENSE_SIZE);
  private file: AwsFile | null = null;
  /** Index of the next block (0 = load point). */
  private pos = 0;
  private maxSize = 0;
  private eotMargin = 0;
  private pastEot = false;
  private host: DeviceHost | undefined;
  ignored: string[] = [];

  constructor(devnum: number, devtype: number, args: readonly string[] = []) {
    this.devnum = devnum;
    this.devtype = devtype;
    this.configure(args);
  }

  attach(host: DeviceHost): void {
    this.host = host;
  }

  reinit(args: readonly string[]): void {
    this.configure(args);
    if (this.file) this.host?.presentStatus(this, US_DEVICE_END);
  }

  private configure(args: readonly string[]): void {
    const { files, options } = splitArgs(args, KEYWORDS);
    this.file?.close();
    this.file = null;
    this.pos = 0;
    this.pastEot = false;
    this.error.fill(0);
    const num = (k: string, scale: number) => {
      const v = Number(options.get(k));
      if (!Number.isFinite(v) || v < 0) throw new Error(`${k}=${options.get(k)} is not a number`);
      return v * scale;
    };
    this.maxSize = options.has('maxsize') ? num('maxsize', 1) : options.has('maxsizek') ? num('maxsizek', 1024) : options.has('maxsizem') ? num('maxsizem', 1 << 20) : 0;
    this.eotMargin = options.has('eotmargin') ? num('eotmargin', 1) : 0;
    this.ignored = [...files.slice(1), ...KEYWORDS.filter((k) => options.has(k) && !['ro', 'readonly', 'maxsize', 'maxsizek', 'maxsizem', 'eotmargin'].includes(k))];
    const f = files[0];
    if (f && f !== '*') this.file = new AwsFile(f, options.has('ro') || (options.has('readonly') && options.get('readonly') !== '0'));
  }

  /** The current sense bytes: error conditions from the last command plus the drive's state. */
  sense(): Uint8Array {
    const s = this.error.slice();
    if (this.file) {
      s[1]! |= S1_READY;
      if (this.pos === 0) s[1]! |= S1_LOAD_POINT;
      if (this.file.readOnly) s[1]! |= S1_FILE_PROTECT;
      if (this.pastEot) s[4]! |= S4_TAPE_INDICATE;
    }
    return s;
  }

  halt(): void {}

  close(): void {
    this.file?.close();
    this.file = null;
  }

  describe(): string {
    if (!this.file) return '* (no tape)';
    return `${this.file.path}${this.file.readOnly ? ' ro' : ''} block ${this.pos} of ${this.file.blocks.length}${this.file.broken ? ` (damaged: ${this.file.broken})` : ''}`;
  }

  private check(byte0: number, ccw: CcwRequest): CcwResult {
    this.error.fill(0);
    this.error[0] = byte0;
    return { unitStatus: US_CE_DE | US_UNIT_CHECK, residual: ccw.count };
  }

  startCcw(ccw: CcwRequest): CcwResult {
    const cmd = ccw.command;
    if (cmd === CMD_SENSE) {
      const r = transferIn(ccw, this.sense());
      this.error.fill(0);
      return r;
    }
    if (!this.file) return this.check(SENSE_INTERVENTION_REQUIRED, ccw);
    const r = this.execute(ccw, this.file);
    // Control commands transfer no data: the whole count is left (as Hercules shows it).
    if (cmd !== READ && cmd !== READ_BACKWARD && cmd !== WRITE) r.residual = ccw.count;
    return r;
  }

  private execute(ccw: CcwRequest, f: AwsFile): CcwResult {
    const cmd = ccw.command;
    this.error.fill(0);
    try {
      switch (cmd) {
        case CMD_NOP:
          return ok();
        case READ:
          return this.read(ccw, f);
        case READ_BACKWARD:
          return this.readBackward(ccw, f);
        case WRITE:
        case WRITE_TAPE_MARK:
          return this.write(ccw, f, cmd === WRITE ? ccw.data.slice(0, ccw.count) : null);
        case REWIND:
          this.pos = 0;
          this.pastEot = false;
          return ok();
        case REWIND_UNLOAD:
          this.close();
          this.pos = 0;
          return ok();
        case ERASE_GAP:
          return f.readOnly ? this.protectedCheck(ccw) : ok();
        case DATA_SECURITY_ERASE:
          if (f.readOnly) return this.protectedCheck(ccw);
          f.eraseFrom(this.pos);
          return ok();
        case FORWARD_SPACE_BLOCK:
          return this.forwardBlock(ccw, f);
        case BACKSPACE_BLOCK:
          return this.backspaceBlock(ccw, f);
        case FORWARD_SPACE_FILE:
          for (;;) {
            const r = this.forwardBlock(ccw, f);
            if (r.unitStatus !== US_CE_DE) return r.unitStatus === (US_CE_DE | US_UNIT_EXCEPTION) ? ok() : r;
          }
        case BACKSPACE_FILE:
          if (this.pos === 0) return this.check(SENSE_COMMAND_REJECT, ccw);
          while (this.pos > 0) {
            this.pos--;
            if (f.blocks[this.pos]!.tapeMark) break;
          }
          return ok();
        default:
          if (MODE_SETS.has(cmd)) return ok();
          return this.check(SENSE_COMMAND_REJECT, ccw);
      }
    } catch {
      return this.check(SENSE_EQUIPMENT_CHECK, ccw);
    }
  }

  private protectedCheck(ccw: CcwRequest): CcwResult {
    const r = this.check(SENSE_COMMAND_REJECT, ccw);
    return r;
  }

  /** Past the recorded data: equipment check (as Hercules); into a damaged part of the image: data check. */
  private endOfData(ccw: CcwRequest, f: AwsFile): CcwResult {
    return this.check(f.broken ? SENSE_DATA_CHECK : SENSE_EQUIPMENT_CHECK, ccw);
  }

  private read(ccw: CcwRequest, f: AwsFile): CcwResult {
    if (this.pos >= f.blocks.length) return this.endOfData(ccw, f);
    const b = f.blocks[this.pos++]!;
    if (b.tapeMark) return { unitStatus: US_CE_DE | US_UNIT_EXCEPTION, residual: ccw.count };
    return transferIn(ccw, f.readBlock(this.pos - 1));
  }

  /** Read backward: the block's bytes last to first; data[0] is the block's last byte. */
  private readBackward(ccw: CcwRequest, f: AwsFile): CcwResult {
    if (this.pos === 0) return this.check(SENSE_COMMAND_REJECT, ccw);
    if (this.pos > f.blocks.length) return this.check(SENSE_DATA_CHECK, ccw);
    const b = f.blocks[--this.pos]!;
    if (b.tapeMark) return { unitStatus: US_CE_DE | US_UNIT_EXCEPTION, residual: ccw.count };
    return transferIn(ccw, f.readBlock(this.pos).reverse());
  }

  private write(ccw: CcwRequest, f: AwsFile, data: Uint8Array | null): CcwResult {
    if (f.readOnly) return this.protectedCheck(ccw);
    const size = f.sizeAfterWrite(this.pos, data ? data.length : null);
    if (this.maxSize > 0 && size > this.maxSize) {
      this.error[0] = SENSE_EQUIPMENT_CHECK;
      this.pastEot = true;
      return { unitStatus: US_CE_DE | US_UNIT_CHECK | US_UNIT_EXCEPTION, residual: ccw.count };
    }
    f.write(this.pos, data);
    this.pos++;
    if (this.maxSize > 0 && size > this.maxSize - this.eotMargin) {
      this.pastEot = true;
      return { unitStatus: US_CE_DE | US_UNIT_EXCEPTION, residual: 0 };
    }
    return ok();
  }

  private forwardBlock(ccw: CcwRequest, f: AwsFile): CcwResult {
    if (this.pos >= f.blocks.length) return this.endOfData(ccw, f);
    const b = f.blocks[this.pos++]!;
    return b.tapeMark ? { unitStatus: US_CE_DE | US_UNIT_EXCEPTION, residual: 0 } : ok();
  }

  private backspaceBlock(ccw: CcwRequest, f: AwsFile): CcwResult {
    if (this.pos === 0) return this.check(SENSE_COMMAND_REJECT, ccw);
    const b = f.blocks[--this.pos]!;
    return b.tapeMark ? { unitStatus: US_CE_DE | US_UNIT_EXCEPTION, residual: 0 } : ok();
  }
}
