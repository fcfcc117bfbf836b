// OS object deck (80-byte EBCDIC card images): ESD, TXT, RLD and END records
// (HLASM Programmer's Guide, "Object deck output": record formats).

import { fromEbcdic, toEbcdic } from '../ebcdic/ebcdic.ts';
import { AsmError } from './diag.ts';
import type { EsdItem, EsdType, ObjectModule, RelocationItem, TextRecord } from './module.ts';

const ESD_TYPE: Record<EsdType, number> = { SD: 0x00, LD: 0x01, ER: 0x02, PC: 0x04, WX: 0x0a };
const TYPE_OF = new Map<number, EsdType>(Object.entries(ESD_TYPE).map(([k, v]) => [v, k as EsdType]));
const TXT_MAX = 56;
const ESD_PER_CARD = 3;
const BLANK = 0x40;

function newCard(kind: 'ESD' | 'TXT' | 'RLD' | 'END'): Uint8Array {
  const c = new Uint8Array(80).fill(BLANK);
  c[0] = 0x02;
  c.set(toEbcdic(kind), 1);
  return c;
}

function put(c: Uint8Array, at: number, value: number, bytes: number): void {
  for (let k = bytes - 1; k >= 0; k--) {
    c[at + k] = value & 0xff;
    value = Math.floor(value / 256);
  }
}

function get(c: Uint8Array, at: number, bytes: number): number {
  let v = 0;
  for (let k = 0; k < bytes; k++) v = v * 256 + c[at + k]!;
  return v;
}

function name8(name: string): Uint8Array {
  return toEbcdic(name.padEnd(8, ' ').slice(0, 8));
}

/** Writes a module as card images; `deckId` (up to 8 characters) fills columns 73-80 before the sequence number. */
export function writeObjectDeck(m: ObjectModule, deckId = ''): Uint8Array {
  const cards: Uint8Array[] = [...m.punches];
  const id = deckId.slice(0, 8).toUpperCase();
  for (let k = 0; k < m.esd.length; k += ESD_PER_CARD) {
    const items = m.esd.slice(k, k + ESD_PER_CARD);
    const c = newCard('ESD');
    put(c, 10, items.length * 16, 2);
    const firstWithId = items.find((e) => e.type !== 'LD');
    if (firstWithId) put(c, 14, firstWithId.id, 2);
    else c.fill(BLANK, 14, 16);
    c.fill(0x00, 4, 10);
    c.fill(BLANK, 4, 10);
    items.forEach((e, n) => {
      const at = 16 + n * 16;
      c.set(name8(e.name), at);
      c[at + 8] = ESD_TYPE[e.type];
      put(c, at + 9, e.type === 'ER' || e.type === 'WX' ? 0 : e.address, 3);
      c[at + 12] = e.type === 'SD' || e.type === 'PC' ? 0x00 : BLANK;
      if (e.type === 'SD' || e.type === 'PC') put(c, at + 13, e.length, 3);
      else if (e.type === 'LD') put(c, at + 13, e.owner, 3);
      else c.fill(BLANK, at + 13, at + 16);
      if (e.type === 'ER' || e.type === 'WX') c.fill(BLANK, at + 9, at + 12);
    });
    cards.push(c);
  }
  for (const t of m.text) {
    for (let off = 0; off < t.bytes.length; off += TXT_MAX) {
      const chunk = t.bytes.subarray(off, off + TXT_MAX);
      const c = newCard('TXT');
      put(c, 5, t.address + off, 3);
      put(c, 10, chunk.length, 2);
      put(c, 14, t.id, 2);
      c.set(chunk, 16);
      cards.push(c);
    }
  }
  const rld = [...m.rld].sort((a, b) => a.p - b.p || a.r - b.r || a.address - b.address);
  let k = 0;
  while (k < rld.length) {
    const c = newCard('RLD');
    let at = 16;
    let prevItem: RelocationItem | undefined;
    let lastFlagAt = -1;
    while (k < rld.length) {
      const r = rld[k]!;
      const same = prevItem !== undefined && prevItem.r === r.r && prevItem.p === r.p;
      const need = same ? 4 : 8;
      if (at + need > 72) break;
      if (same) c[lastFlagAt] = c[lastFlagAt]! | 0x01;
      else {
        put(c, at, r.r, 2);
        put(c, at + 2, r.p, 2);
        at += 4;
      }
      lastFlagAt = at;
      c[at] = (r.vcon ? 0x10 : 0x00) | (((r.length - 1) & 3) << 2) | (r.negative ? 0x02 : 0);
      put(c, at + 1, r.address, 3);
      at += 4;
      prevItem = r;
      k++;
    }
    put(c, 10, at - 16, 2);
    cards.push(c);
  }
  const end = newCard('END');
  if (m.entry && 'id' in m.entry) {
    put(end, 5, m.entry.address, 3);
    put(end, 14, m.entry.id, 2);
  } else if (m.entry) {
    end.set(name8(m.entry.name), 16);
  }
  cards.push(end);
  const out = new Uint8Array(cards.length * 80);
  cards.forEach((c, n) => {
    if (n >= m.punches.length) {
      const width = 8 - id.length;
      const seq = id + (width > 0 ? String(n - m.punches.length + 1).padStart(width, '0').slice(-width) : '');
      c.set(toEbcdic(seq), 72);
    }
    out.set(c, n * 80);
  });
  return out;
}

