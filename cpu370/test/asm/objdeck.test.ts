import { describe, expect, it } from 'vitest';
import { assemble, readObjectDeck, writeObjectDeck } from '../../src/asm/index.ts';
import { fromEbcdic } from '../../src/ebcdic/ebcdic.ts';
import { src } from './helpers.ts';

const cardHex = (deck: Uint8Array, n: number, from: number, to: number) =>
  Buffer.from(deck.subarray(n * 80 + from - 1, n * 80 + to)).toString('hex').toUpperCase();
const cardText = (deck: Uint8Array, n: number, from: number, to: number) => fromEbcdic(deck.subarray(n * 80 + from - 1, n * 80 + to));

const SOURCE = src(
  'PROG     CSECT',
  '         ENTRY LAB',
  '         EXTRN EXT',
  '         USING *,15',
  'LAB      L     1,=A(LAB)',
  '         L     2,=V(EXT)',
  '         DC    A(LAB-PROG)',
  'DATA     CSECT',
  '         DC    A(LAB,DATA)',
  "         DC    56C'Z'",
  '         END   LAB',
);

describe('object deck', () => {
  const a = assemble(SOURCE);
  const deck = writeObjectDeck(a.module, 'PROG');

  it('writes ESD, TXT, RLD and END cards of 80 EBCDIC bytes with sequence numbers', () => {
    expect(a.returnCode).toBe(0);
    expect(deck.length % 80).toBe(0);
    const kinds = Array.from({ length: deck.length / 80 }, (_, n) => cardText(deck, n, 2, 4));
    expect(kinds).toEqual(['ESD', 'ESD', 'TXT', 'TXT', 'TXT', 'RLD', 'END']);
    expect(cardText(deck, 0, 73, 80)).toBe('PROG0001');
    expect(cardText(deck, 6, 73, 80)).toBe('PROG0007');
    for (let n = 0; n < 7; n++) expect(deck[n * 80]).toBe(0x02);
  });

  it('ESD items: name, type, address, flag, length or owner', () => {
    // Card 1: SD PROG (ID 1, length 24), ER EXT (ID 2), SD DATA (ID 3, at X'18', length X'40')
    expect(cardHex(deck, 0, 11, 16)).toBe('00304040' + '0001');
    expect(cardText(deck, 0, 17, 24)).toBe('PROG    ');
    expect(cardHex(deck, 0, 25, 32)).toBe('00000000' + '00000018');
    expect(cardText(deck, 0, 33, 40)).toBe('EXT     ');
    expect(cardHex(deck, 0, 41, 48)).toBe('02404040' + '40404040');
    expect(cardText(deck, 0, 49, 56)).toBe('DATA    ');
    expect(cardHex(deck, 0, 57, 64)).toBe('00000018' + '00000040');
    // Card 2: LD LAB at 0 in section 1; ESDID field blank.
    expect(cardHex(deck, 1, 11, 16)).toBe('00104040' + '4040');
    expect(cardText(deck, 1, 17, 24)).toBe('LAB     ');
    expect(cardHex(deck, 1, 25, 32)).toBe('01000000' + '40000001');
  });

  it('TXT cards carry address, count, ESDID and at most 56 bytes', () => {
    expect(cardHex(deck, 2, 5, 16)).toBe('40000000' + '4040' + '0018' + '4040' + '0001');
    expect(cardHex(deck, 2, 17, 40)).toBe('5810F010' + '5820F014' + '00000000' + '00000000' + '00000000' + '00000000');
    expect(cardHex(deck, 3, 5, 16)).toBe('40000018' + '4040' + '0038' + '4040' + '0003');
    expect(cardHex(deck, 4, 5, 16)).toBe('40000050' + '4040' + '0008' + '4040' + '0003');
  });

  it('RLD items share R and P pointers through the continuation flag', () => {
    // A(LAB) literal at X'10' (R=1,P=1), V(EXT) at X'14' (R=2,P=1), A(LAB) at X'18' and A(DATA) at X'1C' in DATA.
    expect(cardHex(deck, 5, 11, 12)).toBe('0020');
    expect(cardHex(deck, 5, 17, 48)).toBe('00010001' + '0C000010' + '00020001' + '1C000014' + '00010003' + '0C000018' + '00030003' + '0C00001C');
  });

  it('END card carries the entry address and ESDID', () => {
    expect(cardHex(deck, 6, 5, 16)).toBe('40' + '000000' + '404040404040' + '0001');
  });

  it('reads its own decks back', () => {
    const [m] = readObjectDeck(deck);
    expect(m!.esd).toEqual(a.module.esd);
    expect(m!.rld).toEqual([...a.module.rld].sort((x, y) => x.p - y.p || x.r - y.r || x.address - y.address));
    expect(m!.entry).toEqual({ id: 1, address: 0 });
    expect(Buffer.concat(m!.text.map((t) => Buffer.from(t.bytes))).length).toBe(0x18 + 0x40);
  });

  it('CCW builds a doubleword with a relocatable 3-byte address', () => {
    const c = assemble(src('         DC    C\'X\'', 'CCW1     CCW   X\'02\',BUF,X\'20\',80', 'BUF      DS    CL80', '         END'));
    expect(c.symbols.get('CCW1')!.value.v).toBe(8);
    expect(c.module.text.map((t) => Buffer.from(t.bytes).toString('hex').toUpperCase())).toEqual(['E700000000000000' + '0200001020000050']);
    expect(c.module.rld).toEqual([{ r: 1, p: 1, address: 9, length: 3, vcon: false, negative: false }]);
  });

  it('REPRO copies the next line as a card', () => {
    const p = assemble(src('         REPRO', 'SET LOCATION 20000', '         DC    H\'1\'', '         END'));
    const d = writeObjectDeck(p.module);
    expect(cardText(d, 0, 1, 20)).toBe('SET LOCATION 20000  ');
    expect(cardText(d, 1, 2, 4)).toBe('ESD');
  });

  it('takes the deck ID from the name field of the first named TITLE', () => {
    const t = assemble(src("DMSXYZ   TITLE 'X'", "         DC    H'1'", '         END'));
    expect(t.deckId).toBe('DMSXYZ');
    const d = writeObjectDeck(t.module, t.deckId);
    expect(cardText(d, 0, 73, 80)).toBe('DMSXYZ01');
    expect(cardText(d, 2, 73, 80)).toBe('DMSXYZ03');
  });

  it('PUNCH cards come first', () => {
    const p = assemble(src("         PUNCH ' INCLUDE X'", '         DC    H\'1\'', '         END'));
    const d = writeObjectDeck(p.module);
    expect(cardText(d, 0, 1, 12)).toBe(' INCLUDE X  ');
    expect(cardText(d, 1, 2, 4)).toBe('ESD');
  });
});
