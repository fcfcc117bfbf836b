// `vm370 connect` argument and connection errors: a clear message and exit code 1.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { register } from '../../cli/commands/connect.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vm370.js');

async function errorOf(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  try {
    await program.parseAsync(['node', 'vm370', 'connect', ...args]);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('vm370 connect errors', () => {
  it('bad model, bad code page, bad host', async () => {
    expect(await errorOf('127.0.0.1', '--model', '7')).toBe("bad --model '7' (2, 3, 4 or 5)");
    expect(await errorOf('127.0.0.1:1', '--codepage', 'cp999')).toBe("unknown EBCDIC code page 'cp999' (known: cp037, cp1047, cp500, cp1140)");
    expect(await errorOf('127.0.0.1:99999')).toBe('bad port 99999');
    expect(await errorOf('a:b:c')).toBe("bad host 'a:b:c' (expected HOST or HOST:PORT)");
  });

  it('a refused connection: message on stderr, exit code 1', () => {
    const c = spawnSync('node', [BIN, 'connect', '127.0.0.1:1'], { encoding: 'utf8', timeout: 30000 });
    expect([c.status, c.stderr.trim()]).toEqual([1, 'vm370: cannot connect to 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1']);
  });
});
