import { describe, expect, it } from 'vitest';
import { assemble, link, writeObjectDeck } from '../../src/asm/index.ts';
import { hex, src } from './helpers.ts';

const MAIN = src(
  'MAIN     CSECT',
  '         EXTRN SUB,COUNT',
  '         WXTRN MAYBE',
  '         USING *,15',
  '         L     15,=V(SUB)',
  '         DC    A(MAIN+2)',
  '         DC    A(COUNT)',
  '         DC    A(MAYBE)',
  '         DC    A(-MAIN)',
  '         END   MAIN',
);
const SUBS = src(
  'SUB      CSECT',
  '         ENTRY COUNT',
  '         BR    14',
  '         DS    0F',
  'COUNT    DC    F\'3\'',
  '         DC    AL3(COUNT)',
  '         END',
);

describe('linking loader', () => {
  const main = writeObjectDeck(assemble(MAIN).module);
  const subs = writeObjectDeck(assemble(SUBS).module);

  it('places sections on doublewords from the origin and relocates address constants', () => {
    const p = link([main, subs], { origin: 0x4000 });
    // MAIN at X'4000' (X'1C' bytes with its pool: V(SUB) at X'18'), SUB at X'4020'; COUNT at X'4024'.
    expect(p.map).toEqual(new Map([['MAIN', 0x4000], ['SUB', 0x4020], ['COUNT', 0x4024]]));
    expect(hex(p.image)).toBe(
      '58F0F018' + '00004002' + '00004024' + '00000000' + 'FFFFC000' + '00000000' + '00004020' + '00000000' +
        '07FE0000' + '00000003' + '004024',
    );
    expect(p.entry).toBe(0x4000);
    expect(p.unresolvedWeak).toEqual(['MAYBE']);
  });

  it('V-constants to control sections of the same assembly need no ER item', () => {
    const a = assemble(src('FIRST    CSECT', '         DC    V(SECOND)', 'SECOND   CSECT', '         DC    V(FIRST),V(SECOND)', '         END'));
    expect(a.module.esd.map((e) => `${e.type} ${e.name} ${e.id}`)).toEqual(['SD FIRST 1', 'SD SECOND 2']);
    expect(hex(link([a.module], { origin: 0x500 }).image)).toBe('00000508' + '00000000' + '00000500' + '00000508');
  });

  it('reports unresolved strong references and duplicate names', () => {
    expect(() => link([main])).toThrow('unresolved external reference SUB');
    expect(() => link([subs, subs])).toThrow('section SUB is defined twice');
  });

  it('takes the entry point from an END card naming an external symbol, or from the caller', () => {
    const viaName = assemble(src('X        CSECT', '         EXTRN COUNT', '         DC    A(COUNT)', '         END   COUNT'));
    const p = link([viaName.module, subs], { origin: 0x100 });
    expect(p.entry).toBe(0x10c);
    expect(link([main, subs], { origin: 0x100, entry: 'count' }).entry).toBe(0x124);
  });
});
