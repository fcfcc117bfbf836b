// Linking loader: places the control sections of one or more object modules one after
// another from a load address (each on a doubleword boundary), resolves external
// references (ER/WX against SD and LD names), applies the relocation items and gives the
// loaded image and its entry point.

import { AsmError } from './diag.ts';
import type { ObjectModule } from './module.ts';
import { readObjectDeck } from './objdeck.ts';

export interface LoadedProgram {
  /** The image: byte 0 is at `origin`. */
  readonly image: Uint8Array;
  readonly origin: number;
  readonly entry: number;
  /** External names (sections and entry points) and their loaded addresses. */
  readonly map: ReadonlyMap<string, number>;
  /** Weak references left unresolved (they load as zero); strong ones are errors. */
  readonly unresolvedWeak: readonly string[];
}

export interface LinkOptions {
  /** Load address (default 0). */
  readonly origin?: number;
  /** Entry name overriding the END cards. */
  readonly entry?: string;
}

export function link(inputs: ReadonlyArray<ObjectModule | Uint8Array>, options: LinkOptions = {}): LoadedProgram {
  const modules = inputs.flatMap((x) => (x instanceof Uint8Array ? readObjectDeck(x) : [x]));
  const origin = options.origin ?? 0;
  const map = new Map<string, number>();
  /** Per module: ESDID -> relocation factor (load address - assembled address) for sections. */
  const factors = modules.map(() => new Map<number, number>());
  let next = origin;
  modules.forEach((m, k) => {
    for (const e of m.esd) {
      if (e.type !== 'SD' && e.type !== 'PC') continue;
      next = Math.ceil(next / 8) * 8;
      factors[k]!.set(e.id, next - e.address);
      if (e.name) {
        if (map.has(e.name)) throw new AsmError(`section ${e.name} is defined twice`, 12);
        map.set(e.name, next);
      }
      next += e.length;
    }
  });
  modules.forEach((m, k) => {
    for (const e of m.esd) {
      if (e.type !== 'LD') continue;
      const f = factors[k]!.get(e.owner);
      if (f === undefined) throw new AsmError(`entry ${e.name} refers to unknown section ${e.owner}`, 12);
      if (map.has(e.name)) throw new AsmError(`entry ${e.name} is defined twice`, 12);
      map.set(e.name, e.address + f);
    }
  });
  const image = new Uint8Array(Math.max(0, next - origin));
  const unresolvedWeak: string[] = [];
  modules.forEach((m, k) => {
    const f = factors[k]!;
    for (const t of m.text) {
      const factor = f.get(t.id);
      if (factor === undefined) throw new AsmError(`text for unknown ESDID ${t.id}`, 12);
      const at = t.address + factor - origin;
      if (at < 0 || at + t.bytes.length > image.length) throw new AsmError(`text at X'${t.address.toString(16)}' outside its section`, 12);
      image.set(t.bytes, at);
    }
    const symbolAddress = (id: number): number => {
      const sectionFactor = f.get(id);
      if (sectionFactor !== undefined) return sectionFactor;
      const e = m.esd.find((x) => x.id === id && x.type !== 'LD');
      if (!e) throw new AsmError(`relocation refers to unknown ESDID ${id}`, 12);
      const target = map.get(e.name);
      if (target !== undefined) return target;
      if (e.type === 'WX') {
        if (!unresolvedWeak.includes(e.name)) unresolvedWeak.push(e.name);
        return 0;
      }
      throw new AsmError(`unresolved external reference ${e.name}`, 12);
    };
    for (const r of m.rld) {
      const pf = f.get(r.p);
      if (pf === undefined) throw new AsmError(`relocation item in unknown section ${r.p}`, 12);
      const at = r.address + pf - origin;
      if (at < 0 || at + r.length > image.length) throw new AsmError(`relocation at X'${r.address.toString(16)}' outside the image`, 12);
      let v = 0;
      for (let b = 0; b < r.length; b++) v = v * 256 + image[at + b]!;
      const add = symbolAddress(r.r);
      const bits = 8 * r.length;
      const mod = 2 ** bits;
      v = (((r.negative ? v - add : v + add) % mod) + mod) % mod;
      for (let b = r.length - 1; b >= 0; b--) {
        image[at + b] = v & 0xff;
        v = Math.floor(v / 256);
      }
    }
  });
  let entry = origin;
  if (options.entry) {
    const e = map.get(options.entry.toUpperCase());
    if (e === undefined) throw new AsmError(`entry ${options.entry} not found`, 12);
    entry = e;
  } else {
    const withEntry = modules.findIndex((m) => m.entry);
    if (withEntry >= 0) {
      const e = modules[withEntry]!.entry!;
      if ('name' in e) {
        const a = map.get(e.name);
        if (a === undefined) throw new AsmError(`entry ${e.name} not found`, 12);
        entry = a;
      } else {
        const factor = factors[withEntry]!.get(e.id);
        if (factor === undefined) throw new AsmError(`entry in unknown section ${e.id}`, 12);
        entry = e.address + factor;
      }
    }
  }
  return { image, origin, entry, map, unresolvedWeak };
}
