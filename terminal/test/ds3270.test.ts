import { describe, expect, it } from 'vitest';
import { fromEbcdic, toEbcdic } from '../../cpu370/index.ts';
import { AID, decodeAddress, encodeAddress, Keyboard, parseUsableArea, pfAid, queryReply, ScreenModel, CODE_TABLE } from '../index.ts';

const e = (s: string): number[] => Array.from(toEbcdic(s));
const dec = (b: number): string => fromEbcdic(Uint8Array.of(b));
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('buffer addresses', () => {
  it('12-bit code table encodes and decodes every address of a 4096 buffer', () => {
    for (let a = 0; a < 4096; a++) {
      const [b1, b2] = encodeAddress(a, 1920);
      expect(CODE_TABLE).toContain(b1);
      expect(decodeAddress(b1, b2)).toBe(a);
    }
  });
  it('known addresses: (2,11) = C2 6B, (3,18) = C4 C2 on 80 columns, 1919 = 5D 7F', () => {
    expect(encodeAddress(2 * 80 + 11, 1920)).toEqual([0xc2, 0x6b]);
    expect(encodeAddress(3 * 80 + 18, 1920)).toEqual([0xc4, 0xc2]);
    expect(encodeAddress(1919, 1920)).toEqual([0x5d, 0x7f]);
  });
  it('14-bit form for buffers over 4096, low byte may be FF', () => {
    expect(encodeAddress(4863, 5000)).toEqual([0x12, 0xff]);
    expect(decodeAddress(0x12, 0xff)).toBe(4863);
  });
});

describe('screen model: outbound', () => {
  // EW, WCC C3, SBA(0,1) SF(protected intensified) "HELLO", SBA(1,10) SF(unprot) IC, SBA(1,20) SF(prot)
  const logon = Uint8Array.from([
    0xf5, 0xc3, 0x11, 0x40, 0x40, 0x1d, 0xe8, ...e('HELLO'), 0x11, ...encodeAddress(89, 1920), 0x1d, 0x40, 0x13,
    0x11, ...encodeAddress(100, 1920), 0x1d, 0x60,
  ]);

  it('applies EW with SF, SBA, IC and unlocks on WCC restore', () => {
    const s = new ScreenModel(2);
    expect(s.keyboardLocked).toBe(true);
    expect(s.apply(logon)).toEqual({ kind: 'write', command: 'EW', wcc: 0xc3 });
    expect(s.text(dec)[0]).toBe(' HELLO' + ' '.repeat(74));
    expect(s.fields()).toEqual([0, 89, 100]);
    expect(s.cursor).toBe(90);
    expect(s.keyboardLocked).toBe(false);
    expect(s.isProtected(3)).toBe(true);
    expect(s.isProtected(95)).toBe(false);
  });

  it('accepts the local CCW command codes too (05 = EW, 0D = EWA)', () => {
    const s = new ScreenModel(4);
    s.apply(Uint8Array.from([0x0d, 0xc3, ...e('X')]));
    expect([s.rows, s.cols, s.alternate]).toEqual([43, 80, true]);
    s.apply(Uint8Array.from([0x05, 0xc3, ...e('Y')]));
    expect([s.rows, s.cols, s.alternate]).toEqual([24, 80, false]);
  });

  it('EWA selects the alternate size of each model', () => {
    for (const [m, r, c] of [[2, 24, 80], [3, 32, 80], [4, 43, 80], [5, 27, 132]] as const) {
      const s = new ScreenModel(m);
      s.apply(Uint8Array.of(0x7e, 0xc3));
      expect([s.rows, s.cols]).toEqual([r, c]);
    }
  });

  it('rejects an address beyond the current size (EW on a model 4 is 24x80)', () => {
    const s = new ScreenModel(4);
    const r = s.apply(Uint8Array.from([0xf5, 0xc3, 0x11, ...encodeAddress(1920, 4096), ...e('Z')]));
    expect(r).toEqual({ kind: 'write', command: 'EW', wcc: 0xc3, error: 'address 1920 > maximum 1919 at offset 3' });
  });

  it('RA repeats a character (with GE) up to an address, EUA erases unprotected positions', () => {
    const s = new ScreenModel(2);
    s.apply(Uint8Array.from([0xf5, 0xc3, 0x3c, ...encodeAddress(5, 1920), 0x5c, 0x3c, ...encodeAddress(8, 1920), 0x08, 0xc5]));
    expect(s.text(dec)[0]!.slice(0, 9)).toBe('*****EEE ');
    expect(s.charCs[6]).toBe(0xf1);
    s.apply(Uint8Array.from([0xf1, 0x00, 0x11, 0x40, 0x40, 0x12, ...encodeAddress(3, 1920)]));
    expect(s.text(dec)[0]!.slice(0, 9)).toBe('   **EEE ');
  });

  it('PT moves to the next unprotected field and nulls the rest of a field after text', () => {
    const s = new ScreenModel(2);
    s.apply(Uint8Array.from([0xf5, 0xc3, 0x1d, 0x40, ...e('AAAAAAAA'), 0x1d, 0x60, 0x1d, 0x40, ...e('BBBB')]));
    s.apply(Uint8Array.from([0xf1, 0xc3, 0x11, 0x40, 0xc1, ...e('CC'), 0x05, ...e('D')]));
    expect(s.text(dec)[0]!.slice(0, 16)).toBe(' CC        DBBB ');
  });

  it('SFE, SA and MF set extended attributes', () => {
    const s = new ScreenModel(2);
    s.apply(Uint8Array.from([0xf5, 0xc3, 0x29, 0x03, 0xc0, 0xe8, 0x42, 0xf2, 0x41, 0xf4, 0x28, 0x42, 0xf6, ...e('Y'), 0x28, 0x00, 0x00, ...e('N')]));
    expect([s.fa[0], s.fieldFg[0], s.fieldHl[0]]).toEqual([0x28, 0xf2, 0xf4]);
    expect([s.charFg[1], s.charFg[2]]).toEqual([0xf6, 0]);
    s.apply(Uint8Array.from([0xf1, 0xc3, 0x11, 0x40, 0x40, 0x2c, 0x02, 0xc0, 0x40, 0x42, 0xf5]));
    expect([s.fa[0], s.fieldFg[0]]).toEqual([0x00, 0xf5]);
  });

  it('WSF Read Partition Query is recognised, in both code forms', () => {
    expect(new ScreenModel().apply(Uint8Array.of(0xf3, 0x00, 0x05, 0x01, 0xff, 0x02))).toEqual({ kind: 'query' });
    expect(new ScreenModel().apply(Uint8Array.of(0x11, 0x00, 0x05, 0x01, 0xff, 0x02))).toEqual({ kind: 'query' });
  });

  it('garbage never throws: truncated orders and unknown commands are errors', () => {
    const s = new ScreenModel(2);
    expect(s.apply(Uint8Array.of(0xf5, 0xc3, 0x11, 0x40))).toMatchObject({ error: 'order at offset 2 truncated' });
    expect(s.apply(Uint8Array.of(0x99))).toEqual({ kind: 'error', error: 'unknown command 99' });
    expect(s.apply(new Uint8Array(0))).toEqual({ kind: 'error', error: 'empty stream' });
  });

  it('EAU nulls unprotected fields, resets their MDT and homes the cursor', () => {
    const s = new ScreenModel(2);
    s.apply(Uint8Array.from([0xf5, 0xc3, 0x1d, 0x60, ...e('P'), 0x1d, 0xc1, ...e('IN')]));
    s.apply(Uint8Array.of(0x6f));
    expect(s.text(dec)[0]!.slice(0, 6)).toBe(' P    ');
    expect(s.fa[2]).toBe(0);
    expect(s.cursor).toBe(3);
  });
});

