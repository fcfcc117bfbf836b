import { describe, expect, it } from 'vitest';
import { lineTerminal, logon, system } from './helpers/system.ts';

describe('LOGON / LOGOFF / DISCONN', () => {
  it('logs on with the password prompt and answers LOGON AT', () => {
    const cp = system();
    const t = lineTerminal(cp);
    expect(t.lines).toEqual(['VM/370 Online']);
    expect(t.type('logon cmsuser')).toEqual(['ENTER PASSWORD:']);
    expect(t.port.read).toBe('CP READ');
    expect(t.type('cmsuser')).toEqual(['LOGON AT 18:41:51 GMT THURSDAY 01/01/26']);
    expect(cp.users.get('CMSUSER')?.terminal).toBe(t.uc);
    expect(t.port.read).toBe('CP READ');
  });

  it('accepts LOGIN, abbreviations and the password on the command line', () => {
    const cp = system();
    const t = lineTerminal(cp);
    expect(t.type('L guest guest')).toEqual(['LOGON AT 18:41:51 GMT THURSDAY 01/01/26']);
    const u = lineTerminal(cp);
    expect(u.type('login maint cpcms')).toEqual(['LOGON AT 18:41:51 GMT THURSDAY 01/01/26']);
  });

  it('rejects a wrong password, an unknown user and a NOLOG user', () => {
    const cp = system();
    const t = lineTerminal(cp);
    t.type('logon cmsuser');
    expect(t.type('wrong')).toEqual(['DMKLOG050E PASSWORD INCORRECT - REINITIATE LOGON PROCEDURE']);
    expect(cp.users.size).toBe(0);
    expect(t.type('logon nobody')).toEqual(['DMKLOG053E NOBODY NOT IN CP DIRECTORY']);
    expect(t.type('logon $alloc$')).toEqual(['ENTER PASSWORD:']);
    expect(t.type('NOLOG')).toEqual(['DMKLOG050E PASSWORD INCORRECT - REINITIATE LOGON PROCEDURE']);
    expect(t.type('logon')).toEqual(['DMKCFM020E USERID MISSING OR INVALID']);
    expect(t.type('query time')).toEqual(['DMKCFM001E UNKNOWN CP COMMAND']);
  });

  it('refuses a second logon while connected, and reconnects after DISCONN', () => {
    const cp = system();
    const a = logon(cp, 'cmsuser', 'cmsuser');
    const b = lineTerminal(cp);
    b.type('logon cmsuser');
    expect(b.type('cmsuser')).toEqual([`DMKLOG054E ALREADY LOGGED ON LINE ${a.uc.address.toString(16).toUpperCase().padStart(3, '0')}`]);
    expect(a.type('disc')).toEqual(['DISCONNECT AT 18:41:51 GMT THURSDAY 01/01/26', 'VM/370 Online']);
    expect(cp.users.get('CMSUSER')!.terminal).toBeNull();
    b.type('logon cmsuser');
    expect(b.type('cmsuser')).toEqual(['RECONNECTED AT 18:41:51 GMT THURSDAY 01/01/26']);
    expect(cp.users.get('CMSUSER')!.terminal).toBe(b.uc);
  });

  it('LOGOFF gives the accounting line and LOGOFF AT, then the logo', () => {
    const cp = system();
    const t = logon(cp, 'guest', 'guest');
    const out = t.type('logoff');
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^CONNECT= 00:00:\d\d VIRTCPU= 000:00\.\d\d TOTCPU= 000:00\.\d\d$/);
    expect(out.slice(1)).toEqual(['LOGOFF AT 18:41:51 GMT THURSDAY 01/01/26', 'VM/370 Online']);
    expect(cp.users.size).toBe(0);
  });
});

