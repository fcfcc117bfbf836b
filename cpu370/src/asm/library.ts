// Macro and COPY libraries on a search path of directories. A member is one file per
// macro: NAME.mac or NAME.macro (macros), NAME.copy, NAME.cpy or NAME.asm (COPY members),
// the name in upper or lower case. The first directory holding the member wins.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Library } from './macro.ts';

const MACRO_SUFFIXES = ['.mac', '.macro'];
const COPY_SUFFIXES = ['.copy', '.cpy', '.asm', '.mac'];

export function directoryLibrary(dirs: readonly string[]): Library {
  const find = (name: string, suffixes: string[]) => {
    for (const dir of dirs) {
      for (const base of [name.toUpperCase(), name.toLowerCase()]) {
        for (const suffix of suffixes) {
          for (const s of [suffix, suffix.toUpperCase()]) {
            const file = join(dir, base + s);
            if (existsSync(file)) return { text: readFileSync(file, 'latin1'), file };
          }
        }
      }
    }
    return undefined;
  };
  return { macro: (name) => find(name, MACRO_SUFFIXES), copy: (name) => find(name, COPY_SUFFIXES) };
}

/** A library held in memory (tests, embedded macro sets): member name -> source text. */
export function memoryLibrary(macros: Record<string, string>, copies: Record<string, string> = {}): Library {
  const get = (m: Record<string, string>, name: string) => {
    const key = Object.keys(m).find((k) => k.toUpperCase() === name.toUpperCase());
    return key === undefined ? undefined : { text: m[key]!, file: `${key}` };
  };
  return { macro: (n) => get(macros, n), copy: (n) => get(copies, n) };
}
