// The operator's side of a 3270 (GA27-2849 "3270 Information Display System Operator's
// Guide" behaviour, as x3270 implements it): typing into unprotected fields sets the MDT,
// protected positions lock the keyboard, AID keys send an inbound stream and lock it.
import { AID, FA, isShortReadAid } from './constants.ts';
import type { ScreenModel } from './screen.ts';

export class Keyboard {
  constructor(private readonly screen: ScreenModel) {}

  /** Types one EBCDIC character at the cursor. Returns false (and locks) when refused. */
  type(ch: number): boolean {
    const s = this.screen;
    if (!this.cursorEditable()) return false;
    const p = s.cursor;
    const f = s.fieldStart(p);
    if (f >= 0 && (s.fa[f]! & FA.NUMERIC) !== 0 && !isNumericChar(ch)) {
      s.lock = 'numeric';
      return false;
    }
    if (s.insertMode) {
      const end = this.fieldEnd(p);
      if (s.chars[end] !== 0 && s.chars[end] !== 0x40) {
        s.lock = 'overflow';
        return false;
      }
      for (let q = end; q !== p; q = (q + s.size - 1) % s.size) s.chars[q] = s.chars[(q + s.size - 1) % s.size]!;
    }
    s.putChar(p, ch);
    if (f >= 0) s.fa[f] = s.fa[f]! | FA.MDT;
    s.generation++;
    this.advanceAfterType();
    return true;
  }

  private advanceAfterType(): void {
    const s = this.screen;
    let next = (s.cursor + 1) % s.size;
    if (s.fa[next]! >= 0) {
      // Autoskip: a protected numeric attribute skips on to the next unprotected field;
      // any other attribute is stepped over.
      const skip = (s.fa[next]! & (FA.PROTECT | FA.NUMERIC)) === (FA.PROTECT | FA.NUMERIC);
      const n = skip ? s.nextUnprotected(next) : (next + 1) % s.size;
      next = n < 0 ? next : n;
    }
    s.cursor = next;
  }

  /** Last position of the field containing `p` (the position before the next attribute). */
  fieldEnd(p: number): number {
    const s = this.screen;
    let q = p;
    for (let k = 0; k < s.size; k++) {
      const n = (q + 1) % s.size;
      if (s.fa[n]! >= 0) return q;
      q = n;
    }
    return (p + s.size - 1) % s.size;
  }

  tab(): void {
    const s = this.screen;
    const n = s.nextUnprotected(s.cursor);
    s.cursor = n < 0 ? 0 : n;
  }

  backTab(): void {
    const s = this.screen;
    if (!s.isFormatted()) {
      s.cursor = 0;
      return;
    }
    const here = s.fieldStart(s.cursor);
    // If inside an unprotected field past its first position, go to its start.
    if (here >= 0 && (s.fa[here]! & FA.PROTECT) === 0 && s.fa[s.cursor]! < 0 && s.cursor !== (here + 1) % s.size) {
      s.cursor = (here + 1) % s.size;
      return;
    }
    for (let k = 2; k <= s.size + 1; k++) {
      const p = (s.cursor - k + 2 * s.size) % s.size;
      const q = (p + 1) % s.size;
      if (s.fa[p]! >= 0 && (s.fa[p]! & FA.PROTECT) === 0 && s.fa[q]! < 0) {
        s.cursor = q;
        return;
      }
    }
  }

  home(): void {
    const s = this.screen;
    const n = s.isFormatted() ? s.nextUnprotected(s.size - 1) : 0;
    s.cursor = n < 0 ? 0 : n;
  }

  move(dRow: number, dCol: number): void {
    const s = this.screen;
    s.cursor = (s.cursor + dRow * s.cols + dCol + s.size * 2) % s.size;
  }

  newLine(): void {
    const s = this.screen;
    const row = Math.floor(s.cursor / s.cols);
    const start = ((row + 1) % s.rows) * s.cols;
    if (!s.isFormatted()) {
      s.cursor = start;
      return;
    }
    const p = s.fa[start]! < 0 && !s.isProtected(start) ? start : s.nextUnprotected((start + s.size - 1) % s.size);
    s.cursor = p < 0 ? 0 : p;
  }

  eraseEof(): void {
    const s = this.screen;
    if (!this.cursorEditable()) return;
    const end = this.fieldEnd(s.cursor);
    for (let q = s.cursor; ; q = (q + 1) % s.size) {
      s.chars[q] = 0;
      if (q === end) break;
    }
    this.setMdt(s.cursor);
  }

  eraseInput(): void {
    const s = this.screen;
    if (s.lock !== null) return;
    if (!s.isFormatted()) {
      s.chars.fill(0, 0, s.size);
      s.cursor = 0;
    } else {
      const map = s.fieldMap();
      for (let p = 0; p < s.size; p++) if (s.fa[p]! < 0 && (s.fa[map[p]!]! & FA.PROTECT) === 0) s.chars[p] = 0;
      for (const f of s.fields()) if ((s.fa[f]! & FA.PROTECT) === 0) s.fa[f] = s.fa[f]! & ~FA.MDT;
      this.home();
    }
    s.generation++;
  }

  delete(): void {
    const s = this.screen;
    if (!this.cursorEditable()) return;
    const end = this.fieldEnd(s.cursor);
    for (let q = s.cursor; q !== end; q = (q + 1) % s.size) s.chars[q] = s.chars[(q + 1) % s.size]!;
    s.chars[end] = 0;
    this.setMdt(s.cursor);
  }

  /** Backspace as "Erase": left one position and delete there, within the field. */
  erase(): void {
    const s = this.screen;
    if (s.lock !== null) return;
    const prev = (s.cursor + s.size - 1) % s.size;
    if (s.fa[prev]! >= 0 || s.isProtected(prev)) {
      s.lock = 'protected';
      return;
    }
    s.cursor = prev;
    this.delete();
  }

  toggleInsert(): void {
    this.screen.insertMode = !this.screen.insertMode;
  }

  /** Reset: unlocks operator errors (not a host wait) and leaves insert mode. */
  reset(): void {
    const s = this.screen;
    if (s.lock !== 'wait' && s.lock !== 'not-connected') s.lock = null;
    s.insertMode = false;
  }

  /**
   * Presses an AID key: returns the inbound stream to send, or undefined when the keyboard
   * is locked. Clear erases the screen locally first.
   */
  aid(aid: number): Uint8Array | undefined {
    const s = this.screen;
    if (s.lock !== null) return undefined;
    if (aid === AID.CLEAR) s.erase(false);
    const stream = isShortReadAid(aid) ? Uint8Array.of(aid) : s.readModified(aid);
    s.lock = 'wait';
    s.insertMode = false;
    return stream;
  }

  /** True when the keyboard is free and the cursor is in an unprotected field; a protected position locks it. */
  private cursorEditable(): boolean {
    const s = this.screen;
    if (s.lock !== null) return false;
    if (s.isProtected(s.cursor)) {
      s.lock = 'protected';
      return false;
    }
    return true;
  }

  private setMdt(p: number): void {
    const s = this.screen;
    const f = s.fieldStart(p);
    if (f >= 0) s.fa[f] = s.fa[f]! | FA.MDT;
    s.generation++;
  }
}

function isNumericChar(ch: number): boolean {
  // Digits, period, minus and DUP (GA27-2849 "numeric lock" lets these through).
  return (ch >= 0xf0 && ch <= 0xf9) || ch === 0x4b || ch === 0x60 || ch === 0x1c;
}
