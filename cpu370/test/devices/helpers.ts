// Running single CCWs against a real device through the channel subsystem, and temporary files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device } from '../../index.ts';
import { rig, type Rig } from '../channel/fixture.ts';

export interface DevRig extends Rig {
  /** Runs one CCW (CCW at X'100', data at `addr`), returns "CC/CSW" as "cc hhhhhhhh llllllll". */
  one(cmd: number, addr: number, flags: number, count: number): string;
  /** Runs a CCW and returns the first `n` bytes stored at `addr`. */
  bytes(addr: number, n: number): number[];
  sense(n?: number): number[];
}

export function devRig(device: Device): DevRig {
  const r = rig(256 * 1024);
  r.ch.attach(device);
  const a = device.devnum;
  const one = (cmd: number, addr: number, flags: number, count: number) => {
    r.ccw(0x100, cmd, addr, flags, count);
    r.caw(0x100);
    const cc = r.io('SIO', a);
    if (cc === 0) {
      const tio = r.io('TIO', a);
      if (tio !== 1) return `TIO ${tio}`;
    }
    return `${cc} ${r.csw()}`;
  };
  return {
    ...r,
    one,
    bytes: (addr, n) => [...r.storage.slice(addr, n)],
    sense(n = 24) {
      r.storage.load(0x8000, new Uint8Array(n).fill(0xee));
      one(0x04, 0x8000, 0x20, n);
      return [...r.storage.slice(0x8000, n)];
    },
  };
}

export function tempDir(): { dir: string; path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vm370-dev-'));
  return { dir, path: (n) => join(dir, n), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
