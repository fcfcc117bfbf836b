// Runs a stand-alone S/370 program on Hercules 3.13 headless and reports its final state
// in the shape of `vm370 run --json`, so that tests and scripts can compare the two.
//
// Method (../../../../shared/reference/hercules-reference.md): daemon mode (`-d`, no
// stdin), commands from a run-commands file (HERCULES_RC), the image put in place with
// `loadcore`, the PSW set with the `psw` command (or a `restart`), and an HAO rule that
// fires on the disabled-wait message (HHCCP011I) or a program-interruption loop
// (HHCCP016I) and runs a script that displays psw/gpr/cr/fpr, saves the requested storage
// with `savecore` (long `r` displays can lose lines in the log), then quits. `OSTAILOR NULL` makes Hercules log every program check (HHCCP014I), which
// gives the program-interruption codes. A run that does not stop within the time limit
// is stopped and reported with status `limit`.
//
// Differences to keep in mind when comparing:
// - MAINSIZE is in megabytes and 3.13 refuses 1M: storage is max(2M, size rounded up).
// - Hercules shows the last ILC in bits 32-33 of a BC-mode PSW; `waitPsw` here has them
//   cleared (see maskBcIlc), `rawPsw` keeps them.
// - The interval timer at X'50' counts down in Hercules.
// - An enabled wait is not a stop for Hercules: it runs into the time limit.
// - There is no instruction count.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from './tools.ts';
import { maskBcIlc, type RunReport, type RunStatus } from './report.ts';

export type HerculesStart = { kind: 'bin'; origin: number; entry?: number } | { kind: 'core'; start: 'restart' | 'psw' };

export interface HerculesOptions {
  /** The raw image: loaded at `origin` (bin) or at 0 (core). */
  image: Uint8Array;
  mode: HerculesStart;
  /** Storage size in bytes (default 1M; Hercules gets at least 2M). */
  storageSize?: number;
  /** Ranges to report, `ADDR.LEN` or `ADDR-END` in hex (as `vm370 run --dump`). */
  dumps?: readonly string[];
  /** Control registers to preset, by number. */
  cr?: ReadonlyMap<number, number>;
  /** Install disabled-wait new PSWs at X'58'-X'78' whose address is their own location. */
  traps?: boolean;
  /** Whole seconds the program may run before it is stopped (status `limit`); default 10. */
  timeLimitSec?: number;
  /** Keep the working directory (its path is in the result) for inspection. */
  keepDir?: boolean;
}

export interface HerculesReport extends RunReport {
  /** The PSW as Hercules displays it (BC mode: with the ILC bits). */
  rawPsw: string;
  /** Seconds from just before `start`/`restart` to the disabled wait, from host clock stamps. */
  elapsedSec?: number;
  /** The whole Hercules log (stdout). */
  log: string;
  dir?: string;
}

export const HERCULES = findOnPath('hercules');

/** Why Hercules tests must skip, or undefined when Hercules is available. */
export const herculesSkipReason: string | undefined = HERCULES
  ? undefined
  : 'hercules is not on PATH (apt-get install hercules)';

const MARK = '===VM370-HARNESS===';

const hex = (v: number, d: number) => (v >>> 0).toString(16).toUpperCase().padStart(d, '0');

