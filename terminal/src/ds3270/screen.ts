// The one 3270 screen model: buffer, fields, extended attributes, cursor, MDT and the
// keyboard lock. Outbound streams (host -> terminal) are applied with `apply`; inbound
// streams (terminal -> host) are built with `readModified` / `readBuffer`.
// Semantics follow GA23-0059 chapters 3-4 (commands, orders); where the manual leaves
// room, x3270's ctlr.c behaviour is what clients expect.
import { attributeByte, decodeAddress, encodeAddress } from './address.ts';
import { AID, commandOf, FA, isShortReadAid, ORDER, WCC, XA, type Command } from './constants.ts';
import { terminalModel, type TerminalModel } from './models.ts';

export type OutboundResult =
  | { kind: 'write'; command: 'W' | 'EW' | 'EWA' | 'EAU'; wcc: number; error?: string }
  | { kind: 'read'; command: 'RB' | 'RM' | 'RMA' }
  | { kind: 'query' }
  | { kind: 'wsf' }
  | { kind: 'error'; error: string };

export type LockReason = 'wait' | 'protected' | 'overflow' | 'numeric' | 'not-connected' | 'minus-function';

interface CharAttrs {
  fg: number;
  bg: number;
  hl: number;
  cs: number;
}

export const CS_GE = 0xf1;

const ORDER_CODES = new Set<number>(Object.values(ORDER));

export class ScreenModel {
  readonly model: TerminalModel;
  rows: number;
  cols: number;
  alternate = false;
  readonly capacity: number;
  readonly chars: Uint8Array;
  /** Field attribute bits at a field attribute position, -1 elsewhere. */
  readonly fa: Int16Array;
  readonly fieldFg: Uint8Array;
  readonly fieldBg: Uint8Array;
  readonly fieldHl: Uint8Array;
  readonly charFg: Uint8Array;
  readonly charBg: Uint8Array;
  readonly charHl: Uint8Array;
  readonly charCs: Uint8Array;
  cursor = 0;
  lock: LockReason | null = 'wait';
  alarm = false;
  insertMode = false;
  /** Set by each write; lets a renderer skip unchanged frames. */
  generation = 0;

  constructor(model: TerminalModel | number = 2) {
    this.model = typeof model === 'number' ? terminalModel(model) : model;
    this.rows = this.model.primary.rows;
    this.cols = this.model.primary.cols;
    this.capacity = Math.max(this.model.alternate.rows * this.model.alternate.cols, this.rows * this.cols);
    const n = this.capacity;
    this.chars = new Uint8Array(n);
    this.fa = new Int16Array(n).fill(-1);
    this.fieldFg = new Uint8Array(n);
    this.fieldBg = new Uint8Array(n);
    this.fieldHl = new Uint8Array(n);
    this.charFg = new Uint8Array(n);
    this.charBg = new Uint8Array(n);
    this.charHl = new Uint8Array(n);
    this.charCs = new Uint8Array(n);
  }

  get size(): number {
    return this.rows * this.cols;
  }

  get keyboardLocked(): boolean {
    return this.lock !== null;
  }

  /** Clears the buffer and selects the primary (24x80) or the alternate size. */
  erase(alternate: boolean): void {
    const s = alternate ? this.model.alternate : this.model.primary;
    this.alternate = alternate;
    this.rows = s.rows;
    this.cols = s.cols;
    this.chars.fill(0);
    this.fa.fill(-1);
    for (const a of [this.fieldFg, this.fieldBg, this.fieldHl, this.charFg, this.charBg, this.charHl, this.charCs]) a.fill(0);
    this.cursor = 0;
    this.generation++;
  }

  // ---- fields ----

  isFormatted(): boolean {
    for (let i = 0; i < this.size; i++) if (this.fa[i]! >= 0) return true;
    return false;
  }

  /** Address of the field attribute that governs `addr`, or -1 on an unformatted screen. */
  fieldStart(addr: number): number {
    const n = this.size;
    for (let k = 0, p = addr; k < n; k++, p = (p + n - 1) % n) if (this.fa[p]! >= 0) return p;
    return -1;
  }

  /** For every position, the address of its governing field attribute (-1 if unformatted), in O(size). */
  fieldMap(): Int32Array {
    const n = this.size;
    const map = new Int32Array(n).fill(-1);
    let last = -1;
    for (let p = n - 1; p >= 0 && last < 0; p--) if (this.fa[p]! >= 0) last = p;
    for (let p = 0; p < n; p++) {
      if (this.fa[p]! >= 0) last = p;
      map[p] = last;
    }
    return map;
  }

