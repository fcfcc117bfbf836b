// IPL from DASD, end to end: a stand-alone program (built with our assembler) on track 0
// of a 3350 volume is IPLed, formats record 1 of cylinder 1 head 3 with Write CKD, rewrites
// its data with Write Data and reads it back with Read Data, each through Seek, Search ID
// Equal and a TIC loop, and loads a disabled-wait PSW X'D0D0' when the data read back is
// what it wrote. The same volume, uncompressed and compressed, runs on Hercules 3.13, and
// the tracks Hercules wrote are read back with our image code.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemble, buildMachine, ipl, link, toEbcdic } from '../../cpu370/index.ts';
import { createCkdVolume, openCkdImage, buildTrack, parseTrack, vol1Record } from '../index.ts';
import { tempDir } from './chain.ts';
import { CCKDCDSK, HERCULES, herculesMissing, runTool } from './tools.ts';

const SOURCE = `DASDIO   CSECT
         BALR  12,0
         USING *,12
         LA    2,X'190'
         LA    1,FMTCCW
         BAL   14,DOIO
         BAL   14,EXPECT
         LA    1,UPDCCW
         BAL   14,DOIO
         BAL   14,EXPECT
         LA    1,RDCCW
         BAL   14,DOIO
         BAL   14,EXPECT
         CLC   BUF(100),PAT2
         BNE   FAIL
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
OKPSW    DC    X'00020000',X'0000D0D0'
BADPSW   DC    X'00020000',X'00EEEEEE'
FMTCCW   CCW   X'07',SEEKA,X'40',6
SRCHF    CCW   X'31',SRCH0,X'40',5
         CCW   X'08',SRCHF,0,0
         CCW   X'1D',CKD1,0,108
UPDCCW   CCW   X'07',SEEKA,X'40',6
SRCHU    CCW   X'31',SRCH1,X'40',5
         CCW   X'08',SRCHU,0,0
         CCW   X'05',PAT2,0,100
RDCCW    CCW   X'07',SEEKA,X'40',6
SRCHR    CCW   X'31',SRCH1,X'40',5
         CCW   X'08',SRCHR,0,0
         CCW   X'06',BUF,0,100
SEEKA    DC    X'000000010003'
SRCH0    DC    X'0001000300'
SRCH1    DC    X'0001000301'
CKD1     DC    X'0001000301000064'
PAT1     DC    100X'C1'
PAT2     DC    50X'5AA5',X'0102'
         DC    48X'7E'
BUF      DS    100X
         END   DASDIO
`;

const ORIGIN = 0x2000;
const PAT2 = [...new Array(50).fill([0x5a, 0xa5]).flat(), 0x01, 0x02, ...new Array(48).fill(0x7e)].slice(0, 100);

function program(): Uint8Array {
  const a = assemble(SOURCE, { file: 'dasdio.asm' });
  if (a.returnCode !== 0) throw new Error(`dasdio.asm: return code ${a.returnCode}`);
  return link([a.module], { origin: ORIGIN }).image;
}

/** A volume whose track 0 holds IPL1 (PSW + a Read Data of IPL2 to X'2000'), IPL2 (the program) and VOL1. */
function makeVolume(path: string, compressed: boolean, prog: Uint8Array): void {
  createCkdVolume(path, '3350', 'IPLVOL', 3, { compressed });
  const ipl1 = Uint8Array.of(0, 0, 0, 0, 0, 0, ORIGIN >> 8, ORIGIN & 0xff, 0x06, 0, ORIGIN >> 8, ORIGIN & 0xff, 0x20, 0, prog.length >> 8, prog.length & 0xff, 0, 0, 0, 0, 0, 0, 0, 0);
  const img = openCkdImage(path);
  img.writeTrack(
    0,
    buildTrack(0, 0, [
      { count: { cyl: 0, head: 0, record: 0, keyLength: 0, dataLength: 8 } },
      { count: { cyl: 0, head: 0, record: 1, keyLength: 4, dataLength: 24 }, key: toEbcdic('IPL1'), data: ipl1 },
      { count: { cyl: 0, head: 0, record: 2, keyLength: 4, dataLength: prog.length }, key: toEbcdic('IPL2'), data: prog },
      { count: { cyl: 0, head: 0, record: 3, keyLength: 4, dataLength: 80 }, key: toEbcdic('VOL1'), data: vol1Record('IPLVOL') },
    ]),
  );
  img.close();
}

/** Record 1 of cylinder 1 head 3 as the image holds it now. */
function record1(path: string): { count: number[]; data: number[] } {
  const img = openCkdImage(path, { readOnly: true });
  const track = img.readTrack(1 * img.heads + 3);
  img.close();
  const parsed = parseTrack(track);
  if ('error' in parsed) throw new Error(parsed.error);
  const r = parsed.records.find((x) => x.record === 1)!;
  return { count: [...track.subarray(r.offset, r.offset + 8)], data: [...track.subarray(r.offset + 8, r.offset + 8 + r.dataLength)] };
}

const EXPECTED = { count: [0, 1, 0, 3, 1, 0, 0, 100], data: PAT2 };

