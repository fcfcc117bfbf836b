// A small differential run of the decimal and floating-point instructions against
// Hercules 3.13 (the full run is `npm run difftest:arith`): random operands, one
// Hercules process per batch, every record compared byte for byte.
import { describe, expect, it } from 'vitest';
import { herculesSkipReason } from '../../src/reference/hercules.ts';
import { describeRecord, GENERATORS, generateArithCases, runBatch } from '../../../scripts/difftest-arith.ts';

const decimal = ['AP', 'SP', 'ZAP', 'CP', 'MP', 'DP', 'SRP', 'MVO', 'PACK', 'UNPK', 'CVB', 'CVD', 'ED', 'EDMK'];
const hfp = [...GENERATORS.keys()].filter((m) => !decimal.includes(m));

describe.skipIf(herculesSkipReason)(`decimal and HFP against Hercules 3.13${herculesSkipReason ? ` (skipped: ${herculesSkipReason})` : ''}`, () => {
  it.each([
    ['decimal', decimal],
    ['floating point', hfp],
  ])('%s: 700 random cases give the same records', async (_, mnemonics) => {
    const cases = generateArithCases(20261125, 700, mnemonics);
    const diffs = await runBatch(cases);
    const shown = diffs.slice(0, 3).map((d) => `${d.mnemonic}\n  ours     ${describeRecord(d.ours)}\n  hercules ${describeRecord(d.hercules)}`);
    expect(shown).toEqual([]);
  });
});
