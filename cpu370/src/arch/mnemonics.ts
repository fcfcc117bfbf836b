// Extended branch mnemonics (GA22-7000 Appendix B; HLASM Language Reference "Branching with
// extended mnemonic codes"): BC/BCR with the mask folded into the mnemonic. Derived here
// from the mask rule so that the assembler and the disassembler share one list.

export interface ExtendedMnemonic {
  readonly mnemonic: string;
  /** The base instruction: BC (RX) or BCR (RR). */
  readonly base: 'BC' | 'BCR';
  readonly mask: number;
}

/** Condition suffixes and their BC masks. After compare: H=2 L=4 E=8; after arithmetic: P, M, Z, O. */
const CONDITIONS: ReadonlyArray<readonly [suffix: string, mask: number]> = [
  ['O', 1],
  ['H', 2],
  ['P', 2],
  ['L', 4],
  ['M', 4],
  ['E', 8],
  ['Z', 8],
];

function build(): ExtendedMnemonic[] {
  const list: ExtendedMnemonic[] = [
    { mnemonic: 'B', base: 'BC', mask: 15 },
    { mnemonic: 'BR', base: 'BCR', mask: 15 },
    { mnemonic: 'NOP', base: 'BC', mask: 0 },
    { mnemonic: 'NOPR', base: 'BCR', mask: 0 },
  ];
  for (const [suffix, mask] of CONDITIONS) {
    for (const negated of [false, true]) {
      const m = negated ? 15 - mask : mask;
      const name = 'B' + (negated ? 'N' : '') + suffix;
      list.push({ mnemonic: name, base: 'BC', mask: m });
      list.push({ mnemonic: name + 'R', base: 'BCR', mask: m });
    }
  }
  return list;
}

export const EXTENDED_MNEMONICS: readonly ExtendedMnemonic[] = build();

export const EXTENDED_BY_MNEMONIC: ReadonlyMap<string, ExtendedMnemonic> = new Map(
  EXTENDED_MNEMONICS.map((e) => [e.mnemonic, e]),
);

/** The preferred extended mnemonic for a BC/BCR mask (compare-style names), if any. */
export function extendedMnemonicFor(base: 'BC' | 'BCR', mask: number): string | undefined {
  const preferred = ['B', 'BR', 'NOP', 'NOPR', 'BO', 'BH', 'BL', 'BE', 'BNO', 'BNH', 'BNL', 'BNE'];
  for (const name of preferred) {
    const e = EXTENDED_BY_MNEMONIC.get(base === 'BCR' && !name.endsWith('R') ? name + 'R' : name);
    if (e && e.base === base && e.mask === mask) return e.mnemonic;
  }
  return undefined;
}
