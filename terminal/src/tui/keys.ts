// Raw terminal input -> 3270 keys. blessed's own key names drop Shift-F1..F4, keypad Enter
// and F13-F24 and report Enter twice, so we decode the bytes ourselves. The default map
// follows c3270's Unix keymap (x3270 Common/fb-c3270); Ctrl-A is the prefix for keys a
// terminal cannot send directly.

export type KeyAction =
  | { key: 'char'; ch: string }
  | { key: 'pf'; n: number }
  | { key: 'pa'; n: number }
  | {
      key:
        | 'enter' | 'clear' | 'reset' | 'attn' | 'sysreq' | 'tab' | 'backtab' | 'home' | 'newline' | 'up' | 'down' | 'left'
        | 'right' | 'eraseeof' | 'eraseinput' | 'insert' | 'delete' | 'backspace' | 'fieldend' | 'dup' | 'fieldmark' | 'quit'
        | 'help';
    };

const K = (key: Exclude<KeyAction['key'], 'char' | 'pf' | 'pa'>): KeyAction => ({ key }) as KeyAction;
const PF = (n: number): KeyAction => ({ key: 'pf', n });
const PA = (n: number): KeyAction => ({ key: 'pa', n });

/** Escape sequences and control bytes, as xterm, the Linux console, rxvt and tmux send them. */
export const KEY_SEQUENCES: ReadonlyMap<string, KeyAction> = new Map<string, KeyAction>([
  ['\r', K('enter')],
  ['\x1bOM', K('enter')],
  ['\n', K('newline')],
  ['\t', K('tab')],
  ['\x1b[Z', K('backtab')],
  ['\x7f', K('backspace')],
  ['\x08', K('backspace')],
  ['\x03', K('clear')],
  ['\x12', K('reset')],
  ['\x04', K('dup')],
  ['\x06', K('fieldmark')],
  ['\x05', K('fieldend')],
  ['\x0b', K('eraseeof')],
  ['\x1d', K('quit')],
  ['\x1b[A', K('up')], ['\x1bOA', K('up')],
  ['\x1b[B', K('down')], ['\x1bOB', K('down')],
  ['\x1b[C', K('right')], ['\x1bOC', K('right')],
  ['\x1b[D', K('left')], ['\x1bOD', K('left')],
  ['\x1b[H', K('home')], ['\x1bOH', K('home')], ['\x1b[1~', K('home')], ['\x1b[7~', K('home')],
  ['\x1b[F', K('fieldend')], ['\x1bOF', K('fieldend')], ['\x1b[4~', K('fieldend')], ['\x1b[8~', K('fieldend')],
  ['\x1b[1;2F', K('eraseeof')], ['\x1b[4;2~', K('eraseeof')],
  ['\x1b[2~', K('insert')],
  ['\x1b[3~', K('delete')],
  ['\x1b[5~', PA(1)],
  ['\x1b[6~', PA(2)],
  ['\x1b1', PA(1)], ['\x1b2', PA(2)], ['\x1b3', PA(3)],
  // F1-F12: xterm SS3 / CSI forms, rxvt, the Linux console.
  ['\x1bOP', PF(1)], ['\x1bOQ', PF(2)], ['\x1bOR', PF(3)], ['\x1bOS', PF(4)],
  ['\x1b[11~', PF(1)], ['\x1b[12~', PF(2)], ['\x1b[13~', PF(3)], ['\x1b[14~', PF(4)],
  ['\x1b[[A', PF(1)], ['\x1b[[B', PF(2)], ['\x1b[[C', PF(3)], ['\x1b[[D', PF(4)], ['\x1b[[E', PF(5)],
  ['\x1b[15~', PF(5)], ['\x1b[17~', PF(6)], ['\x1b[18~', PF(7)], ['\x1b[19~', PF(8)],
  ['\x1b[20~', PF(9)], ['\x1b[21~', PF(10)], ['\x1b[23~', PF(11)], ['\x1b[24~', PF(12)],
  // Shift-F1..F12 = PF13-PF24 (xterm modifier 2).
  ['\x1b[1;2P', PF(13)], ['\x1b[1;2Q', PF(14)], ['\x1b[1;2R', PF(15)], ['\x1b[1;2S', PF(16)],
  ['\x1b[15;2~', PF(17)], ['\x1b[17;2~', PF(18)], ['\x1b[18;2~', PF(19)], ['\x1b[19;2~', PF(20)],
  ['\x1b[20;2~', PF(21)], ['\x1b[21;2~', PF(22)], ['\x1b[23;2~', PF(23)], ['\x1b[24;2~', PF(24)],
  // VT220 F13-F20 (rxvt sends these for Shift-F3..F10).
  ['\x1b[25~', PF(13)], ['\x1b[26~', PF(14)], ['\x1b[28~', PF(15)], ['\x1b[29~', PF(16)],
  ['\x1b[31~', PF(17)], ['\x1b[32~', PF(18)], ['\x1b[33~', PF(19)], ['\x1b[34~', PF(20)],
]);