describe('QUERY', () => {
  it('TIME, STORAGE, USERS, NAMES, userid', () => {
    const cp = system();
    const a = logon(cp, 'cmsuser', 'cmsuser');
    const b = logon(cp, 'maint', 'cpcms');
    const addr = (x: typeof a) => x.uc.address.toString(16).toUpperCase().padStart(3, '0');
    const time = a.type('q t');
    expect(time[0]).toBe('TIME IS 18:41:51 GMT THURSDAY 01/01/26');
    expect(time[1]).toMatch(/^CONNECT= \d\d:\d\d:\d\d VIRTCPU= \d{3}:\d\d\.\d\d TOTCPU= \d{3}:\d\d\.\d\d$/);
    expect(a.type('query storage')).toEqual(['STORAGE = 01024K']);
    expect(a.type('q users')).toEqual(['002 USERS, 000 DIALED']);
    expect(a.type('q n')).toEqual([`CMSUSER  - ${addr(a)} , MAINT    - ${addr(b)}`]);
    expect(a.type('q maint')).toEqual([`MAINT    - ${addr(b)}`]);
    expect(a.type('q users maint')).toEqual([`MAINT    - ${addr(b)}`]);
    expect(a.type('q guest')).toEqual(['DMKCQG045E GUEST NOT LOGGED ON']);
    expect(a.type('q')).toEqual(['DMKCFM026E OPERAND MISSING OR INVALID']);
    expect(a.type('q time now')).toEqual(['DMKCFM002E INVALID OPERAND - NOW']);
    b.type('disc');
    expect(a.type('q maint')).toEqual(['MAINT    - DSC']);
  });

  it('VIRTUAL lists storage, console and spool devices', () => {
    const cp = system();
    const a = logon(cp, 'cmsuser', 'cmsuser');
    const addr = a.uc.address.toString(16).toUpperCase().padStart(3, '0');
    expect(a.type('q v')).toEqual([
      'STORAGE = 01024K',
      `CONS 009 ON LINE ${addr}`,
      'RDR 00C CL * NOCONT NOHOLD EOF',
      'PUN 00D CL A NOCONT NOHOLD COPY 01',
      'PRT 00E CL A NOCONT NOHOLD COPY 01',
    ]);
    expect(a.type('spool pun class b cont hold copy 3 to maint')).toEqual([]);
    expect(a.type('sp e nohold')).toEqual([]);
    expect(a.type('q v')[3]).toBe('PUN 00D CL B CONT HOLD COPY 03 FOR MAINT');
    expect(a.type('spool 00d bogus')).toEqual(['DMKCSP003E INVALID OPTION - BOGUS']);
    expect(a.type('spool 123 hold')).toEqual(['DMKCFG040E DEV 123 DOES NOT EXIST']);
  });
});

describe('command framework', () => {
  it('answers unknown commands and commands outside the user class alike', () => {
    const cp = system();
    const g = logon(cp, 'guest', 'guest');
    expect(g.type('frobnicate')).toEqual(['DMKCFM001E UNKNOWN CP COMMAND']);
    expect(g.type('shutdown')).toEqual(['DMKCFM001E UNKNOWN CP COMMAND']);
    expect(g.type('warning guest hi')).toEqual(['DMKCFM001E UNKNOWN CP COMMAND']);
    // Minimum abbreviations: QUERY = Q, DISPLAY = D, but SYSTEM needs SYS.
    expect(g.type('sy reset')).toEqual(['DMKCFM001E UNKNOWN CP COMMAND']);
    expect(g.type('sys reset')).toEqual(['SYSTEM RESET']);
    expect(g.type('queryx')).toEqual(['DMKCFM001E UNKNOWN CP COMMAND']);
  });

  it('runs several commands separated by the line-end character', () => {
    const cp = system();
    const g = logon(cp, 'guest', 'guest');
    expect(g.type('q stor#q users')).toEqual(['STORAGE = 00512K', '001 USER, 000 DIALED']);
  });
});

