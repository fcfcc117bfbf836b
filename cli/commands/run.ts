import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { Cpu, disassemble, formatDisassembly, hex, parseRange, parseStorageSize, runReport, runStandalone, type StandaloneResult, type StartMode } from '../../cpu370/index.ts';

interface RunOpts {
  bin?: string;
  core?: string;
  origin?: string;
  entry?: string;
  start: string;
  storage: string;
  maxInstructions: string;
  dump: string[];
  cr: string[];
  json?: boolean;
  trace?: boolean;
  cpus: string;
}

function parseHex(text: string, what: string): number {
  if (!/^[0-9a-fA-F]+$/.test(text)) throw new Error(`${what} must be hexadecimal, not '${text}'`);
  return parseInt(text, 16);
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

export function report(result: StandaloneResult, dumps: string[]) {
  return { ...runReport(result, dumps), ...(result.complex ? { cpus: otherCpus(result) } : {}) };
}

/** With --cpus N > 1: every CPU's state, PSW and registers, by CPU address. */
function otherCpus(result: StandaloneResult) {
  const cx = result.complex!;
  return cx.cpus.map((c, i) => {
    const [hi, lo] = c.pswWords();
    return {
      address: c.cpuAddress,
      state: cx.state[i]!,
      psw: hex(hi, 8) + hex(lo, 8),
      prefix: hex(c.prefix, 8),
      gpr: [...c.gpr].map((v) => hex(v, 8)),
      instructions: c.instructions,
    };
  });
}

const EXIT: Record<StandaloneResult['status'], number> = { wait: 0, limit: 3, checkstop: 4 };

export function register(program: Command): void {
  program
    .command('run')
    .description('run a stand-alone S/370 program on a bare CPU and print its final state')
    .option('--bin <file>', 'raw image loaded at --origin, started at --entry in a BC-mode disabled PSW, key 0')
    .option('--origin <hex>', 'load address of --bin')
    .option('--entry <hex>', 'start address (default: the origin)')
    .option('--core <file>', 'raw image loaded at 0')
    .option('--start <how>', 'with --core: restart (restart interruption) or psw (doubleword at 0 as after IPL)', 'restart')
    .option('--storage <size>', 'main storage size, e.g. 2M', '1M')
    .option('--max-instructions <n>', 'instruction limit', '100000000')
    .option('--dump <range>', 'storage to report, ADDR.LEN or ADDR-END in hex (repeatable)', collect, [])
    .option('--cr <n=hex>', 'preset a control register (repeatable)', collect, [])
    .option('--json', 'one JSON object on standard output')
    .option('--trace', 'print each instruction executed')
    .option('--cpus <n>', 'number of CPUs sharing storage (CPU 0 starts, the others are stopped until SIGP)', '1')
    .action(async (o: RunOpts) => {
      if (!o.bin === !o.core) throw new Error('give exactly one of --bin FILE or --core FILE');
      let mode: StartMode;
      if (o.bin) {
        if (!o.origin) throw new Error('--bin needs --origin HEX');
        const origin = parseHex(o.origin, '--origin');
        mode = { kind: 'bin', origin, entry: o.entry ? parseHex(o.entry, '--entry') : origin };
      } else {
        if (o.start !== 'restart' && o.start !== 'psw') throw new Error(`--start must be restart or psw, not '${o.start}'`);
        mode = { kind: 'core', start: o.start };
      }
      const controlRegisters = new Map<number, number>();
      for (const c of o.cr) {
        const m = /^(\d+)=([0-9a-fA-F]{1,8})$/.exec(c);
        if (!m || Number(m[1]) > 15) throw new Error(`bad --cr '${c}' (use N=HEX, N from 0 to 15)`);
        controlRegisters.set(Number(m[1]), parseInt(m[2]!, 16));
      }
      o.dump.forEach((d) => parseRange(d));
      const max = Number(o.maxInstructions);
      if (!Number.isInteger(max) || max <= 0) throw new Error(`--max-instructions must be a positive integer`);
      const image = new Uint8Array(readFileSync((o.bin ?? o.core)!));
      const cpus = Number(o.cpus);
      if (!Number.isInteger(cpus) || cpus < 1 || cpus > 16) throw new Error(`--cpus must be an integer from 1 to 16`);
      if (cpus > 1 && o.trace) throw new Error('--trace works with one CPU only');
      const trace = o.trace ? makeTracer() : undefined;
      const result = await runStandalone({
        image,
        mode,
        storageSize: parseStorageSize(o.storage),
        maxInstructions: max,
        controlRegisters,
        trace,
        cpus,
      });
      const r = report(result, o.dump);
      if (o.json) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stdout.write(formatReport(r));
      process.exitCode = EXIT[result.status];
    });
}

/** Prints each instruction before it runs, followed by what the previous one changed. */
function makeTracer(): (cpu: Cpu) => void {
  const prev = new Int32Array(16);
  let prevCc = -1;
  return (cpu) => {
    if (prevCc >= 0) {
      const changes: string[] = [];
      for (let i = 0; i < 16; i++) if (cpu.gpr[i] !== prev[i]) changes.push(`GR${i}=${hex(cpu.gpr[i]!, 8)}`);
      if (cpu.cc !== prevCc) changes.push(`CC=${cpu.cc}`);
      if (changes.length) process.stdout.write(`        ${changes.join(' ')}\n`);
    }
    prev.set(cpu.gpr);
    prevCc = cpu.cc;
    const ia = cpu.absolute(cpu.ia);
    const text = ia < cpu.size ? formatDisassembly(disassemble(cpu.mem, ia)) : '(outside storage)';
    process.stdout.write(`${hex(cpu.ia, 6)}  ${text}\n`);
  };
}

function formatReport(r: ReturnType<typeof report>): string {
  const rows = (label: string, regs: string[], perLine: number) => {
    let s = '';
    for (let i = 0; i < regs.length; i += perLine) {
      s += regs.slice(i, i + perLine).map((v, j) => `${label}${String(i + j).padStart(2, '0')}=${v}`).join(' ') + '\n';
    }
    return s;
  };
  let s = `status: ${r.status}\nPSW:    ${r.waitPsw.slice(0, 8)} ${r.waitPsw.slice(8)}\ninstructions: ${r.instructions}\n`;
  s += rows('GR', r.gpr, 4) + r.fpr.map((v, i) => `FPR${i * 2}=${v}`).join(' ') + '\n' + rows('CR', r.cr, 4);
  if (r.pgmCodes.length) s += `program interruptions: ${r.pgmCodes.join(' ')}\n`;
  for (const [k, v] of Object.entries(r.mem)) s += `${k}: ${v.replace(/(.{8})/g, '$1 ').trim()}\n`;
  for (const c of r.cpus ?? []) s += `CPU${c.address}: ${c.state} PSW=${c.psw} prefix=${c.prefix} instructions=${c.instructions}\n`;
  return s;
}