/** A dump range as a start and length (the grammar of `vm370 run --dump`). */
export function parseDumpRange(text: string): { start: number; length: number } {
  const m = /^([0-9a-fA-F]+)(?:([.-])([0-9a-fA-F]+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`bad range '${text}'`);
  const start = parseInt(m[1]!, 16);
  if (!m[2]) return { start, length: 1 };
  const v = parseInt(m[3]!, 16);
  return { start, length: m[2] === '.' ? v : v - start + 1 };
}

/** The `psw` command that sets a PSW given as two words (BC or EC mode). */
export function pswCommand(hi: number, lo: number): string {
  const sm = hi >>> 24;
  const pk = (hi >>> 20) & 15;
  const cmwp = (hi >>> 16) & 15;
  const ec = (cmwp & 8) !== 0;
  const cc = ec ? (hi >>> 12) & 3 : (lo >>> 28) & 3;
  const pm = ec ? (hi >>> 8) & 15 : (lo >>> 24) & 15;
  return `psw sm=${hex(sm, 2)} pk=${pk.toString(16)} cmwp=${cmwp.toString(16)} cc=${cc} pm=${pm.toString(16)} ia=${hex(lo & 0xffffff, 6)}`;
}

function configFile(storageSize: number): string {
  const mb = Math.max(2, Math.ceil(storageSize / (1024 * 1024)));
  return [
    'ARCHMODE   S/370',
    'CPUSERIAL  000611',
    'CPUMODEL   3158',
    `MAINSIZE   ${mb}`,
    'NUMCPU     1',
    'PANRATE    SLOW',
    'OSTAILOR   NULL',
    // Hercules will not start without a device; a printer on /dev/null is inert.
    '000E 1403 /dev/null',
    '',
  ].join('\n');
}

/** Runs the program on Hercules. Rejects when Hercules is missing or does not answer. */
export async function runOnHercules(opts: HerculesOptions): Promise<HerculesReport> {
  if (!HERCULES) throw new Error(herculesSkipReason);
  const dir = mkdtempSync(join(tmpdir(), 'vm370-herc-'));
  try {
    return await runIn(dir, opts);
  } finally {
    if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

async function runIn(dir: string, opts: HerculesOptions): Promise<HerculesReport> {
  const storageSize = opts.storageSize ?? 1024 * 1024;
  const dumps = opts.dumps ?? [];
  const limit = Math.max(1, Math.ceil(opts.timeLimitSec ?? 10));
  const imagePath = join(dir, 'image.bin');
  writeFileSync(imagePath, opts.image);
  writeFileSync(join(dir, 'hercules.cnf'), configFile(storageSize));

  // `stop` first: the wait message comes before the CPU counts as stopped, and savecore
  // refuses a CPU that is not stopped; the displays and a short sleep give it the moment
  // it needs.
  const done: string[] = ['sh date +HTIME1=%s.%N', 'stop', `sh echo ${MARK}`, 'psw', 'gpr', 'cr', 'fpr', 'sh sleep 0.05'];
  // Storage goes to files with `savecore` (the log can drop lines of long `r` displays).
  const mainBytes = Math.max(2, Math.ceil(storageSize / (1024 * 1024))) * 1024 * 1024;
  const saves: string[] = [];
  const segments = dumps.map((d, i) => {
    const { start, length } = parseDumpRange(d);
    const segs: Array<{ file: string; from: number; count: number; offset: number }> = [];
    let off = 0;
    while (off < length) {
      const a = (start + off) & 0xffffff;
      const run = Math.min(length - off, 0x1000000 - a);
      const inStorage = a < mainBytes ? Math.min(run, mainBytes - a) : 0;
      if (inStorage > 0) {
        const file = join(dir, `dump${i}-${segs.length}.bin`);
        segs.push({ file, from: a, count: inStorage, offset: off });
        saves.push(`savecore ${file} ${hex(a, 6)} ${hex(a + inStorage - 1, 6)}`);
      }
      off += run;
    }
    return { length, segs };
  });
  // Once more after a longer pause: on a busy machine the CPU thread may not have
  // reached the stopped state for the first attempt (HHCPN102E); a second save of the
  // same range is harmless.
  if (saves.length > 0) done.push(...saves, 'sh sleep 0.3', ...saves);
  done.push(`sh echo ${MARK}END`, 'quit', '');
  writeFileSync(join(dir, 'done.rc'), done.join('\n'));

  const rc: string[] = [
    'hao tgt HHCCP011I CPU|HHCCP016I',
    `hao cmd script ${join(dir, 'done.rc')}`,
    `loadcore ${imagePath} ${opts.mode.kind === 'bin' ? hex(opts.mode.origin, 6) : '0'}`,
  ];
  if (opts.traps) {
    for (const a of [0x58, 0x60, 0x68, 0x70, 0x78]) rc.push(`r ${hex(a, 2)}=00020000${hex(a, 8)}`);
  }
  for (const [n, v] of opts.cr ?? []) rc.push(`cr ${n}=${hex(v, 8)}`);
  let startCmd = 'start';
  if (opts.mode.kind === 'bin') {
    rc.push(`psw sm=00 pk=0 cmwp=0 cc=0 pm=0 ia=${hex(opts.mode.entry ?? opts.mode.origin, 6)}`);
  } else if (opts.mode.start === 'psw') {
    const img = opts.image;
    const word = (a: number) => (((img[a] ?? 0) << 24) | ((img[a + 1] ?? 0) << 16) | ((img[a + 2] ?? 0) << 8) | (img[a + 3] ?? 0)) >>> 0;
    rc.push(pswCommand(word(0), word(4)));
  } else {
    startCmd = 'restart';
  }
  rc.push('sh date +HTIME0=%s.%N', startCmd, `pause ${limit}`, 'stop', `script ${join(dir, 'done.rc')}`, '');
  writeFileSync(join(dir, 'run.rc'), rc.join('\n'));

  const log = await new Promise<string>((resolve, reject) => {
    const child = spawn(HERCULES!, ['-f', 'hercules.cnf', '-d'], {
      cwd: dir,
      env: { ...process.env, HERCULES_RC: join(dir, 'run.rc') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (b: Buffer) => {
      // A program-check loop logs without end: keep the first 32 MB.
      if (size < 32 << 20) chunks.push(b);
      size += b.length;
    });
    child.stderr.resume();
    const killer = setTimeout(() => child.kill('SIGKILL'), (limit + 20) * 1000);
    child.on('error', (e) => {
      clearTimeout(killer);
      reject(e);
    });
    child.on('close', () => {
      clearTimeout(killer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
  const result = parseLog(log, []);
  dumps.forEach((d, i) => {
    const { length, segs } = segments[i]!;
    const out: string[] = new Array(length).fill('--');
    for (const sg of segs) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(sg.file);
      } catch {
        throw new Error(`Hercules did not save storage ${hex(sg.from, 6)}.${hex(sg.count, 4)}: ${/HHCPN\d+E savecore.*$/m.exec(log)?.[0] ?? 'no file'}`);
      }
      for (let k = 0; k < sg.count && k < bytes.length; k++) out[sg.offset + k] = hex(bytes[k]!, 2);
    }
    result.mem[d] = out.join('');
  });
  if (opts.keepDir) result.dir = dir;
  return result;
}

/** Extracts the final state from a Hercules log written by the scripts above. */
export function parseLog(log: string, dumps: readonly string[]): HerculesReport {
  const at = log.indexOf(`\n${MARK}\n`);
  if (at < 0) throw new Error(`Hercules gave no final state; log tail:\n${log.slice(-2000)}`);
  const before = log.slice(0, at);
  const after = log.slice(at);

  let status: RunStatus = 'limit';
  if (/^HHCCP016I/m.test(before)) status = 'checkstop';
  else if (/^HHCCP011I CPU\d+: Disabled wait state/m.test(before)) status = 'wait';

  const pgmCodes = [...before.matchAll(/^HHCCP014I CPU\d+: .*?CODE=([0-9A-F]{4})/gm)].map((m) => m[1]!);

  const pswMatch = /^PSW=([0-9A-F]{8}) ([0-9A-F]{8})/m.exec(after);
  if (!pswMatch) throw new Error('no PSW in the Hercules log');
  const rawPsw = pswMatch[1]! + pswMatch[2]!;

  const regs = (prefix: string, n: number): string[] => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const m = new RegExp(`${prefix}${String(i).padStart(2, '0')}=([0-9A-F]{8})`).exec(after);
      if (!m) throw new Error(`no ${prefix}${i} in the Hercules log`);
      out.push(m[1]!);
    }
    return out;
  };
  const fpr: string[] = [];
  for (const r of [0, 2, 4, 6]) {
    const m = new RegExp(`FPR${r}=([0-9A-F]{8}) ([0-9A-F]{8})`).exec(after);
    if (!m) throw new Error(`no FPR${r} in the Hercules log`);
    fpr.push(m[1]! + m[2]!);
  }

  const mem: Record<string, string> = {};
  dumps.forEach((d, i) => {
    const { start, length } = parseDumpRange(d);
    const from = after.indexOf(`\n${MARK}DUMP${i}\n`);
    const to = after.indexOf(`\n${MARK}`, from + 1);
    const text = after.slice(from, to < 0 ? undefined : to);
    const bytes = new Map<number, string>();
    for (const m of text.matchAll(/^R:([0-9A-F]{8})(?::K:[0-9A-F]{2})?=((?:[0-9A-F]{2,8} ?)+)/gm)) {
      let a = parseInt(m[1]!, 16);
      for (const pair of m[2]!.replace(/ /g, '').match(/../g) ?? []) {
        bytes.set(a, pair);
        a = (a + 1) & 0xffffff;
      }
    }
    let s = '';
    for (let k = 0; k < length; k++) s += bytes.get((start + k) & 0xffffff) ?? '--';
    mem[d] = s;
  });

  const t0 = /^HTIME0=(\d+\.\d+)/m.exec(log);
  const t1 = /^HTIME1=(\d+\.\d+)/m.exec(log);
  return {
    status,
    waitPsw: maskBcIlc(rawPsw),
    rawPsw,
    gpr: regs('GR', 16),
    fpr,
    cr: regs('CR', 16),
    mem,
    pgmCodes,
    elapsedSec: t0 && t1 ? Number(t1[1]) - Number(t0[1]) : undefined,
    log,
  };
}
