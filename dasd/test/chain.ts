// Test helper: feeds a channel program to one device the way a channel would (command
// chaining, TIC, the skip of the next CCW on status modifier). Not a channel subsystem:
// no storage, no CSW; each CCW carries its own data.
import { CCW_CC, CCW_SLI, US_STATUS_MODIFIER, US_UNIT_CHECK, type Device } from '../../cpu370/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCcw {
  cmd: number;
  /** Write data, or for reads the count (default: data length or 256). */
  data?: Uint8Array | number[];
  count?: number;
  /** For TIC (cmd 8): index of the CCW to go to. */
  to?: number;
  /** Flags other than CC (CC is set on every CCW but the last). */
  sli?: boolean;
}

export interface CcwOutcome {
  cmd: number;
  status: number;
  residual: number;
  more: boolean;
  data: Uint8Array;
}

export function runChain(dev: Device, ccws: readonly TestCcw[]): CcwOutcome[] {
  const out: CcwOutcome[] = [];
  let i = 0;
  let prev = 0;
  let seq = 0;
  for (let guard = 0; guard < 100000 && i < ccws.length; guard++) {
    const c = ccws[i]!;
    if (c.cmd === 0x08) {
      i = c.to!;
      continue;
    }
    const count = c.count ?? (c.data ? c.data.length : 256);
    const data = new Uint8Array(count);
    if (c.data) data.set(Uint8Array.from(c.data).subarray(0, count));
    const flags = (i < ccws.length - 1 ? CCW_CC : 0) | (c.sli ? CCW_SLI : 0);
    const r = dev.startCcw({ command: c.cmd, flags, count, data, chained: seq > 0, prevCommand: prev, sequence: seq }, () => {});
    if (r === 'pending') throw new Error('DASD devices never answer pending');
    out.push({ cmd: c.cmd, status: r.unitStatus, residual: r.residual, more: r.more ?? false, data: data.subarray(0, count - r.residual) });
    if (r.unitStatus & US_UNIT_CHECK) break;
    if (!(flags & CCW_CC)) break;
    prev = c.cmd;
    seq++;
    i += r.unitStatus & US_STATUS_MODIFIER ? 2 : 1;
  }
  return out;
}

export function last(o: CcwOutcome[]): CcwOutcome {
  return o[o.length - 1]!;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vm370-dasd-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const bytes = (...b: number[]) => Uint8Array.from(b);
export const seekTo = (cyl: number, head: number): TestCcw => ({ cmd: 0x07, data: [0, 0, cyl >> 8, cyl & 0xff, head >> 8, head & 0xff] });
export const idOf = (cyl: number, head: number, rec: number) => [cyl >> 8, cyl & 0xff, head >> 8, head & 0xff, rec];
export const countField = (cyl: number, head: number, rec: number, kl: number, dl: number) => [...idOf(cyl, head, rec), kl, dl >> 8, dl & 0xff];

/** Hex of a byte array: fast exact comparison of large buffers in expectations. */
export const hexOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