describe('MSG and WARNING', () => {
  it('delivers messages, and tells the sender when they cannot be', () => {
    const cp = system();
    const a = logon(cp, 'cmsuser', 'cmsuser');
    const b = logon(cp, 'maint', 'cpcms');
    expect(a.type('msg maint Hello there')).toEqual([]);
    expect(b.take()).toEqual(['MSG FROM CMSUSER : Hello there']);
    expect(a.type('m * to myself')).toEqual(['MSG FROM CMSUSER : to myself']);
    expect(a.type('msg guest hi')).toEqual(['DMKMSG045E GUEST NOT LOGGED ON']);
    b.type('set msg off');
    expect(a.type('msg maint hi')).toEqual(['DMKMSG057W MAINT NOT RECEIVING; MSG OFF']);
    b.type('disc');
    expect(a.type('msg maint hi')).toEqual(['DMKMSG057W MAINT NOT RECEIVING; DISCONNECTED']);
  });

  it('MSG OPERATOR reaches the operator; WARNING is for classes A and B', () => {
    const cp = system();
    const op = logon(cp, 'operator', 'operator');
    const u = logon(cp, 'cmsuser', 'cmsuser');
    u.type('msg op need a tape');
    expect(op.take()).toEqual(['MSG FROM CMSUSER : need a tape']);
    expect(op.type('warning all system going down')).toEqual(['WNG FROM OPERATOR: system going down']);
    expect(u.take()).toEqual(['WNG FROM OPERATOR: system going down']);
  });
});

describe('SET and SHUTDOWN', () => {
  it('SET changes and QUERY SET shows the settings', () => {
    const cp = system();
    const u = logon(cp, 'cmsuser', 'cmsuser');
    expect(u.type('q set')).toEqual(['MSG ON , WNG ON , EMSG ON  , IMSG ON , RUN OFF']);
    u.type('set emsg code');
    u.type('set run on');
    expect(u.type('q set')).toEqual(['MSG ON , WNG ON , EMSG CODE, IMSG ON , RUN ON ']);
    expect(u.type('set emsg loud')).toEqual(['DMKCFM002E']);
    u.type('set emsg on');
    expect(u.type('set color red')).toEqual(['DMKCFM002E INVALID OPERAND - COLOR']);
  });

  it('SET EMSG shows error messages in full, as the id, as the text, or not at all', () => {
    const cp = system();
    const u = logon(cp, 'cmsuser', 'cmsuser');
    u.type('set emsg code');
    expect(u.type('frob')).toEqual(['DMKCFM001E']);
    u.type('set emsg text');
    expect(u.type('frob')).toEqual(['UNKNOWN CP COMMAND']);
    u.type('set emsg off');
    expect(u.type('frob')).toEqual([]);
    expect(u.type('q stor')).toEqual(['STORAGE = 01024K']);
    u.type('set emsg on');
    expect(u.type('frob')).toEqual(['DMKCFM001E UNKNOWN CP COMMAND']);
  });

  it('SHUTDOWN logs everyone off', () => {
    let down = 0;
    const cp = system();
    (cp.opts as { onShutdown?: () => void }).onShutdown = () => down++;
    const u = logon(cp, 'cmsuser', 'cmsuser');
    const op = logon(cp, 'operator', 'operator');
    expect(u.type('shutdown')).toEqual(['DMKCFM001E UNKNOWN CP COMMAND']);
    op.type('shutdown');
    expect(u.take()).toEqual(['VM/370 Online', 'DMKCKP961W SYSTEM SHUTDOWN COMPLETE']);
    expect(cp.users.size).toBe(0);
    expect(down).toBe(1);
  });
});

describe('robustness', () => {
  it('a command that fails inside CP answers with a message and CP goes on', () => {
    const cp = system();
    cp.commands.add({
      name: 'BROKEN',
      min: 6,
      classes: 'G',
      run() {
        throw new TypeError('x is undefined');
      },
    });
    const u = logon(cp, 'guest', 'guest');
    expect(u.type('broken')).toEqual(['DMKCFM999E BROKEN COMMAND FAILED; CP ERROR']);
    expect(u.type('q stor')).toEqual(['STORAGE = 00512K']);
  });
});
