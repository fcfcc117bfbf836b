// Sends a CP console's screen to a 3270 as data streams: the first time (and after
// CLEAR) an Erase/Write that formats the two fields, then Writes of what changed.
// Orders as DMKGRF uses them (vm370-r6.md §4d): input attribute X'C1' (unprotected,
// MDT on) or X'4D' (non-display) at the end of the output area, status attribute X'60'.
import { CMD, ORDER, WCC, AID, encodeAddress, isShortReadAid, pfNumber, decodeAddress } from '../../../terminal/index.ts';
import { fromEbcdic, toEbcdic } from '../../../cpu370/index.ts';
import type { CpConsole } from './console.ts';
import { abstractScreen } from './screen.ts';

const ATTR_INPUT = 0xc1;
const ATTR_INPUT_HIDDEN = 0x4d;
const ATTR_STATUS = 0x60;

export class Renderer3270 {
  private sentRows: string[] | null = null;
  private sentHidden = false;
  private inputDirty = false;

  /** `alternate`: the console uses the model's alternate size (Erase/Write Alternate). */
  constructor(
    private readonly console: CpConsole,
    private readonly alternate = false,
  ) {}

  /** Forces a full Erase/Write next time (after CLEAR, or a new session). */
  invalidate(): void {
    this.sentRows = null;
  }

  /** The stream that brings the terminal up to date. `restore` unlocks the keyboard. */
  render(restore = true): Uint8Array {
    const c = this.console;
    const l = c.layout;
    const scr = abstractScreen(c);
    const full = this.sentRows === null;
    let wcc = WCC.RESET | (restore ? WCC.RESTORE : 0);
    if (c.alarm) {
      wcc |= WCC.ALARM;
      c.alarm = false;
    }
    const out: number[] = [full ? (this.alternate ? CMD.EWA : CMD.EW) : CMD.W, wcc];
    const sba = (a: number) => out.push(ORDER.SBA, ...encodeAddress(a, l.size));
    const text = (s: string) => out.push(...toEbcdic(s));
    for (let r = 0; r < l.outputRows; r++) {
      const width = r === l.outputRows - 1 ? l.cols - 1 : l.cols;
      const row = scr.rows[r]!.slice(0, width);
      if (!full && this.sentRows![r] === row) continue;
      sba(r * l.cols);
      const body = row.replace(/ +$/, '');
      text(body);
      if (body.length < width) {
        // Repeat to Address: nulls up to the end of the row.
        out.push(ORDER.RA, ...encodeAddress(r * l.cols + width, l.size), 0x00);
      }
    }
    if (full || this.inputDirty || this.sentHidden !== c.hidden || c.inputPreset !== '') {
      this.inputDirty = false;
      sba(l.inputAttr);
      out.push(ORDER.SF, c.hidden ? ATTR_INPUT_HIDDEN : ATTR_INPUT);
      const preset = c.hidden ? '' : c.inputPreset;
      text(preset);
      out.push(ORDER.RA, ...encodeAddress(l.statusAttr, l.size), 0x00);
      c.inputPreset = '';
      this.sentHidden = c.hidden;
      sba(l.inputStart + preset.length);
      out.push(ORDER.IC);
    }
    sba(l.statusAttr);
    out.push(ORDER.SF, ATTR_STATUS);
    text(scr.rows[l.rows - 1]!.slice(l.statusStart % l.cols));
    this.sentRows = scr.rows.slice(0, l.outputRows);
    return Uint8Array.from(out);
  }

  /** After the user pressed Enter: the input field is erased for the next line. */
  clearInput(): void {
    this.inputDirty = true;
  }
}

export interface Inbound {
  readonly aid: number;
  /** The input field's text (Enter and PF keys). */
  readonly text: string;
}

/** Parses an inbound 3270 record (AID, cursor, then SBA + data per modified field). */
export function parseInbound(data: Uint8Array, inputStart: number): Inbound {
  const aid = data[0] ?? AID.NONE;
  if (isShortReadAid(aid) || data.length < 3) return { aid, text: '' };
  let text = '';
  let i = 3;
  while (i < data.length) {
    if (data[i] === ORDER.SBA && i + 2 < data.length) {
      const addr = decodeAddress(data[i + 1]!, data[i + 2]!);
      i += 3;
      let j = i;
      while (j < data.length && data[j] !== ORDER.SBA) j++;
      if (addr === inputStart) text = fromEbcdic(data.subarray(i, j).filter((b) => b !== 0));
      i = j;
    } else i++;
  }
  return { aid, text };
}

export { pfNumber };
