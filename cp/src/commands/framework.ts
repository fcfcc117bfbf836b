// The CP command framework: each command is a small module with its VM/370 name, minimum
// abbreviation (the capital letters of the R6 syntax, e.g. `Query` = Q), the privilege
// classes that may use it, and a run function on the CP state. A command a user's
// classes do not include is answered as an unknown command, as in R6.
import type { ControlProgram } from '../cp.ts';
import type { VirtualMachine } from '../vm/machine.ts';
import type { UserConsole } from '../console/user-console.ts';
import { CpError, fail, formatMessage, MESSAGES } from './messages.ts';

export interface CommandContext {
  readonly cp: ControlProgram;
  /** The issuing virtual machine; null before LOGON. */
  readonly vm: VirtualMachine | null;
  /** The terminal the command came from; null for DIAGNOSE X'08' with a disconnected user. */
  readonly terminal: UserConsole | null;
  /** The issuer's privilege classes ('' before LOGON). */
  readonly classes: string;
  /** Writes one response line. */
  out(line: string): void;
}

export interface CommandDef {
  readonly name: string;
  /** Shortest accepted abbreviation length. */
  readonly min: number;
  /** Other names (LOGIN for LOGON, MESSAGE for MSG ...), with their own minimum. */
  readonly aliases?: ReadonlyArray<readonly [name: string, min: number]>;
  /** Privilege classes that may use it; '*' = any user, including before LOGON. */
  readonly classes: string;
  run(ctx: CommandContext, args: string[], raw: string): void;
}

/** Splits a command line into its name and operands; `raw` is the text after the name, as typed. */
export function tokenize(line: string): { name: string; args: string[]; raw: string } {
  const m = /^\s*(\S*)\s?(.*)$/.exec(line)!;
  const raw = m[2]!;
  return { name: m[1]!.toUpperCase(), args: raw.toUpperCase().split(/\s+/).filter((a) => a !== ''), raw };
}

function matches(word: string, name: string, min: number): boolean {
  return word.length >= min && word.length <= name.length && name.startsWith(word);
}

export class CommandTable {
  private readonly defs: CommandDef[] = [];

  add(...defs: CommandDef[]): this {
    this.defs.push(...defs);
    return this;
  }

  /** The first command the word abbreviates that the issuer may use. */
  lookup(word: string, ctx?: CommandContext): CommandDef | undefined {
    return this.defs.find((d) => (matches(word, d.name, d.min) || (d.aliases ?? []).some(([n, m]) => matches(word, n, m))) && (!ctx || allowed(d, ctx)));
  }

  all(): readonly CommandDef[] {
    return this.defs;
  }

  /** Runs one command line; returns the completion code (0, or the error message number). */
  execute(ctx: CommandContext, line: string): number {
    const { name, args, raw } = tokenize(line);
    if (name === '') return 0;
    try {
      const def = this.lookup(name, ctx);
      if (!def) fail('unknownCommand');
      def.run(ctx, args, raw);
      return 0;
    } catch (e) {
      if (e instanceof CpError) {
        ctx.out(e.message);
        return e.code;
      }
      // A fault in a command must not take CP down: the issuer is told, CP goes on.
      const failed = new CpError(MESSAGES.commandFailed, [name]);
      ctx.out(failed.message);
      return failed.code;
    }
  }
}

function allowed(def: CommandDef, ctx: CommandContext): boolean {
  if (def.classes === '*') return true;
  if (!ctx.vm) return false;
  return [...def.classes].some((c) => ctx.classes.includes(c));
}

export { formatMessage, MESSAGES };
