// The blessed UI headless: fake streams, assertions on screen.lines (never raw output bytes).
import blessed from 'blessed';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { codePage } from '../../cpu370/index.ts';
import { Display3270 } from '../index.ts';
import { BlessedUi } from '../src/tui/blessed-ui.ts';
import { Terminal3270 } from '../src/tui/terminal3270.ts';
import { createLocalPair } from '../src/tn3270/local.ts';
import { TestProgram } from './helpers/test-program.ts';

type Lines = Array<Array<[number, string]>>;
const text = (screen: blessed.Widgets.Screen, row: number): string =>
  ((screen as unknown as { lines: Lines }).lines[row] ?? []).map((c) => c[1]).join('');
const attr = (screen: blessed.Widgets.Screen, row: number, col: number): number => (screen as unknown as { lines: Lines }).lines[row]![col]![0];

function fakeScreen(cols: number, rows: number): { screen: blessed.Widgets.Screen; input: PassThrough } {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { columns: cols, rows, isTTY: true });
  output.resume();
  const screen = blessed.screen({ input, output: output as unknown as NodeJS.ReadWriteStream, terminal: 'xterm', warnings: false } as unknown as blessed.Widgets.IScreenOptions);
  return { screen, input };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 30));
const uis: BlessedUi[] = [];
afterEach(() => {
  for (const u of uis.splice(0)) {
    u.exit('test end');
    u.screen.destroy();
  }
});

function localConsole(model: number, cols: number, rows: number): { ui: BlessedUi; input: PassThrough; program: TestProgram } {
  const { session, link } = createLocalPair(model);
  const device = new Display3270(0x009);
  const program = new TestProgram(device);
  const { screen, input } = fakeScreen(cols, rows);
  const ui = new BlessedUi(new Terminal3270(link, codePage('cp037')), { screen });
  uis.push(ui);
  device.bind(session);
  return { ui, input, program };
}

describe('blessed 3270 UI, headless', () => {
  for (const [model, rows, cols] of [[2, 24, 80], [4, 43, 80], [5, 27, 132]] as const) {
    it(`model ${model}: ${rows}x${cols} screen plus the OIA row, typing and Enter reach the program`, async () => {
      const { ui, input } = localConsole(model, cols, rows + 1);
      await settle();
      const sc = ui.screen;
      expect(text(sc, 0)).toBe(' VM/370 STAND-ALONE TEST PROGRAM'.padEnd(cols));
      expect(text(sc, 2)).toBe(' NAME:'.padEnd(cols));
      expect(text(sc, rows - 1)).toBe(` LAST ROW OF ${rows}X${cols}`.padEnd(cols));
      expect(text(sc, rows)).toBe(`${'L'.padEnd(cols - 15)}3279-${model}  003/009`);
      // protected intensified = white + bold; protected normal = blue
      expect(attr(sc, 0, 1)).toBe((1 << 18) | (7 << 9) | 0x1ff);
      expect(attr(sc, 2, 1)).toBe((0 << 18) | (4 << 9) | 0x1ff);
      input.write('maint');
      await settle();
      expect(text(sc, 2).slice(0, 14)).toBe(' NAME:  maint ');
      input.write('\r');
      await settle();
      expect(text(sc, 4).slice(0, 22)).toBe(' HELLO maint, AID 7D  ');
      expect(text(sc, rows).startsWith('L     ' + ' '.repeat(18))).toBe(true);
      input.write('\x1b[1;2P');
      await settle();
      expect(text(sc, 4).slice(0, 22)).toBe(' HELLO NOBODY, AID C1 ');
    });
  }

  it('typing into a protected field shows X Protected until Reset', async () => {
    const { ui, input } = localConsole(2, 80, 25);
    await settle();
    input.write('\x1b[A\x1b[A');
    input.write('x');
    await settle();
    expect(text(ui.screen, 24).slice(0, 20)).toBe('L     X Protected   ');
    input.write('\x12');
    await settle();
    expect(text(ui.screen, 24).slice(0, 20)).toBe('L                   ');
  });

  it('a terminal that is too small gets a notice instead of a clipped screen', async () => {
    const { ui } = localConsole(5, 80, 25);
    await settle();
    expect(text(ui.screen, 0).trimEnd()).toBe('Terminal too small for a 24x80 3270 screen:'.replace('24x80', '27x132'));
    expect(text(ui.screen, 1).trimEnd()).toBe('need 132x28, have 80x25. Enlarge the window.');
  });

  it('non-display fields render as blanks', async () => {
    const { session, link } = createLocalPair(2);
    const { screen } = fakeScreen(80, 25);
    const ui = new BlessedUi(new Terminal3270(link, codePage('cp037')), { screen });
    uis.push(ui);
    session.sendRecord(Uint8Array.of(0xf5, 0xc3, 0x1d, 0x4c, 0xd7, 0xe6, 0x1d, 0x60, 0xc1));
    await settle();
    expect(text(screen, 0).slice(0, 6)).toBe('    A ');
  });
});

describe('local console', () => {
  it('openLocalConsole takes the device its LU names from the pool and shows its screen', async () => {
    const { openLocalConsole, TerminalPool } = await import('../index.ts');
    const pool = new TerminalPool();
    const a = new Display3270(0x010);
    const b = new Display3270(0x011);
    new TestProgram(b);
    pool.add(a);
    pool.add(b);
    const { screen } = fakeScreen(80, 25);
    const ui = openLocalConsole(pool, { screen, lu: '011' });
    uis.push(ui);
    await settle();
    expect([a.bound, b.bound]).toEqual([false, true]);
    expect(text(screen, 0)).toBe(' VM/370 STAND-ALONE TEST PROGRAM'.padEnd(80));
  });
});
