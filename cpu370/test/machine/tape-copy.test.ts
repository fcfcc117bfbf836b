// IPL from tape, end to end: a stand-alone program (built with our assembler) IPLed from
// the AWS tape at X'181' reads the blocks that follow it up to the tape mark and writes
// each to the tape at X'182', then two tape marks and a rewind, and loads a disabled-wait
// PSW whose address is the number of blocks copied. The output image must be exactly the
// AWS image of those blocks; the same tape on Hercules 3.13 must write the same bytes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemble, buildAws, buildMachine, ipl, link } from '../../index.ts';
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
EXPECT   LA    5,X'0C'
         CR    3,5
         BNE   FAIL
         LTR   4,4
         BNZ   FAIL
         BR    14
FAIL     LPSW  BADPSW
DOIO     ST    1,X'48'
         SIO   0(2)
         BC    4,GOT
         BC    8,POLL
         B     FAIL
POLL     TIO   0(2)
         BC    4,GOT
         BC    10,POLL
         B     FAIL
GOT      SR    3,3
         IC    3,X'44'
         SR    4,4
         IC    4,X'45'
         BR    14
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
  const a = assemble(SOURCE, { file: 'tapecopy.asm' });
  if (a.returnCode !== 0) throw new Error(`tapecopy.asm: return code ${a.returnCode}`);
  const program = link([a.module], { origin: 0x2000 }).image;
  // IPL record: BC PSW at X'2000'; READ the next block to X'2000' (SLI, no chaining).
  const ipl = Uint8Array.of(0, 0, 0, 0, 0, 0, 0x20, 0x00, 0x02, 0, 0x20, 0x00, 0x20, 0, program.length >> 8, program.length & 0xff, 0, 0, 0, 0, 0, 0, 0, 0);
  return buildAws([ipl, program, ...DATA, null, blk(10, 5), null]);
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

