// `vm370 disasm FILE [--origin HEX]`: disassembles a raw S/370 image with the
// instruction table's disassembler (extended branch mnemonics for BC/BCR).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { disassembleImage, hex } from '../../cpu370/index.ts';

export function register(program: Command): void {
  program
    .command('disasm')
    .description('disassemble a raw S/370 image')
    .argument('<file>', 'raw image (binary)')
    .option('--origin <hex>', 'address of the first byte', '0')
    .option('--json', 'one JSON array of {address, hex, mnemonic, operands}')
    .action((file: string, o: { origin: string; json?: boolean }) => {
      if (!/^[0-9a-fA-F]{1,6}$/.test(o.origin)) throw new Error(`--origin must be a hexadecimal address up to FFFFFF, not '${o.origin}'`);
      const origin = parseInt(o.origin, 16);
      const lines = disassembleImage(new Uint8Array(readFileSync(file)), origin);
      if (o.json) {
        const rows = lines.map((l) => ({ address: hex(l.address, 6), hex: l.hex, mnemonic: l.mnemonic, operands: l.operands }));
        process.stdout.write(JSON.stringify(rows) + '\n');
        return;
      }
      let s = '';
      for (const l of lines) s += `${hex(l.address, 6)}  ${l.hex.padEnd(12)}  ${l.mnemonic.padEnd(6)} ${l.operands}`.trimEnd() + '\n';
      process.stdout.write(s);
    });
}
