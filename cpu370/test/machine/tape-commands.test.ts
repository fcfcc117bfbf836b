// Tape commands side by side with Hercules 3.13: a stand-alone program (our assembler) IPLed
// from the AWS tape at X'181' runs reads, read backward, forward and backward spacing over
// blocks and tape marks, and sense on it and on an empty tape at X'182', recording for each
// the SIO CC, the CC of the TIO that collected the status (X'FF' when none was needed), the
// CSW and sense bytes 0-3. vm370 must give exactly VM370; Hercules the same except that it
// sets CC 0 for the tape-motion commands and presents their status as an interruption, where
// GA22-7000 "Start I/O" has an immediate command end with CC 1 and the CSW stored.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAws, buildMachine, ipl } from '../../index.ts';
import { assembleAt, disabledWait, GETCC_SUBROUTINE, tapeIplRecord } from './sio-program.ts';
import { herculesIpl, herculesSkipReason } from './hercules-ipl.ts';
import { tempDir } from '../devices/helpers.ts';

const SOURCE = `TAPEIO   CSECT
         BALR  12,0
         USING *,12
         LA    9,TAB
         LA    2,X'181'
         LA    1,RD50
         BAL   14,TEST
         LA    1,RD100S
         BAL   14,TEST
         LA    1,RD100
         BAL   14,TEST
         LA    1,BSB
         BAL   14,TEST
         LA    1,BSB
         BAL   14,TEST
         LA    1,RDBK
         BAL   14,TEST
         LA    1,BSB
         BAL   14,TEST
         LA    1,SNS
         BAL   14,TEST
         LA    1,FSF
         BAL   14,TEST
         LA    1,RD100S
         BAL   14,TEST
         LA    1,BSF
         BAL   14,TEST
         LA    1,RD100S
         BAL   14,TEST
         LA    1,FSB
         BAL   14,TEST
         LA    1,FSB
         BAL   14,TEST
         LA    1,FSB
         BAL   14,TEST
         LA    1,RD100S
         BAL   14,TEST
         LA    1,SNS
         BAL   14,TEST
         LA    2,X'182'
         LA    1,RD100S
         BAL   14,TEST
         LA    1,SNS
         BAL   14,TEST
         LA    1,BSB
         BAL   14,TEST
         LPSW  OKPSW
TEST     ST    1,X'48'
         MVC   64(8,0),ONES
         MVC   SNSBUF(8),ONES
         MVI   1(9),X'FF'
         SIO   0(2)
         BAL   10,GETCC
         STC   3,0(9)
         LTR   3,3
         BNZ   SAVE
POLL     TIO   0(2)
         BAL   10,GETCC
         LA    5,2
         CR    3,5
         BE    POLL
         STC   3,1(9)
SAVE     MVC   4(8,9),64(0)
         MVC   12(4,9),SNSBUF
         LA    9,16(,9)
         BR    14
${GETCC_SUBROUTINE}
         DS    0D
OKPSW    DC    X'00020000',X'0000AAAA'
ONES     DC    8X'FF'
RD50     CCW   X'02',BUF,0,50
RD100S   CCW   X'02',BUF,X'20',100
RD100    CCW   X'02',BUF,0,100
BSB      CCW   X'27',0,X'20',1
FSB      CCW   X'37',0,X'20',1
BSF      CCW   X'2F',0,X'20',1
FSF      CCW   X'3F',0,X'20',1
RDBK     CCW   X'0C',BUF+99,X'20',100
SNS      CCW   X'04',SNSBUF,X'20',24
SNSBUF   DC    XL24'00'
BUF      DC    XL100'00'
TAB      DC    XL256'00'
         DC    XL64'00'
         END   TAPEIO
`;

const VM370: Record<string, string> = {
  'read 50 of a 100-byte block, no SLI': '00 01 00002130 0C400000 FFFFFFFF',
  'read 100 (SLI) of a 30-byte block': '00 01 00002138 0C000046 FFFFFFFF',
  'read a tape mark, no SLI': '00 01 00002140 0D400064 FFFFFFFF',
  'backspace block over the tape mark': '01 FF 00002148 0D000001 FFFFFFFF',
  'backspace block over a data block': '01 FF 00002148 0C000001 FFFFFFFF',
  'read backward': '00 01 00002168 0C000000 FFFFFFFF',
  'backspace block again': '01 FF 00002148 0C000001 FFFFFFFF',
  'sense': '00 01 00002170 0C000000 00400000',
  'forward space file': '01 FF 00002160 0C000001 FFFFFFFF',
  'read the block after the tape mark': '00 01 00002138 0C00005F FFFFFFFF',
  'backspace file': '01 FF 00002158 0C000001 FFFFFFFF',
  'read: the tape mark': '00 01 00002138 0D000064 FFFFFFFF',
  'forward space block': '01 FF 00002150 0C000001 FFFFFFFF',
  'forward space block over a tape mark': '01 FF 00002150 0D000001 FFFFFFFF',
  'forward space block past the recorded data': '01 FF 00002150 0E000001 FFFFFFFF',
  'read past the recorded data': '00 01 00002138 0E000064 FFFFFFFF',
  'sense: equipment check': '00 01 00002170 0C000000 10400000',
  'empty tape: read': '00 01 00002138 0E000064 FFFFFFFF',
  'empty tape: sense (at load point)': '00 01 00002170 0C000000 10480000',
  'empty tape: backspace block at load point': '01 FF 00002148 0E000001 FFFFFFFF',
};

