// Registers the EBCDIC code pages of cpu370 with iconv-lite, which has none of its own
// (pillarjs/iconv-lite#111). The maintainer-sanctioned way: load the lazy table with
// getCodec, then add `{ type: '_sbcs', chars }` entries and string aliases (issues #103, #125).
import iconv from 'iconv-lite';
import { CODE_PAGES, type CodePageName } from '../../../cpu370/index.ts';

const ALIASES: Record<CodePageName, string[]> = {
  cp037: ['ibm037', '037', 'cp37', 'ebcdiccpus'],
  cp1047: ['ibm1047', '1047'],
  cp500: ['ibm500', '500', 'ebcdiccpbe'],
  cp1140: ['ibm1140', '1140'],
};

let registered = false;

/** Makes cp037, cp1047, cp500 and cp1140 (and aliases such as IBM-037) known to iconv-lite. */
export function registerEbcdicWithIconv(): void {
  if (registered) return;
  iconv.getCodec('ascii');
  const encodings = (iconv as unknown as { encodings: Record<string, unknown> }).encodings;
  for (const [name, page] of Object.entries(CODE_PAGES)) {
    encodings[name] = { type: '_sbcs', chars: String.fromCodePoint(...page.toUnicode) };
    for (const alias of ALIASES[name as CodePageName]) encodings[alias] = name;
  }
  registered = true;
}

registerEbcdicWithIconv();

export { iconv };
