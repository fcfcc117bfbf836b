// IPL from tape, end to end: a stand-alone program (built with our assembler) IPLed from
// the AWS tape at X'181' reads the blocks that follow it up to the tape mark and writes
// each to the tape at X'182', then two tape marks and a rewind, and loads a disabled-wait
// PSW whose address is the number of blocks copied. The output image must be exactly the
// AWS image of those blocks; the same tape on Hercules 3.13 must write the same bytes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAws, buildMachine, ipl } from '../../index.ts';
import { assembleAt, SIO_SUBROUTINES, tapeIplRecord } from './sio-program.ts';
import { herculesIpl, herculesSkipReason } from './hercules-ipl.ts';
import { tempDir } from '../devices/helpers.ts';

const SOURCE = `TAPECOPY CSECT
         BALR  12,0
         USING *,12
         SR    6,6
NEXT     LA    1,RDCCW
         LA    2,X'181'
         BAL   14,DOIO
         LA    5,X'0D'
         CR    3,5
         BE    EOF
         BAL   14,EXPECT
         LH    7,X'46'
         LH    8,MAXLEN
         SR    8,7
         STH   8,WRCCW+6
         LA    1,WRCCW
         LA    2,X'182'
         BAL   14,DOIO
         BAL   14,EXPECT
         LA    6,1(,6)
         B     NEXT
EOF      LA    1,WTMCCW
         LA    2,X'182'
         BAL   14,DOIO
         BAL   14,EXPECT
         LA    1,WTMCCW
         LA    2,X'182'
         BAL   14,DOIO
         BAL   14,EXPECT
         LA    1,REWCCW
         LA    2,X'182'
         BAL   14,DOIO
         BAL   14,EXPECT
         ST    6,OKPSW+4
         LPSW  OKPSW
${SIO_SUBROUTINES}
         DS    0D
OKPSW    DC    X'00020000',F'0'
BADPSW   DC    X'00020000',X'00EEEEEE'
RDCCW    CCW   X'02',BUF,X'20',32767
WRCCW    CCW   X'01',BUF,0,0
WTMCCW   CCW   X'1F',0,X'20',1
REWCCW   CCW   X'07',0,X'20',1
MAXLEN   DC    H'32767'
         DS    0D
BUF      DS    0X
         END   TAPECOPY
`;

const blk = (n: number, s: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + s) & 0xff);
const DATA = [blk(80, 1), blk(1, 2), blk(300, 3), blk(4000, 4)];

function inputTape(): Uint8Array {
  const program = assembleAt(SOURCE, 'tapecopy.asm', 0x2000);
  return buildAws([tapeIplRecord(program.length), program, ...DATA, null, blk(10, 5), null]);
}

function config(dir: string): string {
  return `ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\n0181 3420 ${join(dir, 'in.aws')}\n0182 3420 ${join(dir, 'out.aws')}\n`;
}

const EXPECTED = buildAws([...DATA, null, null]);

describe('IPL from an AWS tape and copy a file to another tape', () => {
  let tmp: ReturnType<typeof tempDir>;
  let tape: Uint8Array;
  beforeAll(() => {
    tmp = tempDir();
    tape = inputTape();
  });
  afterAll(() => tmp.cleanup());

  function prepare(name: string): string {
    const dir = join(tmp.dir, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'in.aws'), tape);
    writeFileSync(join(dir, 'out.aws'), new Uint8Array(0));
    return dir;
  }

  it('under vm370', async () => {
    const dir = prepare('vm370');
    const bare = buildMachine(config(dir), () => {});
    const waited = new Promise<string>((resolve) => {
      bare.machine.events = { disabledWait: (cpu) => resolve(cpu.pswWords().map((w) => w.toString(16).padStart(8, '0')).join(' ')) };
    });
    expect((await ipl(bare.machine, 0x181)).ok).toBe(true);
    expect(await waited).toBe(`00020000 0000000${DATA.length}`);
    await bare.close();
    expect([...readFileSync(join(dir, 'out.aws'))]).toEqual([...EXPECTED]);
  });

  const skip = herculesSkipReason;
  it.skipIf(skip !== undefined)(`on Hercules 3.13, with the same bytes written${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const dir = prepare('hercules');
    writeFileSync(join(dir, 't.cnf'), config(dir));
    const log = await herculesIpl(dir, join(dir, 't.cnf'), '181');
    expect(log).toContain(`PSW=00020000 8000000${DATA.length}`);
    expect([...readFileSync(join(dir, 'out.aws'))]).toEqual([...EXPECTED]);
  });
});

