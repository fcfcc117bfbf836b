import { describe, expect, it } from 'vitest';
import { abstractScreen, CpConsole, LOGO_TITLE } from '../index.ts';
import { StepTimers } from './helpers/timers.ts';

function make(rows = 24) {
  const timers = new StepTimers();
  const c = new CpConsole({ timers, rows });
  const inputs: string[] = [];
  let pa1 = 0;
  c.events = { input: (t, h) => inputs.push(`${h ? 'hidden:' : ''}${t}`), pa1: () => pa1++, changed: () => {} };
  return { c, timers, inputs, pa1: () => pa1 };
}

const statusOf = (c: CpConsole) => abstractScreen(c).rows[23]!.slice(60);

describe('CP console state machine (3270, model 2)', () => {
  it('starts on the logo with VM/370 Online and the RUNNING status', () => {
    const { c } = make();
    c.showLogo();
    const s = abstractScreen(c);
    expect(s.rows[0]!.trimEnd()).toBe(LOGO_TITLE);
    expect(s.rows[0]).toBe('VM/370 Online'.padEnd(80));
    expect(s.rows[23]).toBe(' '.repeat(60) + 'RUNNING'.padEnd(20));
    expect(s.fields).toEqual([
      { address: 1759, protected: false, hidden: false },
      { address: 1899, protected: true, hidden: false },
    ]);
    expect(s.cursor).toBe(1760);
  });

  it('Enter on the logo clears the screen and gives CP READ', () => {
    const { c, inputs } = make();
    c.showLogo();
    c.enter('');
    expect(c.status).toBe('CP READ');
    expect(abstractScreen(c).rows.slice(0, 22).every((r) => r === ' '.repeat(80))).toBe(true);
    expect(inputs).toEqual([]);
  });

  it('typing a command on the logo echoes it as typed and hands it to CP', () => {
    const { c, inputs } = make();
    c.showLogo();
    c.enter('logon cmsuser');
    expect(abstractScreen(c).rows[0]).toBe('logon cmsuser'.padEnd(80));
    expect(inputs).toEqual(['logon cmsuser']);
  });

  it('non-display input is not echoed and the input field is hidden', () => {
    const { c, inputs } = make();
    c.enter('');
    c.write('ENTER PASSWORD:');
    c.setRead('CP READ', true);
    expect(abstractScreen(c).fields[0]).toEqual({ address: 1759, protected: false, hidden: true });
    c.enter('secret');
    expect(inputs).toEqual(['hidden:secret']);
    expect(abstractScreen(c).rows.slice(0, 2)).toEqual(['ENTER PASSWORD:'.padEnd(80), ' '.repeat(80)]);
    expect(abstractScreen(c).fields[0]!.hidden).toBe(false);
  });

  it('fills the output area, then MORE..., then clears after 60 seconds', () => {
    const { c, timers } = make();
    c.enter('');
    for (let i = 1; i <= 25; i++) c.write(`LINE ${i}`);
    const s = abstractScreen(c);
    expect(s.rows[0]).toBe('LINE 1'.padEnd(80));
    expect(s.rows[21]).toBe('LINE 22'.padEnd(80));
    expect(statusOf(c)).toBe('MORE...'.padEnd(20));
    timers.advance(59_999);
    expect(c.status).toBe('MORE...');
    timers.advance(1);
    const after = abstractScreen(c);
    expect(after.rows.slice(0, 4)).toEqual(['LINE 23', 'LINE 24', 'LINE 25', ''].map((l) => l.padEnd(80)));
    expect(c.status).toBe('CP READ');
  });

  it('Enter with an empty line in MORE... holds the screen until CLEAR', () => {
    const { c, timers } = make();
    c.enter('');
    for (let i = 1; i <= 23; i++) c.write(`L${i}`);
    c.enter('');
    expect(c.status).toBe('HOLDING');
    timers.advance(120_000);
    expect(c.status).toBe('HOLDING');
    expect(abstractScreen(c).rows[0]!.trimEnd()).toBe('L1');
    c.clear();
    expect(c.status).toBe('CP READ');
    expect(abstractScreen(c).rows[0]!.trimEnd()).toBe('L23');
  });

  it('PA2 clears the output area at once in MORE...', () => {
    const { c, timers } = make();
    c.setRead('VM READ');
    for (let i = 1; i <= 30; i++) c.write(`X${i}`);
    c.pa2();
    expect(abstractScreen(c).rows.slice(0, 2).map((r) => r.trimEnd())).toEqual(['X23', 'X24']);
    expect(c.status).toBe('VM READ');
    expect(timers.active).toBe(0);
  });

  it('keeps one line typed while RUNNING and refuses a second with NOT ACCEPTED', () => {
    const { c, inputs } = make();
    c.enter('');
    c.setRead('RUNNING');
    c.enter('first');
    expect(inputs).toEqual([]);
    expect(c.status).toBe('RUNNING');
    c.enter('second');
    expect(c.status).toBe('NOT ACCEPTED');
    expect(c.alarm).toBe(true);
    expect(statusOf(c)).toBe('NOT ACCEPTED'.padEnd(20));
    c.setRead('VM READ');
    expect(inputs).toEqual(['first']);
    expect(c.status).toBe('VM READ');
  });

  it('#CP goes to CP even while RUNNING', () => {
    const { c, inputs } = make();
    c.enter('');
    c.setRead('RUNNING');
    c.enter('#cp query time');
    expect(inputs).toEqual(['#cp query time']);
  });

  it('PA1 is passed to CP; retrieve (PF12) brings back the last line', () => {
    const { c, pa1 } = make();
    c.enter('');
    c.enter('query names');
    c.pa1();
    expect(pa1()).toBe(1);
    c.pf(12);
    const s = abstractScreen(c);
    expect(s.rows[22]).toBe('query names'.padEnd(80));
    expect(s.cursor).toBe(1760 + 'query names'.length);
  });

  it('wraps long lines and keeps column 80 of the last output row for the input attribute', () => {
    const { c } = make();
    c.enter('');
    c.write('A'.repeat(100));
    expect(abstractScreen(c).rows.slice(0, 2)).toEqual(['A'.repeat(80), 'A'.repeat(20).padEnd(80)]);
    for (let i = 0; i < 19; i++) c.write('');
    c.write('B'.repeat(80));
    const s = abstractScreen(c);
    expect(s.rows[21]).toBe('B'.repeat(79) + ' ');
    expect(c.status).toBe('MORE...');
  });

  it('lays out a model 4 (43 rows) the same way at the bottom', () => {
    const { c } = make(43);
    c.enter('');
    const s = abstractScreen(c);
    expect(s.fields.map((f) => f.address)).toEqual([41 * 80 - 1, 43 * 80 - 21]);
    expect(s.rows[42]!.slice(60)).toBe('CP READ'.padEnd(20));
  });
});