const HERCULES_DIFFERS: Record<string, string> = {
  'backspace block over the tape mark': '00 01 00002148 0D000001 FFFFFFFF',
  'backspace block over a data block': '00 01 00002148 0C000001 FFFFFFFF',
  'backspace block again': '00 01 00002148 0C000001 FFFFFFFF',
  'forward space file': '00 01 00002160 0C000001 FFFFFFFF',
  'backspace file': '00 01 00002158 0C000001 FFFFFFFF',
  'forward space block': '00 01 00002150 0C000001 FFFFFFFF',
  'forward space block over a tape mark': '00 01 00002150 0D000001 FFFFFFFF',
  'forward space block past the recorded data': '00 01 00002150 0E000001 FFFFFFFF',
  'empty tape: backspace block at load point': '00 01 00002148 0E000001 FFFFFFFF',
};

const blk = (n: number, s: number) => Uint8Array.from({ length: n }, (_, i) => (i + s) & 0xff);

function entries(table: Uint8Array): Record<string, string> {
  const hex = (a: Uint8Array) => [...a].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
  const out: Record<string, string> = {};
  Object.keys(VM370).forEach((name, i) => {
    const e = table.subarray(i * 16, i * 16 + 16);
    out[name] = `${hex(e.subarray(0, 1))} ${hex(e.subarray(1, 2))} ${hex(e.subarray(4, 8))} ${hex(e.subarray(8, 12))} ${hex(e.subarray(12, 16))}`;
  });
  return out;
}

describe('tape commands compared with Hercules 3.13', () => {
  let tmp: ReturnType<typeof tempDir>;
  let tape: Uint8Array;
  let tab: number;
  beforeAll(() => {
    tmp = tempDir();
    const program = assembleAt(SOURCE, 'tapeio.asm', 0x2000);
    tab = 0x2000 + program.length - 320; // TAB is the last 320 bytes
    tape = buildAws([tapeIplRecord(program.length), program, blk(100, 1), blk(30, 101), null, blk(5, 201), null]);
  });
  afterAll(() => tmp.cleanup());

  function prepare(name: string): string {
    const dir = join(tmp.dir, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'in.aws'), tape);
    writeFileSync(join(dir, 'empty.aws'), new Uint8Array(0));
    writeFileSync(join(dir, 't.cnf'), `ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\n0181 3420 ${join(dir, 'in.aws')}\n0182 3420 ${join(dir, 'empty.aws')}\n`);
    return dir;
  }

  it('vm370 gives the architected results', async () => {
    const dir = prepare('vm370');
    const bare = buildMachine(readFileSync(join(dir, 't.cnf'), 'utf8'), () => {});
    const waited = disabledWait(bare.machine);
    expect((await ipl(bare.machine, 0x181)).ok).toBe(true);
    await waited;
    expect(bare.machine.cpus[0]!.ia).toBe(0xaaaa);
    expect(entries(bare.machine.storage.slice(tab, 320))).toEqual(VM370);
    await bare.close();
  });

  const skip = herculesSkipReason;
  it.skipIf(skip !== undefined)(`Hercules gives the same except for the CC of tape motion${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const dir = prepare('hercules');
    const log = await herculesIpl(dir, join(dir, 't.cnf'), '181', [`r ${tab.toString(16)}.140`]);
    expect(log).toContain('PSW=00020000 8000AAAA');
    const bytes: number[] = [];
    for (const m of log.matchAll(/^R:[0-9A-F]{8}:K:[0-9A-F]{2}=((?:[0-9A-F]{2,8} ?){1,5}) /gm)) {
      bytes.push(...Buffer.from(m[1]!.replace(/ /g, ''), 'hex'));
    }
    expect(entries(Uint8Array.from(bytes))).toEqual({ ...VM370, ...HERCULES_DIFFERS });
  });
});