describe('IPL from a 3350 and channel programs that write and read records', () => {
  let tmp: ReturnType<typeof tempDir>;
  let prog: Uint8Array;
  beforeAll(() => {
    tmp = tempDir();
    prog = program();
  });
  afterAll(() => tmp.cleanup());

  for (const compressed of [false, true]) {
    it(`under vm370 (${compressed ? 'compressed' : 'uncompressed'} image)`, async () => {
      const vol = join(tmp.dir, `vm-${compressed}.3350`);
      makeVolume(vol, compressed, prog);
      const bare = buildMachine(`ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\n0190 3350 ${vol}\n`, () => {});
      const waited = new Promise<string>((resolve) => {
        bare.machine.events = { disabledWait: (cpu) => resolve(cpu.pswWords().map((w) => (w >>> 0).toString(16).padStart(8, '0')).join(' ')) };
      });
      expect(await ipl(bare.machine, 0x190)).toEqual({ ok: true, psw: '0000019000002000' });
      expect(await waited).toBe('00020000 0000d0d0');
      await bare.close();
      expect(record1(vol)).toEqual(EXPECTED);
    });
  }

  it('the base is untouched and the shadow holds the writes when vm370 runs with sf= on its configuration line', async () => {
    const vol = join(tmp.dir, 'vm-base.3350');
    makeVolume(vol, false, prog);
    const before = readFileSync(vol);
    const bare = buildMachine(`ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\n0190 3350 ${vol} sf=${join(tmp.dir, 'vm-base_*.shadow')}\n`, () => {});
    const waited = new Promise<string>((resolve) => {
      bare.machine.events = { disabledWait: (cpu) => resolve(cpu.pswWords().map((w) => (w >>> 0).toString(16).padStart(8, '0')).join(' ')) };
    });
    expect((await ipl(bare.machine, 0x190)).ok).toBe(true);
    expect(await waited).toBe('00020000 0000d0d0');
    await bare.close();
    expect(readFileSync(vol).equals(before)).toBe(true);
    const img = openCkdImage(vol, { shadow: join(tmp.dir, 'vm-base_1.shadow'), readOnly: true });
    const parsed = parseTrack(img.readTrack(1 * img.heads + 3));
    img.close();
    expect('records' in parsed && parsed.records.map((r) => r.record)).toEqual([0, 1]);
  });

  it.skipIf(herculesMissing !== undefined)(`on Hercules 3.13 with a shadow file it creates, which we then read${herculesMissing ? ` (skipped: ${herculesMissing})` : ''}`, async () => {
    // Hercules 3.13 takes sf= only on compressed volumes.
    const vol = join(tmp.dir, 'herc-base.3350');
    makeVolume(vol, true, prog);
    const baseTrack = () => {
      const img = openCkdImage(vol, { readOnly: true });
      const t = Buffer.from(img.readTrack(1 * img.heads + 3)).toString('hex');
      img.close();
      return t;
    };
    const before = baseTrack();
    // Hercules puts the shadow number where the '*' is: the first shadow is herc-base_1.shadow.
    const sf = join(tmp.dir, 'herc-base_1.shadow');
    writeFileSync(join(tmp.dir, 'hsf.cnf'), `ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\nCPUSERIAL 000611\nCPUMODEL 3158\n0190 3350 ${vol} sf=${join(tmp.dir, 'herc-base_*.shadow')}\n`);
    writeFileSync(join(tmp.dir, 'done.rc'), 'psw\nquit\n');
    // `sf+` makes Hercules start the shadow file (in a thread of its own, hence the pause);
    // from then on writes go to it.
    writeFileSync(join(tmp.dir, 'runsf.rc'), `sf+ 0190\npause 1\nhao tgt HHCCP011I CPU\nhao cmd script ${join(tmp.dir, 'done.rc')}\nipl 190\n`);
    const r = await runTool(HERCULES!, ['-f', join(tmp.dir, 'hsf.cnf'), '-d'], tmp.dir, { ...process.env, HERCULES_RC: join(tmp.dir, 'runsf.rc') });
    expect(r.out).toContain('PSW=00020000 8000D0D0');
    expect(baseTrack()).toBe(before);
    const img = openCkdImage(vol, { shadow: sf, readOnly: true });
    const track = img.readTrack(1 * img.heads + 3);
    img.close();
    const parsed = parseTrack(track);
    if ('error' in parsed) throw new Error(parsed.error);
    const r1 = parsed.records.find((x) => x.record === 1)!;
    expect([...track.subarray(r1.offset + 8, r1.offset + 108)]).toEqual(PAT2);
  }, 40000);

  for (const compressed of [false, true]) {
    const skip = herculesMissing;
    it.skipIf(skip !== undefined)(`on Hercules 3.13, which writes into our ${compressed ? 'compressed' : 'uncompressed'} image${skip ? ` (skipped: ${skip})` : ''}`, async () => {
      const vol = join(tmp.dir, `herc-${compressed}.3350`);
      makeVolume(vol, compressed, prog);
      writeFileSync(join(tmp.dir, `h${compressed}.cnf`), `ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\nCPUSERIAL 000611\nCPUMODEL 3158\n0190 3350 ${vol}\n`);
      writeFileSync(join(tmp.dir, 'done.rc'), 'psw\nquit\n');
      writeFileSync(join(tmp.dir, `run${compressed}.rc`), `hao tgt HHCCP011I CPU\nhao cmd script ${join(tmp.dir, 'done.rc')}\nipl 190\n`);
      const r = await runTool(HERCULES!, ['-f', join(tmp.dir, `h${compressed}.cnf`), '-d'], tmp.dir, { ...process.env, HERCULES_RC: join(tmp.dir, `run${compressed}.rc`) });
      expect(r.out).toContain('PSW=00020000 8000D0D0');
      expect(record1(vol)).toEqual(EXPECTED);
      if (compressed && CCKDCDSK) {
        const chk = await runTool(CCKDCDSK, ['-3', '-ro', vol]);
        expect(chk.code).toBe(0);
      }
    }, 40000);
  }
});