  /** Field attribute bits governing `addr` (0 = unprotected alphanumeric when unformatted). */
  attrAt(addr: number): number {
    const f = this.fieldStart(addr);
    return f < 0 ? 0 : this.fa[f]!;
  }

  isProtected(addr: number): boolean {
    return this.fa[addr]! >= 0 || (this.attrAt(addr) & FA.PROTECT) !== 0;
  }

  /** Addresses of all field attributes, in buffer order. */
  fields(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.fa[i]! >= 0) out.push(i);
    return out;
  }

  /** First character position of the next unprotected field after `from` (wrapping), or -1. */
  nextUnprotected(from: number): number {
    const n = this.size;
    for (let k = 1; k <= n; k++) {
      const p = (from + k) % n;
      const q = (p + 1) % n;
      if (this.fa[p]! >= 0 && (this.fa[p]! & FA.PROTECT) === 0 && this.fa[q]! < 0) return q;
    }
    return -1;
  }

  // ---- outbound (host -> terminal) ----

  /** Applies one outbound stream (a record) in local or remote command-code form. Never throws. */
  apply(stream: Uint8Array): OutboundResult {
    if (stream.length === 0) return { kind: 'error', error: 'empty stream' };
    const command = commandOf(stream[0]!);
    if (!command) return { kind: 'error', error: `unknown command ${hex2(stream[0]!)}` };
    return this.applyCommand(command, stream, 1);
  }

  private applyCommand(command: Command, s: Uint8Array, start: number): OutboundResult {
    switch (command) {
      case 'RB':
      case 'RM':
      case 'RMA':
        return { kind: 'read', command };
      case 'EAU':
        this.eraseAllUnprotected();
        return { kind: 'write', command, wcc: 0 };
      case 'WSF':
        return this.structuredFields(s, start);
      case 'EW':
      case 'EWA':
        this.erase(command === 'EWA');
        return this.write(command, s, start);
      case 'W':
        return this.write(command, s, start);
    }
  }

  private structuredFields(s: Uint8Array, start: number): OutboundResult {
    let query = false;
    let i = start;
    while (i + 2 < s.length) {
      let len = (s[i]! << 8) | s[i + 1]!;
      if (len === 0) len = s.length - i;
      if (len < 3 || i + len > s.length) return { kind: 'error', error: `bad structured field length ${len}` };
      const id = s[i + 2]!;
      // Read Partition (ID 01): PID, type 02 = Query, 03 = Query List.
      if (id === 0x01 && len >= 5 && (s[i + 4] === 0x02 || s[i + 4] === 0x03)) query = true;
      // Outbound 3270DS (ID 40): PID, command, WCC, orders.
      if (id === 0x40 && len >= 5) {
        const cmd = commandOf(s[i + 4]!);
        if (cmd === 'W' || cmd === 'EW' || cmd === 'EWA' || cmd === 'EAU') {
          const r = this.applyCommand(cmd, s.subarray(i + 4, i + len), 1);
          if (r.kind === 'error') return r;
        }
      }
      i += len;
    }
    return query ? { kind: 'query' } : { kind: 'wsf' };
  }

  private write(command: 'W' | 'EW' | 'EWA', s: Uint8Array, start: number): OutboundResult {
    this.generation++;
    if (s.length <= start) return { kind: 'write', command, wcc: 0 };
    const wcc = s[start]!;
    if (wcc & WCC.RESET_MDT) for (const f of this.fields()) this.fa[f] = this.fa[f]! & ~FA.MDT;
    const size = this.size;
    let ba = this.cursor;
    const sa: CharAttrs = { fg: 0, bg: 0, hl: 0, cs: 0 };
    let lastWasChar = false;
    let error: string | undefined;
    const need = (i: number, n: number): boolean => {
      if (i + n < s.length) return true;
      error = `order at offset ${i} truncated`;
      return false;
    };
    const address = (i: number): number => {
      const a = decodeAddress(s[i]!, s[i + 1]!);
      if (a >= size) error = `address ${a} > maximum ${size - 1} at offset ${i}`;
      return a;
    };
    let i = start + 1;
    while (i < s.length && error === undefined) {
      const b = s[i]!;
      let isChar = false;
      switch (b) {
        case ORDER.SF:
          if (!need(i, 1)) break;
          this.setField(ba, s[i + 1]! & 0x3f, 0, 0, 0);
          ba = (ba + 1) % size;
          i += 2;
          break;
        case ORDER.SFE: {
          if (!need(i, 1)) break;
          const n = s[i + 1]!;
          if (!need(i, 1 + 2 * n)) break;
          let bits = 0, fg = 0, bg = 0, hl = 0;
          for (let k = 0; k < n; k++) {
            const t = s[i + 2 + 2 * k]!, v = s[i + 3 + 2 * k]!;
            if (t === XA.BASIC) bits = v & 0x3f;
            else if (t === XA.FOREGROUND) fg = v;
            else if (t === XA.BACKGROUND) bg = v;
            else if (t === XA.HIGHLIGHT) hl = v;
          }
          this.setField(ba, bits, fg, bg, hl);
          ba = (ba + 1) % size;
          i += 2 + 2 * n;
          break;
        }
        case ORDER.SBA: {
          if (!need(i, 2)) break;
          const a = address(i + 1);
          if (error === undefined) ba = a;
          i += 3;
          break;
        }
        case ORDER.IC:
          this.cursor = ba;
          i += 1;
          break;
        case ORDER.PT: {
          if (this.fa[ba]! >= 0 && (this.fa[ba]! & FA.PROTECT) === 0) {
            ba = (ba + 1) % size;
          } else {
            let target = this.nextUnprotected(ba);
            if (target < 0 || target < ba) target = 0;
            if (lastWasChar) {
              for (let p = ba; p !== target && this.fa[p]! < 0; p = (p + 1) % size) this.putChar(p, 0, sa);
            }
            ba = target;
          }
          i += 1;
          break;
        }
        case ORDER.RA: {
          if (!need(i, 3)) break;
          const a = address(i + 1);
          if (error !== undefined) break;
          let ch = s[i + 3]!;
          let cs = sa.cs;
          i += 4;
          if (ch === ORDER.GE) {
            if (i >= s.length) {
              error = 'RA with GE truncated';
              break;
            }
            ch = s[i]!;
            cs = CS_GE;
            i += 1;
          }
          do {
            this.putChar(ba, ch, { ...sa, cs });
            ba = (ba + 1) % size;
          } while (ba !== a);
          break;
        }
        case ORDER.EUA: {
          if (!need(i, 2)) break;
          const a = address(i + 1);
          if (error !== undefined) break;
          const map = this.fieldMap();
          do {
            const f = map[ba]!;
            if (this.fa[ba]! < 0 && (f < 0 || (this.fa[f]! & FA.PROTECT) === 0)) this.putChar(ba, 0, { fg: 0, bg: 0, hl: 0, cs: 0 });
            ba = (ba + 1) % size;
          } while (ba !== a);
          i += 3;
          break;
        }
        case ORDER.SA: {
          if (!need(i, 2)) break;
          setCharAttr(sa, s[i + 1]!, s[i + 2]!);
          i += 3;
          break;
        }
        case ORDER.MF: {
          if (!need(i, 1)) break;
          const n = s[i + 1]!;
          if (!need(i, 1 + 2 * n)) break;
          if (this.fa[ba]! >= 0) {
            for (let k = 0; k < n; k++) {
              const t = s[i + 2 + 2 * k]!, v = s[i + 3 + 2 * k]!;
              if (t === XA.BASIC) this.fa[ba] = v & 0x3f;
              else if (t === XA.FOREGROUND) this.fieldFg[ba] = v;
              else if (t === XA.BACKGROUND) this.fieldBg[ba] = v;
              else if (t === XA.HIGHLIGHT) this.fieldHl[ba] = v;
              else if (t === XA.ALL && v === 0) {
                this.fieldFg[ba] = 0;
                this.fieldBg[ba] = 0;
                this.fieldHl[ba] = 0;
              }
            }
            ba = (ba + 1) % size;
          }
          i += 2 + 2 * n;
          break;
        }
        case ORDER.GE:
          if (!need(i, 1)) break;
          this.putChar(ba, s[i + 1]!, { ...sa, cs: CS_GE });
          ba = (ba + 1) % size;
          i += 2;
          isChar = true;
          break;
        default:
          this.putChar(ba, b, sa);
          ba = (ba + 1) % size;
          i += 1;
          isChar = true;
      }
      lastWasChar = isChar;
    }
    if (wcc & WCC.RESTORE) this.lock = null;
    if (wcc & WCC.ALARM) this.alarm = true;
    return error === undefined ? { kind: 'write', command, wcc } : { kind: 'write', command, wcc, error };
  }

  private setField(ba: number, bits: number, fg: number, bg: number, hl: number): void {
    this.fa[ba] = bits;
    this.chars[ba] = 0;
    this.fieldFg[ba] = fg;
    this.fieldBg[ba] = bg;
    this.fieldHl[ba] = hl;
    this.charFg[ba] = this.charBg[ba] = this.charHl[ba] = this.charCs[ba] = 0;
  }

  putChar(ba: number, ch: number, attrs: CharAttrs = { fg: 0, bg: 0, hl: 0, cs: 0 }): void {
    this.fa[ba] = -1;
    this.chars[ba] = ch;
    this.charFg[ba] = attrs.fg;
    this.charBg[ba] = attrs.bg;
    this.charHl[ba] = attrs.hl;
    this.charCs[ba] = attrs.cs;
  }

  /** The EAU command (GA23-0059): nulls in every unprotected position, MDTs reset, keyboard restored. */
  eraseAllUnprotected(): void {
    const size = this.size;
    if (!this.isFormatted()) {
      this.chars.fill(0, 0, size);
      this.cursor = 0;
    } else {
      const map = this.fieldMap();
      for (let p = 0; p < size; p++) if (this.fa[p]! < 0 && (this.fa[map[p]!]! & FA.PROTECT) === 0) this.putChar(p, 0);
      for (const f of this.fields()) if ((this.fa[f]! & FA.PROTECT) === 0) this.fa[f] = this.fa[f]! & ~FA.MDT;
      const first = this.nextUnprotected(size - 1);
      this.cursor = first < 0 ? 0 : first;
    }
    this.lock = null;
    this.generation++;
  }

  // ---- inbound (terminal -> host) ----

  private address(a: number): [number, number] {
    return encodeAddress(a, this.size);
  }

  /**
   * Read Modified (or, with `all`, Read Modified All): AID, cursor, then SBA + data of each
   * modified field, nulls suppressed. PA keys and Clear give the AID alone unless `all`.
   */
  readModified(aid: number, all = false): Uint8Array {
    if (!all && isShortReadAid(aid)) return Uint8Array.of(aid);
    const out: number[] = [aid, ...this.address(this.cursor)];
    const size = this.size;
    const fields = this.fields();
    if (fields.length === 0) {
      for (let p = 0; p < size; p++) if (this.chars[p] !== 0) out.push(this.chars[p]!);
      return Uint8Array.from(out);
    }
    for (const f of fields) {
      if ((this.fa[f]! & FA.MDT) === 0) continue;
      const first = (f + 1) % size;
      out.push(ORDER.SBA, ...this.address(first));
      for (let p = first; this.fa[p]! < 0; p = (p + 1) % size) {
        if (this.chars[p] !== 0) out.push(this.chars[p]!);
      }
    }
    return Uint8Array.from(out);
  }

  /**
   * Applies an inbound Read Modified stream to this model, as a host keeping a copy of the
   * terminal's screen does: the cursor moves, each field sent gets its data (padded with
   * nulls) and its MDT. Returns the AID, or undefined for an empty stream.
   */
  applyInbound(stream: Uint8Array): number | undefined {
    if (stream.length === 0) return undefined;
    const aid = stream[0]!;
    if (stream.length < 3) return aid;
    const size = this.size;
    const cursor = decodeAddress(stream[1]!, stream[2]!);
    if (cursor < size) this.cursor = cursor;
    let i = 3;
    while (i < stream.length) {
      if (stream[i] !== ORDER.SBA || i + 2 >= stream.length) break;
      const start = decodeAddress(stream[i + 1]!, stream[i + 2]!);
      i += 3;
      let j = i;
      while (j < stream.length && stream[j] !== ORDER.SBA) j++;
      if (start >= size) break;
      const f = this.fieldStart(start);
      let p = start;
      for (let k = i; k < j && this.fa[p]! < 0; k++, p = (p + 1) % size) this.chars[p] = stream[k]!;
      for (; this.fa[p]! < 0 && p !== start; p = (p + 1) % size) this.chars[p] = 0;
      if (f >= 0) this.fa[f] = this.fa[f]! | FA.MDT;
      i = j;
    }
    this.generation++;
    return aid;
  }

  /** Read Buffer: AID, cursor, then every position (SF + attribute at field attributes). */
  readBuffer(aid: number = AID.NONE): Uint8Array {
    const size = this.size;
    const out: number[] = [aid, ...this.address(this.cursor)];
    for (let p = 0; p < size; p++) {
      if (this.fa[p]! >= 0) out.push(ORDER.SF, attributeByte(this.fa[p]!));
      else out.push(this.chars[p]!);
    }
    return Uint8Array.from(out);
  }

  /**
   * An Erase/Write (Alternate) that redraws this screen on a fresh terminal (used after a
   * reconnect). Remote command codes.
   */
  redrawStream(): Uint8Array {
    const size = this.size;
    const out: number[] = [this.alternate ? 0x7e : 0xf5, WCC.RESET | (this.lock === null ? WCC.RESTORE : 0)];
    let cur: CharAttrs = { fg: 0, bg: 0, hl: 0, cs: 0 };
    out.push(ORDER.SBA, ...this.address(0));
    for (let p = 0; p < size; p++) {
      const f = this.fa[p]!;
      if (f >= 0) {
        const ext: number[] = [];
        if (this.fieldFg[p]) ext.push(XA.FOREGROUND, this.fieldFg[p]!);
        if (this.fieldBg[p]) ext.push(XA.BACKGROUND, this.fieldBg[p]!);
        if (this.fieldHl[p]) ext.push(XA.HIGHLIGHT, this.fieldHl[p]!);
        if (ext.length) out.push(ORDER.SFE, ext.length / 2 + 1, XA.BASIC, attributeByte(f), ...ext);
        else out.push(ORDER.SF, attributeByte(f));
        continue;
      }
      const want = { fg: this.charFg[p]!, bg: this.charBg[p]!, hl: this.charHl[p]!, cs: this.charCs[p]! };
      if (want.fg !== cur.fg) out.push(ORDER.SA, XA.FOREGROUND, want.fg);
      if (want.bg !== cur.bg) out.push(ORDER.SA, XA.BACKGROUND, want.bg);
      if (want.hl !== cur.hl) out.push(ORDER.SA, XA.HIGHLIGHT, want.hl);
      if (want.cs !== cur.cs && want.cs !== CS_GE) out.push(ORDER.SA, XA.CHARSET, want.cs);
      cur = { ...want, cs: want.cs === CS_GE ? cur.cs : want.cs };
      if (want.cs === CS_GE) out.push(ORDER.GE);
      // A stored control byte that is also an order code cannot be resent as data; it
      // displays as a blank either way.
      out.push(ORDER_CODES.has(this.chars[p]!) && want.cs !== CS_GE ? 0 : this.chars[p]!);
    }
    out.push(ORDER.SBA, ...this.address(this.cursor), ORDER.IC);
    return Uint8Array.from(out);
  }

  /** Rows of text as s3270's Ascii() shows them: attributes, nulls and hidden fields as blanks. */
  text(decode: (ebcdic: number) => string): string[] {
    const map = this.fieldMap();
    const lines: string[] = [];
    for (let r = 0; r < this.rows; r++) {
      let line = '';
      for (let c = 0; c < this.cols; c++) {
        const p = r * this.cols + c;
        line += this.isVisibleChar(p, map[p]!) ? decode(this.chars[p]!) : ' ';
      }
      lines.push(line);
    }
    return lines;
  }

  /** False for field attributes, nulls, controls and positions in non-display fields. */
  isVisibleChar(p: number, field = this.fieldStart(p)): boolean {
    if (this.fa[p]! >= 0) return false;
    const ch = this.chars[p]!;
    if (ch < 0x40 || ch === 0xff) return false;
    return field < 0 || (this.fa[field]! & FA.INTENSITY) !== FA.INT_ZERO;
  }
}

function setCharAttr(sa: CharAttrs, type: number, value: number): void {
  if (type === XA.ALL) {
    sa.fg = sa.bg = sa.hl = sa.cs = 0;
  } else if (type === XA.FOREGROUND) sa.fg = value;
  else if (type === XA.BACKGROUND) sa.bg = value;
  else if (type === XA.HIGHLIGHT) sa.hl = value;
  else if (type === XA.CHARSET) sa.cs = value;
}

function hex2(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}