/** After Ctrl-A: keys a keyboard may not have. */
export const CTRL_A_KEYS: ReadonlyMap<string, KeyAction> = new Map<string, KeyAction>([
  ['1', PA(1)], ['2', PA(2)], ['3', PA(3)],
  ['a', K('attn')], ['s', K('sysreq')], ['c', K('clear')], ['r', K('reset')],
  ['e', K('eraseeof')], ['i', K('eraseinput')], ['\x06', K('eraseinput')], ['q', K('quit')], ['h', K('help')], ['?', K('help')],
  ['\x1b[4~', K('eraseeof')], ['\x1b[F', K('eraseeof')],
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].flatMap((n): Array<[string, KeyAction]> =>
    [...KEY_SEQUENCES].filter(([, a]) => a.key === 'pf' && a.n === n).map(([seq]) => [seq, PF(n + 12)]),
  ),
]);

const LONGEST = Math.max(...[...KEY_SEQUENCES.keys()].map((s) => s.length));

/**
 * Decodes a chunk of raw input. A lone ESC at the end of a chunk is Clear (as in
 * c3270 with Esc mapped); an unknown escape sequence is dropped.
 */
export class KeyDecoder {
  private prefix = false;

  decode(input: string): KeyAction[] {
    const out: KeyAction[] = [];
    let i = 0;
    while (i < input.length) {
      const table = this.prefix ? CTRL_A_KEYS : KEY_SEQUENCES;
      let matched: [number, KeyAction] | undefined;
      for (let len = Math.min(LONGEST, input.length - i); len >= 1; len--) {
        const a = table.get(input.slice(i, i + len));
        if (a) {
          matched = [len, a];
          break;
        }
      }
      if (this.prefix) {
        this.prefix = false;
        if (matched) out.push(matched[1]);
        i += matched ? matched[0] : 1;
        continue;
      }
      if (matched) {
        out.push(matched[1]);
        i += matched[0];
        continue;
      }
      const ch = input[i]!;
      if (ch === '\x01') {
        this.prefix = true;
        i++;
      } else if (ch === '\x1b') {
        const rest = /^\x1b(\[[0-9;]*[~A-Za-z]|O[A-Za-z]|\[\[[A-E])?/.exec(input.slice(i))!;
        if (!rest[1] && i === input.length - 1) out.push(K('clear'));
        i += rest[0].length;
      } else {
        const cp = input.codePointAt(i)!;
        const s = String.fromCodePoint(cp);
        if (cp >= 0x20) out.push({ key: 'char', ch: s });
        i += s.length;
      }
    }
    return out;
  }
}

export const KEYMAP_HELP: readonly string[] = [
  'Enter: Enter, keypad Enter     Newline: Ctrl-J          Tab / BackTab: Tab / Shift-Tab',
  'PF1-PF12: F1-F12               PF13-PF24: Shift-F1-F12, or Ctrl-A then F1-F12',
  'PA1: PgUp, Alt-1, Ctrl-A 1     PA2: PgDn, Alt-2, Ctrl-A 2    PA3: Alt-3, Ctrl-A 3',
  'Clear: Ctrl-C or Esc           Reset: Ctrl-R            Attn: Ctrl-A a   SysReq: Ctrl-A s',
  'Erase EOF: Ctrl-K, Shift-End, Ctrl-A e    Erase Input: Ctrl-A i    Field End: End, Ctrl-E',
  'Insert: Insert   Delete: Delete   Dup: Ctrl-D   Field Mark: Ctrl-F   Quit: Ctrl-]  or Ctrl-A q',
];
