// The one EBCDIC wrapper: text <-> EBCDIC bytes through a code page table.
// Unmappable characters become EBCDIC SUB (X'3F') going out and U+001A coming in,
// unless the caller asks for another substitute. Never use it on 3270 orders or attributes.
import { CP037, CP1047, CP1140, CP500 } from './codepages.ts';

export type CodePageName = 'cp037' | 'cp1047' | 'cp500' | 'cp1140';

export interface CodePage {
  readonly name: CodePageName;
  /** EBCDIC byte -> Unicode code point. */
  readonly toUnicode: readonly number[];
  /** Unicode code point -> EBCDIC byte, for the code points the page maps. */
  readonly fromUnicode: ReadonlyMap<number, number>;
}

const EBCDIC_SUB = 0x3f;

function makePage(name: CodePageName, table: readonly number[]): CodePage {
  const fromUnicode = new Map<number, number>();
  table.forEach((cp, byte) => {
    if (!fromUnicode.has(cp)) fromUnicode.set(cp, byte);
  });
  return { name, toUnicode: table, fromUnicode };
}

export const CODE_PAGES: Readonly<Record<CodePageName, CodePage>> = {
  cp037: makePage('cp037', CP037),
  cp1047: makePage('cp1047', CP1047),
  cp500: makePage('cp500', CP500),
  cp1140: makePage('cp1140', CP1140),
};

export function codePage(name: string = 'cp037'): CodePage {
  const key = name.toLowerCase().replace(/^(ibm-?|cp-?)/, 'cp') as CodePageName;
  const page = CODE_PAGES[key];
  if (!page) throw new RangeError(`unknown EBCDIC code page '${name}' (known: ${Object.keys(CODE_PAGES).join(', ')})`);
  return page;
}

/** Text to EBCDIC. Characters the page cannot map become `substitute` (default SUB). */
export function toEbcdic(text: string, page: CodePage = CODE_PAGES.cp037, substitute = EBCDIC_SUB): Uint8Array {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (const ch of text) out[n++] = page.fromUnicode.get(ch.codePointAt(0)!) ?? substitute;
  return n === out.length ? out : out.slice(0, n);
}

/** EBCDIC to text. */
export function fromEbcdic(bytes: Uint8Array, page: CodePage = CODE_PAGES.cp037): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCodePoint(page.toUnicode[bytes[i]!]!);
  return s;
}

/** True when every character of `text` maps to EBCDIC in `page`. */
export function isMappable(text: string, page: CodePage = CODE_PAGES.cp037): boolean {
  for (const ch of text) if (!page.fromUnicode.has(ch.codePointAt(0)!)) return false;
  return true;
}
