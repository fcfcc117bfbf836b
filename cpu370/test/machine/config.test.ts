// Hercules configuration statements, the device-type registry, and the operator's panel commands.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMachine, parseConfig, parseDevnums, registerDeviceType, Panel, type CcwRequest, type CcwResult } from '../../index.ts';
import { tempDir } from '../devices/helpers.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

describe('configuration', () => {
  it('takes the S/370 statements, device lines with ranges and quotes, and lists what it ignores', () => {
    const cfg = parseConfig(
      [
        '# a comment',
        '* another',
        'ARCHMODE S/370',
        'MAINSIZE 4     # megabytes',
        'NUMCPU 2',
        'CPUSERIAL 012345',
        'CPUMODEL 3148',
        'CNSLPORT 3270',
        'PANRATE FAST',
        'OSTAILOR QUIET',
        '000C 3505 "/tmp/my deck.ebc" ebcdic eof',
        '0180-0181 3420 *',
        '0190,0191 3350 a.cckd',
      ].join('\n'),
    );
    expect(cfg.archmode).toBe('S/370');
    expect(cfg.mainsize).toBe(4 << 20);
    expect(cfg.numcpu).toBe(2);
    expect(cfg.cnslport).toBe('3270');
    expect(cfg.devices).toEqual([
      { devnums: [0x00c], type: '3505', args: ['/tmp/my deck.ebc', 'ebcdic', 'eof'], line: 11 },
      { devnums: [0x180, 0x181], type: '3420', args: ['*'], line: 12 },
      { devnums: [0x190, 0x191], type: '3350', args: ['a.cckd'], line: 13 },
    ]);
    expect(cfg.ignored).toEqual([
      'line 6: CPUSERIAL (STIDP reports serial 000611)',
      'line 7: CPUMODEL (STIDP reports model 3158)',
      'line 9: PANRATE FAST',
      'line 10: OSTAILOR QUIET',
    ]);
  });

  it.each([
    ['ARCHMODE ESA/390', 'line 1: ARCHMODE ESA/390: only S/370 is supported'],
    ['MAINSIZE 32', 'line 1: MAINSIZE 32: give 1-16 (megabytes; S/370 addresses 16M)'],
    ['NUMCPU 0', 'line 1: NUMCPU 0: give 1-16'],
    ['FROBNICATE 1', "line 1: unknown statement 'FROBNICATE'"],
    ['1000 3505', "line 1: device numbers '1000' are not in 000-FFF"],
  ])('%s is an error', (text, message) => {
    expect(() => parseConfig(text)).toThrow(message);
  });

  it('device-number forms', () => {
    expect(parseDevnums('00C')).toEqual([0x00c]);
    expect(parseDevnums('0580.3')).toEqual([0x580, 0x581, 0x582]);
    expect(() => parseDevnums('0x0C')).toThrow("bad device number '0x0C'");
  });

  it('an unknown device type names the line and the known types; other parts can register theirs', () => {
    expect(() => buildMachine('0200 9999 x', () => {})).toThrow(/^line 1: device type 9999 is not supported \(known: .*3505.*\)$/);
    registerDeviceType('TEST1', (s) => ({
      devnum: s.devnum,
      devtype: 0x1234,
      startCcw: (ccw: CcwRequest): CcwResult => ({ unitStatus: 0x0c, residual: ccw.count }),
      sense: () => new Uint8Array(1),
      halt: () => {},
      describe: () => `args ${s.args.join(',')}`,
    }));
    const notes: string[] = [];
    const bare = buildMachine('0200 test1 a b\n000E 1403 * extra', (n) => notes.push(n));
    expect(bare.machine.channels.device(0x200)?.devtype).toBe(0x1234);
    expect(notes).toEqual(['00E: ignoring extra']);
    void bare.close();
  });
});