/** Reads card images back into modules (one per END card); PUNCH/other cards are skipped. */
export function readObjectDeck(deck: Uint8Array): ObjectModule[] {
  if (deck.length % 80 !== 0) throw new AsmError(`object deck length ${deck.length} is not a multiple of 80`, 12);
  const modules: ObjectModule[] = [];
  let esd: EsdItem[] = [];
  let text: TextRecord[] = [];
  let rld: RelocationItem[] = [];
  for (let off = 0; off < deck.length; off += 80) {
    const c = deck.subarray(off, off + 80);
    if (c[0] !== 0x02) continue;
    const kind = fromEbcdic(c.subarray(1, 4));
    if (kind === 'ESD') {
      const count = get(c, 10, 2) / 16;
      let id = c[14] === BLANK ? 0 : get(c, 14, 2);
      for (let n = 0; n < count; n++) {
        const at = 16 + n * 16;
        const type = TYPE_OF.get(c[at + 8]!);
        if (!type) throw new AsmError(`unknown ESD type X'${c[at + 8]!.toString(16)}' in card ${off / 80 + 1}`, 12);
        const name = fromEbcdic(c.subarray(at, at + 8)).trimEnd();
        const isErWx = type === 'ER' || type === 'WX';
        const address = isErWx ? 0 : get(c, at + 9, 3);
        const length = type === 'SD' || type === 'PC' ? get(c, at + 13, 3) : 0;
        const owner = type === 'LD' ? get(c, at + 13, 3) : 0;
        esd.push({ type, name, id: type === 'LD' ? 0 : id, address, length, owner });
        if (type !== 'LD') id++;
      }
    } else if (kind === 'TXT') {
      const count = get(c, 10, 2);
      text.push({ id: get(c, 14, 2), address: get(c, 5, 3), bytes: c.slice(16, 16 + count) });
    } else if (kind === 'RLD') {
      const count = get(c, 10, 2);
      let at = 16;
      let r = 0;
      let p = 0;
      let continued = false;
      while (at < 16 + count) {
        if (!continued) {
          r = get(c, at, 2);
          p = get(c, at + 2, 2);
          at += 4;
        }
        const flag = c[at]!;
        rld.push({ r, p, address: get(c, at + 1, 3), length: ((flag >> 2) & 3) + 1, vcon: (flag & 0x30) === 0x10, negative: (flag & 0x02) !== 0 });
        continued = (flag & 0x01) !== 0;
        at += 4;
      }
    } else if (kind === 'END') {
      let entry: ObjectModule['entry'];
      if (c[14] !== BLANK) entry = { id: get(c, 14, 2), address: get(c, 5, 3) };
      else if (c[16] !== BLANK) entry = { name: fromEbcdic(c.subarray(16, 24)).trimEnd() };
      modules.push({ esd, text, rld, entry, punches: [] });
      esd = [];
      text = [];
      rld = [];
    }
  }
  if (esd.length || text.length) throw new AsmError('object deck ends without an END card', 12);
  return modules;
}
