// Line printers 1403 and 3211 (GA24-3312 1403 Component Description, GA24-3543 3211)
// writing a host text file the way Hercules' printer does: each line without trailing
// blanks, then the carriage motion as "\n" per line spaced, "\r" for no spacing
// (overprint), "\f" when a skip to channel goes to the next page.
//
// Command code bits 0-4 give the carriage motion: X'01' write without spacing, X'09',
// X'11', X'19' write then space 1-3 lines, X'89'..X'E1' write then skip to channel 1-12;
// with X'x3' instead of X'x1' the motion is immediate without printing. The forms-control
// buffer (FCB) maps lines to channels; LOAD FCB (X'63') loads it: one byte per line, the
// channel number in bits 4-7, X'10' marking the last line (or, in the first byte, 8 lines
// per inch); an optional leading print-position index byte (bits 0-1 = 10 or 11).

import { type CcwRequest, type CcwResult, type Device } from '../channel/device.ts';
import { codePage, type CodePage } from '../ebcdic/ebcdic.ts';
import { CMD_NOP, CMD_SENSE, CMD_SENSE_ID, equipmentCheck, notReady, ok, openOutputFile, type OutputFile, printable, reject, senseAndReset, splitArgs, unitCheck } from './common.ts';
import { SENSE_COMMAND_REJECT, SENSE_EQUIPMENT_CHECK } from '../channel/device.ts';

const LOAD_FCB = 0x63;
const FOLD = 0x43;
const UNFOLD = 0x23;
const BLOCK_DATA_CHECK = 0x73;
const ALLOW_DATA_CHECK = 0x7b;
const LINE_WIDTH = 150;
/** Hercules' default FCB: 66 lines; channels 1-12 at lines 1, 7, 13, 19, 25, 31, 37, 43, 63, 49, 55, 61. */
const DEFAULT_LPP = 66;
const DEFAULT_CHANNEL_LINES = [1, 7, 13, 19, 25, 31, 37, 43, 63, 49, 55, 61];

const KEYWORDS = ['crlf', 'fcbcheck', 'nofcbcheck', 'append', 'codepage', 'fcb', 'lpp', 'index', 'noclear', 'rawcc', 'browse'] as const;

export class Printer implements Device {
  readonly devnum: number;
  readonly devtype: number;
  private readonly senseBytes = new Uint8Array(1);
  private out: OutputFile | null = null;
  private crlf = false;
  private fcbCheck = true;
  private fold = false;
  private page: CodePage = codePage('cp037');
  /** fcb[line] = channel punched at that line (1-based lines), 0 for none. */
  private fcb: number[] = [];
  private lpp = DEFAULT_LPP;
  private currentLine = 1;
  /** The last write did not space: a skip to the current line's channel goes to the next page. */
  private overprinted = false;
  ignored: string[] = [];
  lines = 0;

  constructor(devnum: number, devtype: number, args: readonly string[] = []) {
    this.devnum = devnum;
    this.devtype = devtype;
    this.configure(args);
  }

  reinit(args: readonly string[]): void {
    this.configure(args);
  }

  private configure(args: readonly string[]): void {
    const { files, options } = splitArgs(args, KEYWORDS);
    this.out?.close();
    this.out = null;
    this.crlf = options.has('crlf');
    this.fcbCheck = !options.has('nofcbcheck');
    if (options.has('codepage')) this.page = codePage(options.get('codepage'));
    this.ignored = [...files.slice(1), ...['index', 'noclear', 'rawcc', 'browse'].filter((o) => options.has(o))];
    this.setDefaultFcb();
    if (options.has('lpp')) this.lpp = parseLpp(options.get('lpp')!);
    if (options.has('fcb')) this.fcbFromOption(options.get('fcb')!);
    this.currentLine = 1;
    this.overprinted = false;
    this.out = openOutputFile(files, options);
    this.lines = 0;
  }

  private setDefaultFcb(): void {
    this.lpp = DEFAULT_LPP;
    this.fcb = new Array(DEFAULT_LPP + 1).fill(0);
    DEFAULT_CHANNEL_LINES.forEach((line, i) => (this.fcb[line] = i + 1));
  }

  /** `fcb=1:7:13:...`: the lines of channels 1, 2, 3 ... in order (0: channel not punched). */
  private fcbFromOption(text: string): void {
    const lines = text.split(/[:,]/).map((t) => Number(t));
    this.fcb = new Array(this.lpp + 1).fill(0);
    lines.forEach((line, i) => {
      if (!Number.isInteger(line) || line < 0 || line > this.lpp) throw new Error(`fcb= line ${line} is not 0-${this.lpp}`);
      if (line > 0 && i < 12) this.fcb[line] = i + 1;
    });
  }

  sense(): Uint8Array {
    return this.senseBytes;
  }

  halt(): void {}

