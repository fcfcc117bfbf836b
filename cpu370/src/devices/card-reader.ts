// Card readers 2540R, 3505, 2501, 1442 (GA21-9124 3505/3525 Component Description;
// Hercules cardrdr device-line options). Cards come from a queue of host files, each
// either 80-byte EBCDIC card images or text lines converted to EBCDIC.
//
// Commands: READ (any X'02' modifier: feed, stacker select), feed/select-stacker
// (treated as no-operation), NOP, SENSE (4 bytes), SENSE ID. At the end of the last file:
// unit exception (`eof`) or unit check with intervention required (`intrq`, the default),
// after which the reader goes on with the next file of the queue, or is empty until
// `devinit` gives it a new file. With `multifile` the files of the queue are read as one.

import { readFileSync } from 'node:fs';
import {
  SENSE_DATA_CHECK,
  SENSE_EQUIPMENT_CHECK,
  SENSE_INTERVENTION_REQUIRED,
  US_CE_DE,
  US_DEVICE_END,
  US_UNIT_EXCEPTION,
  type CcwRequest,
  type CcwResult,
  type Device,
  type DeviceHost,
} from '../channel/device.ts';
import { codePage, toEbcdic, type CodePage } from '../ebcdic/ebcdic.ts';
import { CMD_NOP, CMD_SENSE, CMD_SENSE_ID, ok, reject, senseAndReset, senseIdBytes, splitArgs, transferIn, unitCheck } from './common.ts';

export const CARD = 80;
/** Sense byte 1: retry after intervention required is cleared. */
const SENSE1_RETRY_AFTER_IR = 0x10;

export type CardMode = 'auto' | 'ebcdic' | 'ascii';

const KEYWORDS = ['ebcdic', 'ascii', 'eof', 'intrq', 'trunc', 'autopad', 'multifile', 'codepage', 'sockdev', 'deconfigured'] as const;

export class CardReader implements Device {
  readonly devnum: number;
  readonly devtype: number;
  private readonly senseBytes = new Uint8Array(4);
  private files: string[] = [];
  private cards: Uint8Array[] = [];
  private next = 0;
  private loaded = false;
  private mode: CardMode = 'auto';
  private eof = false;
  private trunc = false;
  private autopad = false;
  private multifile = false;
  private page: CodePage = codePage('cp037');
  private host: DeviceHost | undefined;
  /** Options given on the device line that this reader does not act on. */
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
    this.host?.presentStatus(this, US_DEVICE_END);
  }

  /** Adds a file to the end of the queue (the reader's hopper). */
  enqueue(file: string): void {
    this.files.push(file);
  }

  private configure(args: readonly string[]): void {
    const { files, options } = splitArgs(args, KEYWORDS);
    this.mode = options.has('ebcdic') ? 'ebcdic' : options.has('ascii') ? 'ascii' : 'auto';
    this.eof = options.has('eof') && !options.has('intrq');
    this.trunc = options.has('trunc');
    this.autopad = options.has('autopad');
    this.multifile = options.has('multifile');
    if (options.has('codepage')) this.page = codePage(options.get('codepage'));
    this.ignored = ['sockdev', 'deconfigured'].filter((o) => options.has(o));
    this.files = files.filter((f) => f !== '*');
    this.cards = [];
    this.next = 0;
    this.loaded = false;
    this.senseBytes.fill(0);
  }

  sense(): Uint8Array {
    return this.senseBytes;
  }

  halt(): void {}

  describe(): string {
    const left = this.loaded ? this.cards.length - this.next : 0;
    const file = this.files[0] ?? '*';
    return `${file}${this.files.length > 1 ? ` (+${this.files.length - 1} queued)` : ''} ${this.mode}${this.eof ? ' eof' : ' intrq'}${this.loaded ? ` ${left} cards left` : ''}`;
  }

  startCcw(ccw: CcwRequest): CcwResult {
    const cmd = ccw.command;
    if (cmd === CMD_SENSE) {
      if (this.senseBytes[0] === 0 && this.files.length === 0 && !this.loaded) {
        this.senseBytes[0] = SENSE_INTERVENTION_REQUIRED;
        this.senseBytes[1] = SENSE1_RETRY_AFTER_IR;
      }
      return senseAndReset(ccw, this.senseBytes);
    }
    if (cmd === CMD_SENSE_ID) return transferIn(ccw, senseIdBytes(0x2821, 0x01, this.devtype, 0x01));
    if ((cmd & 0x17) === 0x02) return this.read(ccw);
    if (cmd === CMD_NOP || (cmd & 0x37) === 0x23) return ok();
    return reject(this.senseBytes, ccw);
  }

  private read(ccw: CcwRequest): CcwResult {
    for (;;) {
      if (!this.loaded) {
        const file = this.files[0];
        if (file === undefined) return unitCheck(this.senseBytes, SENSE_INTERVENTION_REQUIRED, ccw, SENSE1_RETRY_AFTER_IR);
        const loaded = this.load(file, ccw);
        if (loaded) return loaded;
      }
      if (this.next < this.cards.length) {
        this.senseBytes.fill(0);
        return transferIn(ccw, this.cards[this.next++]!);
      }
      // End of this file: on to the next one in the queue, or end of file.
      this.files.shift();
      this.loaded = false;
      this.cards = [];
      this.next = 0;
      if (this.files.length !== 0 && this.multifile) continue;
      if (this.eof) return { unitStatus: US_CE_DE | US_UNIT_EXCEPTION, residual: ccw.count };
      return unitCheck(this.senseBytes, SENSE_INTERVENTION_REQUIRED, ccw, SENSE1_RETRY_AFTER_IR);
    }
  }

  /** Reads a whole file into card images; returns a unit-check result when it cannot. */
  private load(file: string, ccw: CcwRequest): CcwResult | undefined {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch {
      this.files.shift();
      return unitCheck(this.senseBytes, SENSE_EQUIPMENT_CHECK, ccw);
    }
    const ascii = this.mode === 'ascii' || (this.mode === 'auto' && looksLikeText(bytes));
    const cards = ascii ? textCards(bytes, this.page, this.trunc) : binaryCards(bytes, this.autopad);
    if (!cards) {
      // An over-long text line (without trunc) or a partial last card (without autopad).
      this.files.shift();
      return unitCheck(this.senseBytes, SENSE_DATA_CHECK, ccw);
    }
    this.cards = cards;
    this.next = 0;
    this.loaded = true;
    return undefined;
  }
}

