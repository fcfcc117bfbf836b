// Passwords are kept only as scrypt hashes once the directory is loaded.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export interface PasswordHash {
  readonly salt: Uint8Array;
  readonly hash: Uint8Array;
}

// Cost kept small: the directory is loaded at start-up and a logon checks one hash.
const PARAMS = { N: 1024, r: 8, p: 1 } as const;
const KEYLEN = 32;

export function hashPassword(clear: string): PasswordHash {
  const salt = randomBytes(16);
  return { salt, hash: scryptSync(clear.toUpperCase(), salt, KEYLEN, PARAMS) };
}

/** VM/370 passwords are upper case: what the user types is folded before comparing. */
export function checkPassword(stored: PasswordHash, typed: string): boolean {
  const h = scryptSync(typed.toUpperCase(), stored.salt, KEYLEN, PARAMS);
  return timingSafeEqual(h, stored.hash);
}