  close(): void {
    this.out?.close();
    this.out = null;
  }

  describe(): string {
    return `${this.out?.path ?? '*'} lpp=${this.lpp} line=${this.currentLine} ${this.lines} lines`;
  }

  startCcw(ccw: CcwRequest): CcwResult {
    const cmd = ccw.command;
    if (cmd === CMD_SENSE) {
      return senseAndReset(ccw, this.senseBytes);
    }
    if (cmd === CMD_SENSE_ID) return reject(this.senseBytes, ccw);
    // Control commands transfer no data: the whole count is left (as Hercules shows it).
    if (cmd === CMD_NOP || cmd === BLOCK_DATA_CHECK || cmd === ALLOW_DATA_CHECK) return ok(ccw.count);
    if (cmd === FOLD || cmd === UNFOLD) {
      this.fold = cmd === FOLD;
      return ok(ccw.count);
    }
    if (!this.out) return notReady(this.senseBytes, ccw);
    try {
      if (cmd === LOAD_FCB) return this.loadFcb(ccw);
      const motion = cmd & 0xf8;
      const low = cmd & 0x07;
      const spaces = motion <= 0x18 ? motion >>> 3 : -1;
      const channel = motion >= 0x88 && motion <= 0xe0 ? (motion - 0x80) >>> 3 : -1;
      if (low === 0x01 && (spaces >= 0 || channel > 0)) {
        const n = Math.min(ccw.count, LINE_WIDTH);
        this.print(ccw.data.subarray(0, n));
        this.lines++;
        const r = spaces >= 0 ? this.space(spaces, ccw) : this.skip(channel, ccw, true);
        return r ?? ok(ccw.count - n);
      }
      if (low === 0x03 && (spaces > 0 || channel > 0)) {
        return (spaces > 0 ? this.space(spaces, ccw) : this.skip(channel, ccw, false)) ?? ok(ccw.count);
      }
    } catch {
      return equipmentCheck(this.senseBytes, ccw);
    }
    return reject(this.senseBytes, ccw);
  }

  private print(data: Uint8Array): void {
    let text = printable(data, this.page);
    if (this.fold) text = text.toUpperCase();
    this.out!.write(text.replace(/ +$/, ''));
  }

  /** Spacing after a write (n = 0: no spacing, the next line overprints). */
  private space(n: number, _ccw: CcwRequest): CcwResult | undefined {
    if (n === 0) {
      this.overprinted = true;
      this.out!.write('\r');
      return undefined;
    }
    this.overprinted = false;
    this.out!.write((this.crlf ? '\r\n' : '\n').repeat(n));
    this.currentLine += n;
    while (this.currentLine > this.lpp) this.currentLine -= this.lpp;
    return undefined;
  }

  private skip(channel: number, ccw: CcwRequest, afterWrite: boolean): CcwResult | undefined {
    if (afterWrite && channel === 1) this.out!.write('\r');
    let dest = -1;
    for (let i = 0; i < this.lpp; i++) {
      const line = ((this.currentLine - 1 + i) % this.lpp) + 1;
      if (this.fcb[line] === channel) {
        dest = line;
        break;
      }
    }
    if (dest < 0) {
      if (!this.fcbCheck) {
        this.out!.write(this.crlf ? '\r\n' : '\n');
        return undefined;
      }
      return unitCheck(this.senseBytes, SENSE_EQUIPMENT_CHECK, ccw);
    }
    if (dest < this.currentLine || (this.overprinted && dest <= this.currentLine)) {
      this.out!.write('\f');
      this.currentLine = 1;
    }
    this.overprinted = false;
    const nl = this.crlf ? '\r\n' : '\n';
    if (dest > this.currentLine) this.out!.write(nl.repeat(dest - this.currentLine));
    this.currentLine = dest;
    return undefined;
  }

  private loadFcb(ccw: CcwRequest): CcwResult {
    const b = ccw.data.subarray(0, ccw.count);
    let i = 0;
    if (b.length > 0 && (b[0]! & 0xc0) !== 0) i = 1; // print-position index byte (not used for a text file)
    const fcb: number[] = [0];
    let ended = false;
    for (; i < b.length; i++) {
      const channel = b[i]! & 0x0f;
      if (channel > 12) return unitCheck(this.senseBytes, SENSE_COMMAND_REJECT, ccw);
      fcb.push(channel);
      const line = fcb.length - 1;
      if ((b[i]! & 0x10) !== 0 && line > 1) {
        ended = true;
        i++;
        break;
      }
    }
    if (!ended) return unitCheck(this.senseBytes, SENSE_COMMAND_REJECT, ccw);
    this.fcb = fcb;
    this.lpp = fcb.length - 1;
    this.currentLine = 1;
    return ok(ccw.count - i);
  }
}

function parseLpp(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 255) throw new Error(`lpp=${text} is not 1-255`);
  return n;
}
