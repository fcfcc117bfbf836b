// Card punches 2540P, 3525 (GA21-9124): every WRITE punches one card into a host file,
// as an 80-byte EBCDIC image (default, padded with blanks) or, with `ascii`, as a text
// line without trailing blanks (`crlf` for CR LF line ends).
// Commands: WRITE (X'01' with stacker-select modifiers X'41', X'81', X'C1'), NOP, SENSE (1
// byte), SENSE ID. No file: unit check, intervention required; host write error: unit
// check, equipment check.

import { type CcwRequest, type CcwResult, type Device } from '../channel/device.ts';
import { codePage, type CodePage } from '../ebcdic/ebcdic.ts';
import { CARD } from './card-reader.ts';
import { CMD_NOP, CMD_SENSE, CMD_SENSE_ID, equipmentCheck, notReady, ok, openOutputFile, type OutputFile, printable, reject, senseAndReset, senseIdBytes, splitArgs, transferIn } from './common.ts';

const KEYWORDS = ['ascii', 'ebcdic', 'crlf', 'noclear', 'append', 'codepage'] as const;

export class CardPunch implements Device {
  readonly devnum: number;
  readonly devtype: number;
  private readonly senseBytes = new Uint8Array(1);
  private out: OutputFile | null = null;
  private ascii = false;
  private crlf = false;
  private page: CodePage = codePage('cp037');
  ignored: string[] = [];
  cards = 0;

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
    this.ascii = options.has('ascii');
    this.crlf = options.has('crlf');
    if (options.has('codepage')) this.page = codePage(options.get('codepage'));
    this.ignored = [...files.slice(1)];
    if (options.has('noclear')) this.ignored.push('noclear');
    this.out = openOutputFile(files, options);
    this.cards = 0;
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
    return `${this.out?.path ?? '*'} ${this.ascii ? 'ascii' : 'ebcdic'} ${this.cards} cards`;
  }

  startCcw(ccw: CcwRequest): CcwResult {
    const cmd = ccw.command;
    if (cmd === CMD_SENSE) {
      return senseAndReset(ccw, this.senseBytes);
    }
    if (cmd === CMD_SENSE_ID) return transferIn(ccw, senseIdBytes(0x2821, 0x01, this.devtype, 0x01));
    if (cmd === CMD_NOP) return ok(ccw.count);
    if ((cmd & 0x3f) !== 0x01) return reject(this.senseBytes, ccw);
    if (!this.out) return notReady(this.senseBytes, ccw);
    const n = Math.min(ccw.count, CARD);
    const card = new Uint8Array(CARD).fill(0x40);
    card.set(ccw.data.subarray(0, n));
    try {
      if (this.ascii) {
        const text = printable(card, this.page).replace(/ +$/, '');
        this.out.write(text + (this.crlf ? '\r\n' : '\n'));
      } else this.out.write(card);
    } catch {
      return equipmentCheck(this.senseBytes, ccw);
    }
    this.cards++;
    this.senseBytes.fill(0);
    return ok(ccw.count - n);
  }
}
