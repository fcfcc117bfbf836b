import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { assemble, directoryLibrary, formatDiagnostic, formatListing, link, writeObjectDeck } from '../../cpu370/index.ts';

interface AsmOpts {
  output?: string;
  listing?: string;
  image?: string;
  origin?: string;
  maclib: string[];
  link: string[];
  quiet?: boolean;
  json?: boolean;
}

const hexOf = (v: number) => v.toString(16).toUpperCase().padStart(6, '0');

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

export function register(program: Command): void {
  program
    .command('asm')
    .description('assemble S/370 assembler source (HLASM / Assembler F syntax); exit code = return code 0/4/8/12/16')
    .argument('<source>', 'assembler source file')
    .option('-o, --output <obj>', 'write the OS object deck (80-byte EBCDIC ESD/TXT/RLD/END cards)')
    .option('--listing <file>', 'write the listing with cross-reference and messages ("-" for standard output)')
    .option('--image <file>', 'link and write a flat binary image loaded at --origin')
    .option('--origin <hex>', 'load address of --image (hexadecimal)', '0')
    .option('--maclib <dir>', 'macro and COPY library directory, searched in order (repeatable); members NAME.mac / NAME.copy', collect, [])
    .option('--link <obj>', 'with --image: also link this object deck (repeatable)', collect, [])
    .option('-q, --quiet', 'no diagnostics on standard error')
    .option('--json', 'one JSON object on standard output: return code, messages, sections, image')
    .action((source: string, o: AsmOpts) => {
      if (!/^[0-9a-fA-F]+$/.test(o.origin ?? '0')) throw new Error(`--origin must be hexadecimal, not '${o.origin}'`);
      let text: string;
      try {
        text = readFileSync(source, 'latin1');
      } catch (e) {
        process.stderr.write(`vm370 asm: cannot read ${source}: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 16;
        return;
      }
      const a = assemble(text, { file: source, library: directoryLibrary(o.maclib) });
      if (!o.quiet) for (const d of a.diagnostics.list) process.stderr.write(formatDiagnostic(d) + '\n');
      const deck = writeObjectDeck(a.module, a.deckId || basename(source).replace(/\..*$/, '').slice(0, 4));
      if (o.output) writeFileSync(o.output, deck);
      if (o.listing === '-') process.stdout.write(formatListing(a));
      else if (o.listing) writeFileSync(o.listing, formatListing(a));
      let rc = a.returnCode;
      let imageInfo: { file: string; origin: string; length: number; entry: string } | undefined;
      if (o.image) {
        if (rc >= 12) {
          process.stderr.write(`vm370 asm: no image written (return code ${rc})\n`);
        } else {
          try {
            const others = o.link.map((f) => new Uint8Array(readFileSync(f)));
            const p = link([deck, ...others], { origin: parseInt(o.origin ?? '0', 16) });
            writeFileSync(o.image, p.image);
            imageInfo = { file: o.image, origin: hexOf(p.origin), length: p.image.length, entry: hexOf(p.entry) };
            if (!o.quiet) process.stderr.write(`image ${o.image}: ${p.image.length} bytes at X'${p.origin.toString(16).toUpperCase()}', entry X'${p.entry.toString(16).toUpperCase()}'\n`);
          } catch (e) {
            process.stderr.write(`vm370 asm: link failed: ${e instanceof Error ? e.message : String(e)}\n`);
            rc = Math.max(rc, 12);
          }
        }
      }
      if (o.json) {
        const report = {
          returnCode: rc,
          messages: a.diagnostics.list.map((d) => ({ file: d.loc.file, line: d.loc.line, column: d.column, severity: d.severity, message: d.message, macro: d.loc.macro })),
          sections: a.module.esd.filter((e) => e.type === 'SD' || e.type === 'PC').map((e) => ({ name: e.name, address: hexOf(e.address), length: e.length })),
          image: imageInfo,
        };
        process.stdout.write(JSON.stringify(report) + '\n');
      }
      process.exitCode = rc;
    });
}
