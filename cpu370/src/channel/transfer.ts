// Channel access to main storage: absolute addresses, the subchannel key from the CAW,
// reference and change bits (GA22-7000 ch. 13 "Protection Check", "Program Check").

import { BLOCK_SHIFT, KEY_CHANGE, KEY_FETCH, KEY_REF, type Storage } from '../storage/storage.ts';
import { CS_PROGRAM_CHECK, CS_PROTECTION_CHECK } from './device.ts';

/** 0 when the channel may access the byte at `abs` with `key`, else the channel-status bit. */
export function accessCheck(storage: Storage, abs: number, key: number, store: boolean): number {
  if (abs < 0 || abs >= storage.size) return CS_PROGRAM_CHECK;
  if (key === 0) return 0;
  const k = storage.keys[abs >>> BLOCK_SHIFT]!;
  if (k >>> 4 === key) return 0;
  if (store || (k & KEY_FETCH) !== 0) return CS_PROTECTION_CHECK;
  return 0;
}

export function fetchByte(storage: Storage, abs: number): number {
  storage.keys[abs >>> BLOCK_SHIFT]! |= KEY_REF;
  return storage.mem[abs]!;
}

export function storeByte(storage: Storage, abs: number, v: number): void {
  storage.keys[abs >>> BLOCK_SHIFT]! |= KEY_REF | KEY_CHANGE;
  storage.mem[abs] = v;
}
