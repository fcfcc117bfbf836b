import { describe, expect, it } from 'vitest';
import { AID, ScreenModel, Keyboard } from '../../terminal/index.ts';
import { fromEbcdic, toEbcdic } from '../../cpu370/index.ts';
import { abstractScreen, CpConsole, parseInbound, Renderer3270 } from '../index.ts';
import { StepTimers } from './helpers/timers.ts';

const decode = (b: number) => fromEbcdic(Uint8Array.of(b));

function setup() {
  const c = new CpConsole({ timers: new StepTimers() });
  const inputs: string[] = [];
  c.events = { input: (t) => inputs.push(t), pa1: () => {}, changed: () => {} };
  const r = new Renderer3270(c);
  const screen = new ScreenModel(2);
  const send = () => screen.apply(r.render());
  return { c, r, screen, send, inputs };
}

describe('3270 rendering of the CP console', () => {
  it('the client shows exactly the abstract screen, with the DMKGRF fields', () => {
    const { c, screen, send } = setup();
    c.showLogo();
    send();
    expect(screen.text(decode)).toEqual(abstractScreen(c).rows);
    expect(screen.text(decode)[0]!.trimEnd()).toBe('VM/370 Online');
    expect(screen.fields()).toEqual([1759, 1899]);
    expect(screen.attrAt(1760)).toBe(0x01);
    expect(screen.attrAt(1900)).toBe(0x20);
    expect(screen.cursor).toBe(1760);
    expect(screen.keyboardLocked).toBe(false);
  });

  it('incremental writes keep the client in step through output, MORE... and CLEAR', () => {
    const { c, r, screen, send } = setup();
    c.showLogo();
    send();
    c.enter('');
    send();
    for (let i = 1; i <= 24; i++) {
      c.write(`LINE ${i}`);
      send();
      expect(screen.text(decode)).toEqual(abstractScreen(c).rows);
    }
    expect(screen.text(decode)[23]!.slice(60)).toBe('MORE...'.padEnd(20));
    r.invalidate();
    c.clear();
    send();
    expect(screen.text(decode)).toEqual(abstractScreen(c).rows);
    expect(screen.text(decode)[0]!.trimEnd()).toBe('LINE 23');
  });

  it('a password read makes the input field non-display; the typed text is not shown', () => {
    const { c, screen, send } = setup();
    c.enter('');
    c.write('ENTER PASSWORD:');
    c.setRead('CP READ', true);
    send();
    expect(screen.attrAt(1760) & 0x0c).toBe(0x0c);
    const kb = new Keyboard(screen);
    for (const b of toEbcdic('secret')) kb.type(b);
    expect(screen.text(decode)[22]!.trim()).toBe('');
  });

  it('what the user types comes back through parseInbound', () => {
    const { c, screen, send } = setup();
    c.enter('');
    send();
    const kb = new Keyboard(screen);
    for (const b of toEbcdic('query names')) kb.type(b);
    const inbound = kb.aid(AID.ENTER);
    expect(parseInbound(inbound!, 1760)).toEqual({ aid: AID.ENTER, text: 'query names' });
    expect(parseInbound(Uint8Array.of(AID.PA1), 1760)).toEqual({ aid: AID.PA1, text: '' });
    expect(parseInbound(Uint8Array.of(AID.ENTER, 0x5d, 0x7f, 0x11, 0x5b, 0x60, ...toEbcdic('b')), 1760)).toEqual({ aid: AID.ENTER, text: 'b' });
  });
});
