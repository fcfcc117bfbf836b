import { assemble, isKnownOp, link, memoryLibrary, type Assembly, type AssembleOptions } from '../../src/asm/index.ts';

/** Source from lines; each line is used as written (column 1 = name field). */
export function src(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

/** Lines starting with an operation code are indented to column 10 (others start with a name); END is added. */
export function body(...lines: string[]): string {
  const indent = (l: string) => (isKnownOp(l.split(' ')[0]!.toUpperCase()) ? '         ' + l : l);
  return src(...lines.map(indent), '         END');
}

export function hex(b: Uint8Array | undefined): string {
  return Buffer.from(b ?? new Uint8Array(0)).toString('hex').toUpperCase();
}

/** Assembles and returns the object code of every listed statement, concatenated. */
export function code(source: string, options: AssembleOptions = {}): { hex: string; a: Assembly } {
  const a = assemble(source, options);
  return { hex: a.lines.map((l) => hex(l.bytes)).join(''), a };
}

/** Assembles and links at `origin`; returns the image as hex. */
export function image(source: string, origin = 0, options: AssembleOptions = {}): { hex: string; a: Assembly } {
  const a = assemble(source, options);
  return { hex: hex(link([a.module], { origin }).image), a };
}

export function messages(a: Assembly): string[] {
  return a.diagnostics.list.map((d) => `${d.loc.line}${d.column ? ':' + d.column : ''} ${d.severity} ${d.message}`);
}

export { memoryLibrary };
