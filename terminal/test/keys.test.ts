import { describe, expect, it } from 'vitest';
import { KeyDecoder, type KeyAction } from '../src/tui/keys.ts';

const one = (raw: string): KeyAction[] => new KeyDecoder().decode(raw);

describe('raw key decoder', () => {
  const table: Array<[string, KeyAction[]]> = [
    ['\r', [{ key: 'enter' }]],
    ['\x1bOM', [{ key: 'enter' }]],
    ['\n', [{ key: 'newline' }]],
    ['\t', [{ key: 'tab' }]],
    ['\x1b[Z', [{ key: 'backtab' }]],
    ['\x1bOP', [{ key: 'pf', n: 1 }]],
    ['\x1b[24~', [{ key: 'pf', n: 12 }]],
    ['\x1b[1;2P', [{ key: 'pf', n: 13 }]],
    ['\x1b[1;2S', [{ key: 'pf', n: 16 }]],
    ['\x1b[15;2~', [{ key: 'pf', n: 17 }]],
    ['\x1b[24;2~', [{ key: 'pf', n: 24 }]],
    ['\x1b[25~', [{ key: 'pf', n: 13 }]],
    ['\x1b[34~', [{ key: 'pf', n: 20 }]],
    ['\x01\x1bOP', [{ key: 'pf', n: 13 }]],
    ['\x01\x1b[24~', [{ key: 'pf', n: 24 }]],
    ['\x011', [{ key: 'pa', n: 1 }]],
    ['\x013', [{ key: 'pa', n: 3 }]],
    ['\x1b2', [{ key: 'pa', n: 2 }]],
    ['\x1b[5~', [{ key: 'pa', n: 1 }]],
    ['\x1b[6~', [{ key: 'pa', n: 2 }]],
    ['\x03', [{ key: 'clear' }]],
    ['\x1b', [{ key: 'clear' }]],
    ['\x12', [{ key: 'reset' }]],
    ['\x01a', [{ key: 'attn' }]],
    ['\x01s', [{ key: 'sysreq' }]],
    ['\x1b[1~', [{ key: 'home' }]],
    ['\x1b[H', [{ key: 'home' }]],
    ['\x1b[A', [{ key: 'up' }]],
    ['\x1bOD', [{ key: 'left' }]],
    ['\x1b[2~', [{ key: 'insert' }]],
    ['\x1b[3~', [{ key: 'delete' }]],
    ['\x7f', [{ key: 'backspace' }]],
    ['\x0b', [{ key: 'eraseeof' }]],
    ['\x1b[1;2F', [{ key: 'eraseeof' }]],
    ['\x01i', [{ key: 'eraseinput' }]],
    ['\x04', [{ key: 'dup' }]],
    ['\x06', [{ key: 'fieldmark' }]],
    ['\x1d', [{ key: 'quit' }]],
    ['aé€', [{ key: 'char', ch: 'a' }, { key: 'char', ch: 'é' }, { key: 'char', ch: '€' }]],
    ['AB\r', [{ key: 'char', ch: 'A' }, { key: 'char', ch: 'B' }, { key: 'enter' }]],
    ['\x1b[99;9~x', [{ key: 'char', ch: 'x' }]],
  ];
  for (const [raw, want] of table) {
    it(JSON.stringify(raw), () => expect(one(raw)).toEqual(want));
  }

  it('Enter arrives exactly once per \\r', () => {
    expect(one('\r\r').filter((a) => a.key === 'enter').length).toBe(2);
  });

  it('the Ctrl-A prefix survives a chunk boundary', () => {
    const d = new KeyDecoder();
    expect(d.decode('\x01')).toEqual([]);
    expect(d.decode('2')).toEqual([{ key: 'pa', n: 2 }]);
  });
});