describe('operator commands', () => {
  function panel(config = '') {
    const bare = buildMachine(`MAINSIZE 1\n${config}`, () => {});
    const lines: string[] = [];
    const p = new Panel(bare.machine, (l) => lines.push(l));
    const cmd = async (c: string) => {
      lines.length = 0;
      const r = await p.command(c);
      return { r, lines: [...lines] };
    };
    return { bare, cmd };
  }

  it('r displays and alters absolute storage; gpr, cr and psw display and alter registers', async () => {
    const { cmd, bare } = panel();
    expect((await cmd('r 100=C1C2C3')).lines).toEqual(['R:00000100  C1C2C3                               *ABC*']);
    expect((await cmd('r 100.4')).lines).toEqual(['R:00000100  C1C2C300                             *ABC.*']);
    expect((await cmd('r 100-113')).lines).toEqual([
      'R:00000100  C1C2C300 00000000 00000000 00000000  *ABC.............*',
      'R:00000110  00000000                             *....*',
    ]);
    expect((await cmd('r 100000')).lines).toEqual(['r: address 100000 is beyond storage (100000)']);
    expect((await cmd('r 1=ABC')).lines).toEqual(['r: give whole bytes after =']);
    expect((await cmd('gpr 3=DEADBEEF')).lines[0]).toBe('GR00=00000000 GR01=00000000 GR02=00000000 GR03=DEADBEEF');
    expect(bare.machine.cpus[0]!.gpr[3]).toBe(0xdeadbeef | 0);
    expect((await cmd('cr')).lines[0]).toBe('CR00=000000E0 CR01=00000000 CR02=FFFFFFFF CR03=00000000');
    expect((await cmd('psw')).lines).toEqual(['PSW=00000000 00000000']);
    expect((await cmd('frob')).lines).toEqual(["unknown command 'frob' (help lists the commands)"]);
    expect((await cmd('quit')).r).toBe('quit');
  });

  it('devlist, devinit, attach and detach', async () => {
    const deck = tmp.path('d.ebc');
    writeFileSync(deck, new Uint8Array(160).fill(0x40));
    const { cmd, bare } = panel(`000C 3505 *\n000E 1403 ${tmp.path('p.txt')}`);
    expect((await cmd('devlist')).lines).toEqual([
      '000C 3505 * auto intrq [idle]',
      `000E 1403 ${tmp.path('p.txt')} lpp=66 line=1 0 lines [idle]`,
    ]);
    expect((await cmd(`devinit 00c ${deck} eof`)).lines).toEqual(['device 000C initialised']);
    expect((await cmd('devlist')).lines[0]).toBe(`000C 3505 ${deck} auto eof [pending]`);
    expect((await cmd('attach 0181 3420 *')).lines).toEqual([]);
    expect(bare.machine.channels.device(0x181)?.devtype).toBe(0x3420);
    expect((await cmd('attach 0181 3420 *')).lines).toEqual(['attach: device 181 already exists']);
    expect((await cmd('detach 181')).lines).toEqual(['device 0181 detached']);
    expect((await cmd('detach 181')).lines).toEqual(['detach: device 0181 does not exist']);
    expect((await cmd('devinit 0999 x')).lines).toEqual(['devinit: device 0999 does not exist']);
    await bare.close();
  });

  it('ipl from the panel, and an IPL that fails', async () => {
    const deck = tmp.path('d.ebc');
    const card0 = new Uint8Array(80);
    card0.set([0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34]); // a disabled wait PSW
    card0.set([0x03, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x01], 8); // NOP, the end of the IPL chain
    writeFileSync(deck, card0);
    const { cmd, bare } = panel(`000C 3505 ${deck}\n000D 3505 *`);
    expect((await cmd('ipl 00c loadparm sys1')).lines).toEqual([]);
    expect((await cmd('loadparm')).lines).toEqual(['LOADPARM=SYS1']);
    expect((await cmd('psw')).lines).toEqual(['PSW=00020000 00001234']);
    expect((await cmd('r 0.8')).lines).toEqual(['R:00000000  0002000C 00001234                    *........*']);
    expect((await cmd('ipl 00d')).lines).toEqual(['IPL 00D failed: IPL I/O failed: CSW 00000008 0E000018']);
    expect((await cmd('ipl xyz')).lines).toEqual(["ipl: give a device number in hex, not 'xyz'"]);
    await bare.close();
  });
});
