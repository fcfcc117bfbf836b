// `vm370 connect` argument and connection errors: a clear message and exit code 1.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vm370.js');
const connect = (...args: string[]) => spawnSync('node', [BIN, 'connect', ...args], { encoding: 'utf8', timeout: 30000 });

describe('vm370 connect errors', () => {
  it('bad model, bad code page, refused connection', () => {
    const a = connect('127.0.0.1', '--model', '7');
    expect([a.status, a.stderr.trim()]).toEqual([1, "vm370: bad --model '7' (2, 3, 4 or 5)"]);
    const b = connect('127.0.0.1:1', '--codepage', 'cp999');
    expect(b.status).toBe(1);
    expect(b.stderr.trim()).toBe("vm370: unknown EBCDIC code page 'cp999' (known: cp037, cp1047, cp500, cp1140)");
    const c = connect('127.0.0.1:1');
    expect([c.status, c.stderr.trim()]).toEqual([1, 'vm370: cannot connect to 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1']);
  });
});
