import { describe, expect, it } from 'vitest';
import { checkPassword, loadDirectory, parseDirectory, DirectoryLoadError } from '../index.ts';

const SAMPLE = `DIRECTORY 6A1 3350 VM50-1
* comment line
USER OPERATOR OPERATOR 2M 16M ABCDEFG
 ACCOUNT 1 OPERATOR
 CONSOLE 009 3215
USER CMSUSER CMSUSER 1M 16M G                                           00010000
 ACCOUNT 2 CMSUSER
 OPTION ECMODE
 OPTION REALTIMER
 IPL CMS PARM AUTOCR
 CONSOLE 009 3215
 SPOOL 00C 2540 READ *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 LINK MAINT 190 190 RR
 MDISK 191 3350 001 115 VM50U0 MR ALL WRITE MULT
 DEDICATE 181 TAPE01

USER $ALLOC$ NOLOG
`;

describe('USER DIRECT parser', () => {
  it('builds entries from every statement', () => {
    const d = loadDirectory(SAMPLE);
    expect(d.header).toEqual({ vaddr: 0x6a1, devtype: 3350, volser: 'VM50-1' });
    expect([...d.users.keys()]).toEqual(['OPERATOR', 'CMSUSER', '$ALLOC$']);
    const u = d.users.get('CMSUSER')!;
    expect(u.storage).toBe(1024 * 1024);
    expect(u.maxStorage).toBe(16 * 1024 * 1024);
    expect(u.classes).toBe('G');
    expect(u.lineEnd).toBe('#');
    expect(u.account).toEqual({ number: '2', distcode: 'CMSUSER' });
    expect([...u.options]).toEqual(['ECMODE', 'REALTIMER']);
    expect(u.ipl).toEqual({ target: 'CMS', parm: 'AUTOCR' });
    expect(u.console).toEqual({ vaddr: 9, devtype: 3215, spoolClass: 'T' });
    expect(u.spool).toEqual([
      { vaddr: 0xc, devtype: 2540, kind: 'READER', spoolClass: '*' },
      { vaddr: 0xd, devtype: 2540, kind: 'PUNCH', spoolClass: 'A' },
      { vaddr: 0xe, devtype: 1403, kind: 'PRINTER', spoolClass: 'A' },
    ]);
    expect(u.links).toEqual([{ userid: 'MAINT', vaddr: 0x190, localVaddr: 0x190, mode: 'RR' }]);
    expect(u.mdisks).toEqual([
      { vaddr: 0x191, devtype: 3350, start: 1, count: 115, volser: 'VM50U0', mode: 'MR', readPassword: 'ALL', writePassword: 'WRITE', multiPassword: 'MULT' },
    ]);
    expect(u.dedicates).toEqual([{ vaddr: 0x181, real: 'TAPE01' }]);
    expect(d.users.get('$ALLOC$')!.password).toBeNull();
  });

  it('keeps passwords only hashed and checks them case-insensitively', () => {
    const u = loadDirectory(SAMPLE).users.get('CMSUSER')!;
    expect(JSON.stringify(u.password)).not.toContain('CMSUSER');
    expect(Buffer.from(u.password!.hash).toString('latin1')).not.toContain('CMSUSER');
    expect(checkPassword(u.password!, 'cmsuser')).toBe(true);
    expect(checkPassword(u.password!, 'CMSUSEr')).toBe(true);
    expect(checkPassword(u.password!, 'GUEST')).toBe(false);
  });

  it('ignores columns 72-80 (sequence numbers) and blank lines', () => {
    const d = loadDirectory('USER A B 64K 64K G' + ' '.repeat(53) + 'BAD STUFF\n\n');
    expect(d.users.get('A')!.storage).toBe(65536);
  });

  it('reports every bad statement with its line number', () => {
    const text = [
      'USER GOOD PW 1M 2M G',
      ' FROBNICATE 1 2',
      ' CONSOLE 009 9999',
      ' SPOOL 00C 2540 READ',
      ' SPOOL 00C 1403 A',
      ' MDISK 191 3350 1',
      'USER GOOD PW 1M',
      'USER BAD PW 3M 2M G',
      'DIRECTORY 6A1 3350 VM50-1',
      ' LINK MAINT 190 19G RR',
      ' OPTION SUPERPOWERS',
      'USER TOOBIG PW 32M',
      ' IPL CMS PRAM X',
      ' ACCOUNT 1 2 3',
    ].join('\n');
    const { errors } = parseDirectory(text);
    expect(errors.map((e) => e.message)).toEqual([
      "DMKDIR751E UNKNOWN STATEMENT 'FROBNICATE' ON LINE 2",
      "DMKDIR752E INVALID OPERAND '9999' ON LINE 3",
      'DMKDIR757E DUPLICATE DEVICE ADDRESS 00C ON LINE 5',
      'DMKDIR753E OPERAND MISSING ON LINE 6',
      "DMKDIR755E DUPLICATE USER 'GOOD' ON LINE 7",
      "DMKDIR752E INVALID OPERAND '2M' ON LINE 8",
      'DMKDIR758E DIRECTORY STATEMENT NOT FIRST ON LINE 9',
      'DMKDIR754E LINK STATEMENT OUTSIDE A USER ENTRY ON LINE 10',
      'DMKDIR754E OPTION STATEMENT OUTSIDE A USER ENTRY ON LINE 11',
      "DMKDIR752E INVALID OPERAND '32M' ON LINE 12",
      'DMKDIR754E IPL STATEMENT OUTSIDE A USER ENTRY ON LINE 13',
      'DMKDIR754E ACCOUNT STATEMENT OUTSIDE A USER ENTRY ON LINE 14',
    ]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(() => loadDirectory(text)).toThrow(DirectoryLoadError);
  });

  it('checks operands inside a valid entry', () => {
    const { errors } = parseDirectory(['USER X Y 1M', ' LINK MAINT 190 19G RR', ' OPTION SUPERPOWERS', ' IPL CMS PRAM X', ' ACCOUNT 1 2 3', ' MDISK 191 3350 1 10 VOL1 Q'].join('\n'));
    expect(errors.map((e) => e.message)).toEqual([
      "DMKDIR752E INVALID OPERAND '19G' ON LINE 2",
      "DMKDIR752E INVALID OPERAND 'SUPERPOWERS' ON LINE 3",
      "DMKDIR752E INVALID OPERAND 'PRAM' ON LINE 4",
      "DMKDIR756E TOO MANY OPERANDS '3' ON LINE 5",
      "DMKDIR752E INVALID OPERAND 'Q' ON LINE 6",
    ]);
  });
});