/**
 * Hercules' automatic detection: text when the first 160 bytes (up to an X'1A') are ASCII
 * characters, CR, LF or tab. Unlike Hercules, which keeps the mode found for the first file,
 * each file of the queue is detected by itself (an EBCDIC deck can be followed by text).
 */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 160);
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 0x1a) break;
    if ((c < 0x20 || c > 0x7f) && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

function binaryCards(bytes: Uint8Array, autopad: boolean): Uint8Array[] | null {
  const cards: Uint8Array[] = [];
  for (let off = 0; off < bytes.length; off += CARD) {
    const part = bytes.subarray(off, off + CARD);
    if (part.length < CARD) {
      if (!autopad) return null;
      const c = new Uint8Array(CARD);
      c.set(part);
      cards.push(c);
    } else cards.push(part.slice());
  }
  return cards;
}

/**
 * Text lines to EBCDIC cards: UTF-8 (or, when the file is not valid UTF-8, Latin-1); CR
 * ignored, tabs to every 8th column, X'1A' ends the file, short lines padded with blanks.
 */
function textCards(bytes: Uint8Array, page: CodePage, trunc: boolean): Uint8Array[] | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = Buffer.from(bytes).toString('latin1');
  }
  const cards: Uint8Array[] = [];
  let line: string[] = [];
  let any = false;
  const flush = () => {
    const card = new Uint8Array(CARD).fill(0x40);
    card.set(toEbcdic(line.join(''), page));
    cards.push(card);
    line = [];
    any = false;
  };
  for (const ch of text) {
    if (ch === '\x1a') break;
    if (ch === '\r') continue;
    if (ch === '\n') {
      flush();
      continue;
    }
    any = true;
    if (line.length >= CARD) {
      if (trunc) continue;
      return null;
    }
    if (ch === '\t') {
      do line.push(' ');
      while (line.length % 8 !== 0 && line.length < CARD);
      continue;
    }
    line.push(ch);
  }
  if (any || line.length) flush();
  return cards;
}
