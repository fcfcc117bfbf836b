import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { assemble, directoryLibrary, link } from '../../src/asm/index.ts';
import { code, hex, memoryLibrary, messages, src } from './helpers.ts';

const generated = (source: string, library = memoryLibrary({})) =>
  assemble(source, { library })
    .lines.filter((l) => l.statement.level > 0 && !l.statement.comment)
    .map((l) => l.statement.text.replace(/\s+/g, ' ').trim());

describe('macro language', () => {
  it('substitutes positional and keyword parameters, defaults and the name field', () => {
    const s = src(
      '         MACRO',
      '&L       MOVE  &TO,&FROM,&LEN=8,&PAD=',
      '&L       MVC   &TO.(&LEN),&FROM',
      '         AIF   (T\'&PAD EQ \'O\').X',
      '         MVI   &TO,&PAD',
      '.X       MEND',
      'HERE     MOVE  A,B',
      '         MOVE  A,B,LEN=4,PAD=C\' \'',
      '         END',
    );
    expect(generated(s)).toEqual(['HERE MVC A(8),B', 'MVC A(4),B', "MVI A,C' '"]);
  });

  it('handles sublists, &SYSLIST, N\' and K\' attributes', () => {
    const s = src(
      '         MACRO',
      '         LIST  &P',
      '         LCLA  &I,&N,&K',
      '&I       SETA  1',
      '.L       AIF   (&I GT N\'&SYSLIST).E',
      '&N       SETA  N\'&SYSLIST(&I)',
      '&K       SETA  K\'&SYSLIST(&I)',
      '         DC    AL1(&N,&K)',
      '         DC    C\'&SYSLIST(&I,1)\'',
      '&I       SETA  &I+1',
      '         AGO   .L',
      '.E       DC    C\'&P(2)\'',
      '         MEND',
      '         LIST  (AB,CD),X,(1,2,3)',
      '         END',
    );
    expect(generated(s)).toEqual([
      'DC AL1(2,7)', "DC C'AB'",
      'DC AL1(1,1)', "DC C'X'",
      'DC AL1(3,7)', "DC C'1'",
      "DC C'CD'",
    ]);
  });

  it('runs AIF loops with SETA, SETB and SETC expressions and substrings', () => {
    const s = src(
      '         MACRO',
      '         GEN   &N',
      '         LCLA  &I,&SUM',
      '         LCLB  &ODD',
      '         LCLC  &S,&T',
      '&S       SETC  \'ABCDEFGH\'',
      '.LOOP    AIF   (&I GE &N).DONE',
      '&I       SETA  &I+1',
      '&SUM     SETA  &SUM+&I*&I',
      '&ODD     SETB  (&I/2*2 NE &I)',
      '         AIF   (NOT &ODD).LOOP',
      '&T       SETC  \'&S\'(&I,2)',
      '         DC    C\'&T\'',
      '         AGO   .LOOP',
      '.DONE    DC    F\'&SUM\'',
      '&S       SETC  (2)\'AB\'.\'C\'',
      '         DC    C\'&S\'',
      '&S       SETC  \'ABCDEFGH\'',
      '         DC    C\'&S\'.\'XY\'',
      '         MEND',
      '         GEN   4',
      '         END',
    );
    expect(generated(s)).toEqual(["DC C'AB'", "DC C'CD'", "DC F'30'", "DC C'ABABC'", "DC C'ABCDEFGH'.'XY'"]);
  });

  it('keeps global SET symbols across calls, &SYSNDX counts calls, &SYSECT names the section', () => {
    const s = src(
      '         MACRO',
      '         NEXT',
      '         GBLA  &CTR',
      '&CTR     SETA  &CTR+1',
      'L&SYSNDX DC    H\'&CTR\',C\'&SYSECT\'',
      '         MEND',
      'SECT1    CSECT',
      '         NEXT',
      '         NEXT',
      '         GBLA  &CTR',
      '         DC    F\'&CTR\'',
      '         END',
    );
    const { hex: h, a } = code(s);
    expect(messages(a)).toEqual([]);
    expect(h).toBe('0001E2C5C3E3F1' + '0002E2C5C3E3F1' + '00000002');
    expect([...a.symbols.keys()].filter((k) => k.startsWith('L'))).toEqual(['L0001', 'L0002']);
  });

  it('expands nested macro calls and reports MNOTE with its severity', () => {
    const s = src(
      '         MACRO',
      '         INNER &X',
      '         DC    C\'&X\'',
      '         MEND',
      '         MACRO',
      '         OUTER &A,&B',
      '         INNER &B&A',
      '         AIF   (\'&A\' NE \'Z\').OK',
      '         MNOTE 8,\'Z is not allowed\'',
      '         MEXIT',
      '.OK      INNER &A',
      '         MEND',
      '         OUTER X,Y',
      '         OUTER Z,W',
      '         END',
    );
    const a = assemble(s);
    expect(generated(s)).toEqual(["DC C'YX'", "DC C'X'", "DC C'WZ'"]);
    expect(messages(a)).toEqual(['14 8 MNOTE: Z is not allowed']);
    expect(a.returnCode).toBe(8);
  });

  it('conditional assembly works in open code', () => {
    const s = src(
      '         LCLA  &I',
      '.L       AIF   (&I EQ 3).E',
      '         DC    AL1(&I)',
      '&I       SETA  &I+1',
      '         AGO   .L',
      '.E       ANOP',
      '         END',
    );
    expect(code(s).hex).toBe('000102');
  });

  it('finds macros and COPY members on the library path', () => {
    const lib = memoryLibrary(
      { TWICE: '         MACRO\n         TWICE &V\n         DC    2C\'&V\'\n         MEND\n' },
      { DEFS: "K        EQU   7\n" },
    );
    const { hex: h, a } = code(src('         COPY  DEFS', '         TWICE Q', '         DC    AL1(K)', '         END'), { library: lib });
    expect(messages(a)).toEqual([]);
    expect(h).toBe('D8D8' + '07');
    const missing = assemble(src('         COPY  NOPE', '         NOSUCH 1', '         END'));
    expect(messages(missing)).toEqual(['1:16 12 COPY member NOPE not found on the library path', "2 8 undefined operation code 'NOSUCH'"]);
  });

  it('stops runaway loops with the ACTR limit and reports undefined variables', () => {
    const s = src('.L       AGO   .L', '         DC    C\'&NOPE\'', '         END');
    expect(messages(assemble(s))).toEqual(['1 12 ACTR limit reached: conditional assembly loop stopped', '2 8 undefined variable symbol &NOPE']);
  });

  it('reports misplaced macro statements and broken definitions', () => {
    expect(messages(assemble(src('         MEXIT', '         END')))).toEqual(['1 8 MEXIT outside a macro definition']);
    expect(messages(assemble(src('         MACRO', '         M     &X', '         DC    H\'1\'')))).toEqual(['1 12 macro M has no MEND']);
    expect(messages(assemble(src('         MACRO', '         BAD   P', '         MEND', '         END')))).toEqual([
      "2 12 invalid prototype parameter 'P' in macro BAD",
    ]);
    const deep = src('         MACRO', '         LOOP', '         LOOP', '         MEND', '         LOOP', '         END');
    expect(messages(assemble(deep))).toEqual(['5 12 macro nesting deeper than 50 at LOOP']);
  });

  it('the structured-programming macros of cms/maclib generate and run correct branches', () => {
    const lib = directoryLibrary([resolve(import.meta.dirname, '../../../cms/maclib')]);
    const s = src(
      '         USING *,15',
      '         LA    2,3',
      '         CH    2,=H\'3\'',
      '         IF    EQ',
      '         LA    3,1',
      '         ELSE',
      '         LA    3,2',
      '         ENDIF',
      '         DO    COUNT=2',
      '         LA    4,1(,4)',
      '         ENDDO',
      '         IF    (CLI,0(15),X\'41\'),NE',
      '         LA    5,1',
      '         ENDIF',
      '         ENDDO',
      '         END',
    );
    const a = assemble(s, { library: lib });
    expect(messages(a)).toEqual(['15 12 MNOTE: ENDDO without DO']);
    const gen = a.lines.filter((l) => l.statement.level > 0 && l.bytes?.length).map((l) => hex(l.bytes));
    expect(gen).toEqual(['4770F014', '47F0F018', '4620F018', '9541F000', '4780F02C']);
    expect(hex(link([a.module]).image).slice(0, 8)).toBe('41200003');
  });
});
