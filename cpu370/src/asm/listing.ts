// The assembler listing: LOC, OBJECT CODE, STMT and SOURCE columns, messages after the
// statements they belong to, then the cross-reference and a summary with the return code.

import type { Assembly } from './assembler.ts';
import { formatDiagnostic } from './diag.ts';

const hex = (v: number, n: number) => (v >>> 0).toString(16).toUpperCase().padStart(n, '0').slice(-n);

function objectCode(bytes: Uint8Array | undefined): string {
  if (!bytes || bytes.length === 0) return '';
  const b = [...bytes.subarray(0, 8)].map((x) => hex(x, 2)).join('');
  if (bytes.length === 2) return b;
  if (bytes.length === 4) return `${b.slice(0, 4)} ${b.slice(4)}`;
  if (bytes.length === 6) return `${b.slice(0, 4)} ${b.slice(4, 8)} ${b.slice(8)}`;
  return b;
}

export function formatListing(a: Assembly): string {
  const out: string[] = [];
  const title = a.title ? `  ${a.title}` : '';
  out.push(`vm370 asm${title}`);
  out.push('');
  out.push('  LOC   OBJECT CODE       ADDR1  ADDR2   STMT  SOURCE STATEMENT');
  const byLine = new Map<string, typeof a.diagnostics.list>();
  for (const d of a.diagnostics.list) {
    const key = `${d.loc.file}:${d.loc.line}`;
    byLine.set(key, [...(byLine.get(key) ?? []), d]);
  }
  const shown = new Set<string>();
  for (const l of a.lines) {
    if (l.statement.op === 'SPACE') {
      const n = Math.min(Math.max(Number(l.statement.operands) || 1, 1), 10);
      for (let k = 0; k < n; k++) out.push('');
      continue;
    }
    if (l.statement.op === 'EJECT' || l.statement.op === 'TITLE') {
      out.push(`\f${l.statement.op === 'TITLE' ? l.statement.operands.replace(/^'|'$/g, '') : title.trim()}`);
      continue;
    }
    const loc = l.loc !== undefined ? hex(l.loc, 6) : '      ';
    const plus = l.statement.level > 0 ? '+' : ' ';
    const addr = (k: number) => (l.addresses?.[k] !== undefined ? hex(l.addresses[k]!, 6) : '      ');
    const addrs = l.addresses?.length === 1 && l.bytes?.length === 4 ? `       ${addr(0)}` : `${addr(0)} ${addr(1)}`;
    out.push(`${loc}  ${objectCode(l.bytes).padEnd(16)} ${addrs} ${String(l.stmt).padStart(5)} ${plus}${l.statement.text}`);
    if (l.bytes && l.bytes.length > 8 && l.statement.op !== '') {
      for (let k = 8; k < l.bytes.length && k < 64; k += 8) {
        out.push(`${hex((l.loc ?? 0) + k, 6)}  ${[...l.bytes.subarray(k, k + 8)].map((x) => hex(x, 2)).join('')}`);
      }
    }
    const key = `${l.statement.loc.file}:${l.statement.loc.line}`;
    if (!shown.has(key) && byLine.has(key) && isLastOfLine(a, l)) {
      shown.add(key);
      for (const d of byLine.get(key)!) out.push(`** ${formatDiagnostic(d)}`);
    }
  }
  for (const [key, ds] of byLine) if (!shown.has(key)) for (const d of ds) out.push(`** ${formatDiagnostic(d)}`);
  out.push('');
  out.push('CROSS REFERENCE');
  out.push('SYMBOL                           LEN   VALUE   DEFN  REFERENCES');
  for (const s of [...a.symbols.values()].sort((x, y) => (x.name < y.name ? -1 : 1))) {
    out.push(`${s.name.padEnd(32)} ${String(s.length).padStart(4)} ${hex(s.value.v, 8)} ${String(s.stmt).padStart(5)}  ${s.refs.join(' ')}`);
  }
  out.push('');
  const counts = [0, 4, 8, 12, 16].map((sev) => a.diagnostics.list.filter((d) => (sev === 0 ? d.severity < 4 : d.severity >= sev && d.severity < sev + 4)).length);
  out.push(`${a.diagnostics.list.length} message(s): ${counts[1]} warning, ${counts[2]} error, ${counts[3] + counts[4]} severe`);
  out.push(`RETURN CODE ${a.returnCode}`);
  return out.join('\n') + '\n';
}

function isLastOfLine(a: Assembly, l: Assembly['lines'][number]): boolean {
  const idx = a.lines.indexOf(l);
  const next = a.lines[idx + 1];
  return !next || next.statement.loc.file !== l.statement.loc.file || next.statement.loc.line !== l.statement.loc.line;
}
