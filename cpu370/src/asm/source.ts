// Source format (HLASM Language Reference, "Coding conventions"): statement in columns
// 1-71, a non-blank column 72 continues it on the next line from column 16, columns 73-80
// are sequence numbers. Fields: name (from column 1), operation, operands, remarks.

import type { SourceLoc } from './diag.ts';

export interface RawStatement {
  /** The logical statement: continuation lines joined, sequence field removed. */
  readonly text: string;
  readonly loc: SourceLoc;
}

export interface Fields {
  readonly comment: boolean;
  readonly label: string;
  readonly op: string;
  readonly operands: string;
  readonly remarks: string;
  /** 0-based offset of the operand field in the text (for column numbers). */
  readonly operandOffset: number;
}

const SYMBOL_CHAR = /[A-Za-z0-9$#@_]/;
const ATTRIBUTE_LETTERS = 'LTKNDIOSltkndios';

/** True when the quote at s[i] is an attribute reference (L'X, T'&P) rather than a string. */
export function isAttributeQuote(s: string, i: number): boolean {
  const prev = s[i - 1];
  if (prev === undefined || !ATTRIBUTE_LETTERS.includes(prev)) return false;
  const before = s[i - 2];
  if (before !== undefined && (SYMBOL_CHAR.test(before) || before === '&' || before === "'")) return false;
  const next = s[i + 1];
  return next !== undefined && (/[A-Za-z$#@_&*]/.test(next) || (next === '=' && prev.toUpperCase() === 'L'));
}

/** Index just past the closing quote of the string that opens at s[i] (doubled quotes stay inside). */
export function skipQuoted(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === "'") {
      if (s[j + 1] === "'") j += 2;
      else return j + 1;
    } else j++;
  }
  return j;
}

/** End of an operand field starting at `start`: the first blank outside quotes (and, if asked, parentheses). */
export function operandEnd(s: string, start: number, blanksInParens: boolean): number {
  let depth = 0;
  let i = start;
  while (i < s.length) {
    const c = s[i]!;
    if (c === "'" && !isAttributeQuote(s, i)) {
      i = skipQuoted(s, i);
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ' ' && !(blanksInParens && depth > 0)) return i;
    i++;
  }
  return i;
}

const BLANKS_IN_PARENS = new Set(['AIF', 'SETA', 'SETB', 'SETC', 'AGO', 'MNOTE']);

export function splitFields(text: string): Fields {
  if (text.startsWith('*') || text.startsWith('.*') || text.trim() === '') {
    return { comment: true, label: '', op: '', operands: '', remarks: text, operandOffset: 0 };
  }
  let i = 0;
  while (i < text.length && text[i] !== ' ') i++;
  const label = text.slice(0, i);
  while (i < text.length && text[i] === ' ') i++;
  const opStart = i;
  while (i < text.length && text[i] !== ' ') i++;
  const op = text.slice(opStart, i);
  while (i < text.length && text[i] === ' ') i++;
  const operandOffset = i;
  const end = operandEnd(text, i, BLANKS_IN_PARENS.has(op.toUpperCase()));
  return {
    comment: false,
    label,
    op,
    operands: text.slice(operandOffset, end),
    remarks: text.slice(end).trim(),
    operandOffset,
  };
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const c of line) out += c === '\t' ? ' '.repeat(8 - (out.length % 8)) : c;
  return out;
}

/** Joins continuation lines into logical statements; `warn` hears about suspicious continuations. */
export function readStatements(source: string, file: string, warn?: (message: string, line: number) => void): RawStatement[] {
  const lines = source.split('\n').map((l) => expandTabs(l.replace(/\r$/, '')));
  const out: RawStatement[] = [];
  for (let n = 0; n < lines.length; n++) {
    const first = lines[n]!;
    const loc: SourceLoc = { file, line: n + 1 };
    let text = first.slice(0, 71);
    let continued = first.length >= 72 && first[71] !== ' ';
    while (continued && n + 1 < lines.length) {
      const next = lines[++n]!;
      if (warn && next.slice(0, 15).trim() !== '') {
        warn(`continuation line ${n + 1} does not start in column 16 (column 72 of line ${n} is not blank)`, n + 1);
      }
      const f = splitFields(text);
      const operandsEnd = f.operandOffset + f.operands.length;
      if (!f.comment && f.operands.endsWith(',') && operandsEnd < 71) {
        text = text.slice(0, operandsEnd) + next.slice(15, 71).trimStart();
      } else {
        text = text.padEnd(71, ' ') + next.slice(15, 71);
      }
      continued = next.length >= 72 && next[71] !== ' ';
    }
    if (n === lines.length - 1 && text === '') continue;
    out.push({ text: text.trimEnd(), loc });
  }
  return out;
}