describe('screen model: inbound', () => {
  function loginScreen(): ScreenModel {
    const s = new ScreenModel(2);
    s.apply(Uint8Array.from([
      0xf5, 0xc3, 0x11, ...encodeAddress(2 * 80 + 10, 1920), 0x1d, 0x40, 0x13, 0x11, ...encodeAddress(2 * 80 + 20, 1920), 0x1d, 0x60,
      0x11, ...encodeAddress(3 * 80 + 11, 1920), 0x1d, 0x4c, 0x11, ...encodeAddress(3 * 80 + 21, 1920), 0x1d, 0x60,
    ]));
    return s;
  }

  it('typing and Enter give the Read Modified bytes s3270 sends (reference doc 3.4 example)', () => {
    const s = loginScreen();
    const k = new Keyboard(s);
    for (const b of e('HERCULES')) k.type(b);
    k.tab();
    for (const b of e('SECRET')) k.type(b);
    s.cursor = 3 * 80 + 18;
    expect(hex(k.aid(AID.ENTER)!)).toBe('7d c4 c2 11 c2 6b c8 c5 d9 c3 e4 d3 c5 e2 11 c3 7c e2 c5 c3 d9 c5 e3');
    expect(s.lock).toBe('wait');
    expect(s.text(dec)[3]).toBe(' '.repeat(80));
  });

  it('PA1, PA2, PA3 and Clear are short reads; PF13 = C1, PF24 = 4C', () => {
    for (const aid of [AID.PA1, AID.PA2, AID.PA3, AID.CLEAR]) {
      const s = loginScreen();
      expect(Array.from(new Keyboard(s).aid(aid)!)).toEqual([aid]);
    }
    expect([pfAid(1), pfAid(12), pfAid(13), pfAid(24)]).toEqual([0xf1, 0x7c, 0xc1, 0x4c]);
    const s = loginScreen();
    expect(hex(new Keyboard(s).aid(pfAid(3))!)).toBe('f3 c2 6b');
  });

  it('Read Modified All includes modified fields even for a PA key', () => {
    const s = loginScreen();
    new Keyboard(s).type(0xc1);
    expect(hex(s.readModified(AID.PA1, true))).toBe('6c c2 6c 11 c2 6b c1');
  });

  it('Read Buffer gives every position with SF + attribute', () => {
    const s = new ScreenModel(2);
    s.apply(Uint8Array.from([0xf5, 0xc3, 0x1d, 0xe8, ...e('AB')]));
    const rb = s.readBuffer();
    expect(rb.length).toBe(3 + 1920 + 1);
    expect(hex(rb.subarray(0, 8))).toBe('60 40 40 1d e8 c1 c2 00');
  });

  it('an unformatted screen reads back its characters without SBA', () => {
    const s = new ScreenModel(2);
    s.apply(Uint8Array.from([0xf5, 0xc3, ...e('HI')]));
    expect(hex(s.readModified(AID.ENTER))).toBe('7d 40 40 c8 c9');
  });

  it('applyInbound updates a host-side copy; redrawStream reproduces the screen', () => {
    const s = loginScreen();
    const k = new Keyboard(s);
    for (const b of e('MAINT')) k.type(b);
    const copy = loginScreen();
    copy.applyInbound(k.aid(AID.ENTER)!);
    expect(copy.text(dec)).toEqual(s.text(dec));
    const again = new ScreenModel(2);
    again.apply(copy.redrawStream());
    expect(again.text(dec)).toEqual(s.text(dec));
    expect(Array.from(again.fa.subarray(0, 1920))).toEqual(Array.from(copy.fa.subarray(0, 1920)));
  });
});

