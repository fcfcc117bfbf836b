// Assembles S/370 test snippets with GNU as for s390 (`s390x-linux-gnu-as -m31 -march=g5`)
// and turns them into raw images with objcopy. GNU as has no USING: address data as
// `label-base(%rN)` after `balr %rN,0` / `base:`, or absolutely below X'1000' as `sym(%r0)`.
// `.org` in the source is relative to the section start, which is the image's origin.
// Notes and traps: ../../../../shared/reference/hercules-reference.md, "Assembling S/370 code".

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from '../../src/reference/tools.ts';

export const GAS = findOnPath('s390x-linux-gnu-as');
export const OBJCOPY = findOnPath('s390x-linux-gnu-objcopy');

/** Why GNU-as tests must skip, or undefined when the binutils are available. */
export const gasSkipReason: string | undefined =
  GAS && OBJCOPY ? undefined : 's390x-linux-gnu-as/objcopy are not on PATH (apt-get install binutils-s390x-linux-gnu)';

/**
 * Assembles `source` (GNU as syntax, text section) and returns the raw bytes of the text
 * section from its start (padded by as to a multiple of 8 with 07, NOPR). Throws with the assembler's messages on errors.
 */
export function assemble(source: string): Uint8Array {
  if (!GAS || !OBJCOPY) throw new Error(gasSkipReason);
  const dir = mkdtempSync(join(tmpdir(), 'vm370-gas-'));
  try {
    const src = join(dir, 'x.s');
    const obj = join(dir, 'x.o');
    const bin = join(dir, 'x.bin');
    writeFileSync(src, `\t.text\n${source}\n`);
    try {
      execFileSync(GAS, ['-m31', '-march=g5', '-o', obj, src], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stderr?: Buffer };
      throw new Error(`GNU as failed:\n${err.stderr?.toString() ?? String(e)}`);
    }
    execFileSync(OBJCOPY, ['-O', 'binary', '-j', '.text', obj, bin], { stdio: ['ignore', 'pipe', 'pipe'] });
    return new Uint8Array(readFileSync(bin));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
