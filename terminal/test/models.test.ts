import { describe, expect, it } from 'vitest';
import { parseConsolePort, parseTerminalType, terminalTypeName } from '../index.ts';

describe('terminal types', () => {
  const table: Array<[string, number | undefined, string | undefined, boolean | undefined]> = [
    ['IBM-3278-2-E', 2, undefined, true],
    ['IBM-3279-5-E', 5, undefined, true],
    ['IBM-3278-4', 4, undefined, false],
    ['ibm-3279-3-e@0010', 3, '0010', true],
    ['IBM-3278-2@TSO', 2, 'TSO', false],
    ['IBM-DYNAMIC', 2, undefined, true],
    ['IBM-3477-FC', 5, undefined, true],
    ['IBM-3287-1', undefined, undefined, undefined],
    ['XTERM', undefined, undefined, undefined],
    ['IBM-3278-6-E', undefined, undefined, undefined],
  ];
  for (const [name, model, lu, extended] of table) {
    it(name, () => {
      const t = parseTerminalType(name);
      expect([t?.model.model, t?.lu, t?.model.extended]).toEqual([model, lu, extended]);
    });
  }

  it('names what s3270 sends', () => {
    expect(terminalTypeName(2)).toBe('IBM-3279-2-E');
    expect(terminalTypeName(4, false)).toBe('IBM-3278-4-E');
  });

  it('CNSLPORT values', () => {
    expect(parseConsolePort('3270')).toEqual({ host: '127.0.0.1', port: 3270 });
    expect(parseConsolePort('0.0.0.0:3271')).toEqual({ host: '0.0.0.0', port: 3271 });
    expect(() => parseConsolePort('x')).toThrow("bad CNSLPORT 'x' (port or host:port)");
  });
});