describe('keyboard', () => {
  it('typing into a protected position locks with "protected", Reset unlocks', () => {
    const s = new ScreenModel(2);
    s.apply(Uint8Array.from([0xf5, 0xc3, 0x1d, 0x60, ...e('PROT')]));
    const k = new Keyboard(s);
    s.cursor = 2;
    expect(k.type(0xc1)).toBe(false);
    expect(s.lock).toBe('protected');
    k.reset();
    expect(s.lock).toBe(null);
  });

  it('insert mode shifts right and refuses when the field is full', () => {
    const s = new ScreenModel(2);
    s.apply(Uint8Array.from([0xf5, 0xc3, 0x1d, 0x40, ...e('AC'), 0x00, 0x1d, 0x60]));
    const k = new Keyboard(s);
    s.cursor = 2;
    k.toggleInsert();
    expect(k.type(0xc2)).toBe(true);
    expect(s.text(dec)[0]!.slice(0, 5)).toBe(' ABC ');
    s.cursor = 1;
    expect(k.type(0xc4)).toBe(false);
    expect(s.lock).toBe('overflow');
  });

  it('Erase EOF, Delete, Backspace, Tab, BackTab, Home, Newline', () => {
    const s = new ScreenModel(2);
    s.apply(Uint8Array.from([0xf5, 0xc3, 0x1d, 0x40, ...e('ABCDE'), 0x1d, 0x60, 0x11, ...encodeAddress(80, 1920), 0x1d, 0x40, ...e('XY')]));
    const k = new Keyboard(s);
    s.cursor = 3;
    k.delete();
    expect(s.text(dec)[0]!.slice(0, 7)).toBe(' ABDE  ');
    k.erase();
    expect(s.text(dec)[0]!.slice(0, 7)).toBe(' ADE   ');
    expect(s.cursor).toBe(2);
    k.eraseEof();
    expect(s.text(dec)[0]!.slice(0, 7)).toBe(' A     ');
    k.tab();
    expect(s.cursor).toBe(81);
    k.backTab();
    expect(s.cursor).toBe(1);
    k.newLine();
    expect(s.cursor).toBe(81);
    k.home();
    expect(s.cursor).toBe(1);
  });
});

describe('query reply', () => {
  it('model 4 answers with usable area 80x43 and implicit partition 80x24 / 80x43', () => {
    const q = queryReply(new ScreenModel(4));
    expect(q[0]).toBe(0x88);
    expect(hex(q.subarray(1, 11))).toBe('00 0a 81 80 80 81 86 87 88 a6');
    expect(hex(q.subarray(11, 34))).toBe('00 17 81 81 01 00 00 50 00 2b 01 00 0a 02 e5 00 02 00 6f 09 0c 0d 70');
    expect(hex(q.subarray(q.length - 17))).toBe('00 11 81 a6 00 00 0b 01 00 00 50 00 18 00 50 00 2b');
  });

  it('parseUsableArea reads rows and columns back (s3270 -oversize reply layout)', () => {
    expect(parseUsableArea(queryReply(new ScreenModel(5)))).toEqual({ rows: 27, cols: 132 });
    const s3270 = Uint8Array.of(0x88, 0x00, 0x17, 0x81, 0x81, 0x01, 0x00, 0x00, 0x64, 0x00, 0x32, 0x01, 0x00, 0x0a, 0x02, 0xe5, 0x00, 0x02, 0x00, 0x6f, 0x09, 0x0c, 0x13, 0x88);
    expect(parseUsableArea(s3270)).toEqual({ rows: 50, cols: 100 });
    expect(parseUsableArea(Uint8Array.of(0x88, 0x00, 0x02))).toBeUndefined();
    expect(parseUsableArea(Uint8Array.of(0x7d))).toBeUndefined();
  });
});
