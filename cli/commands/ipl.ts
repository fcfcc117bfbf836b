import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { buildMachine, iplDeck, Panel, parseRange, type Cpu } from '../../cpu370/index.ts';

/** What this command uses of the terminal part's console listener. */
interface TerminalHubLike {
  listen(port?: string): Promise<void>;
  readonly pool: { readonly devices: readonly unknown[] };
}

type OpenLocalConsole = (owner: TerminalHubLike['pool'], opts: { model?: number; onExit?: (reason: string) => void }) => unknown;

interface IplOpts {
  json?: boolean;
  dump: string[];
  makeDeck?: string;
  origin?: string;
  output?: string;
  ipl?: string;
  loadparm?: string;
  rc?: string;
  exitOnWait?: boolean;
  quiet?: boolean;
  localConsole?: boolean;
  model: string;
}

const hex = (v: number, d: number) => (v >>> 0).toString(16).toUpperCase().padStart(d, '0');

export function register(program: Command): void {
  program
    .command('ipl')
    .description('run a bare S/370 from a Hercules-style configuration, with an operator command line on standard input')
    .argument('[config]', 'configuration file (ARCHMODE, MAINSIZE, NUMCPU, CNSLPORT, device lines "cuu type args")')
    .option('--ipl <cuu>', 'IPL from this device after the --rc commands')
    .option('--loadparm <text>', 'LOADPARM for --ipl')
    .option('--rc <file>', 'operator commands run in order at start (like HERCULES_RC)')
    .option('--exit-on-wait', 'when CPU 0 enters a disabled wait: close the device files, print the wait PSW, exit 0 (a check stop: exit 4)')
    .option('-q, --quiet', 'do not list ignored configuration statements')
    .option('--local-console', 'open the 3270 window in this terminal on the first free 3270 (operator commands then come only from --rc)')
    .option('--model <n>', 'with --local-console: 3270 model 2-5', '2')
    .option('--json', 'with --exit-on-wait: instead of the wait line, one JSON object (status, waitPsw, gpr, cr, mem)')
    .option('--dump <range>', 'with --json: storage to report, ADDR.LEN or ADDR-END in hex (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--make-deck <image>', 'instead of running: write an IPL card deck that loads this flat image at --origin and starts it there')
    .option('--origin <hex>', 'with --make-deck: load and start address')
    .option('--output <deck>', 'with --make-deck: the deck file (80-byte EBCDIC cards; append data cards to it as needed)')
    .addHelpText(
      'after',
      '\nOperator commands: ipl cuu [parm], loadparm, start, stop, restart, sysreset, psw, gpr, cr,\n' +
        'r ADDR[.LEN|-END|=HEX], devlist, devinit cuu file [opts], attach cuu type [args], detach cuu,\n' +
        'pause n, help, quit. End of standard input does not end the machine.',
    )
    .action(async (configFile: string | undefined, o: IplOpts) => {
      if (o.makeDeck) {
        makeDeck(o);
        return;
      }
      if (!configFile) throw new Error('give a configuration file (or --make-deck IMAGE)');
      let text: string;
      try {
        text = readFileSync(configFile, 'utf8');
      } catch (e) {
        throw new Error(`cannot read ${configFile}: ${(e as Error).message}`);
      }
      const note = (line: string) => {
        if (!o.quiet) process.stderr.write(`vm370: ${line}\n`);
      };
      // Loading these lets the terminal and dasd parts register their device types (3270, 3215, DASD).
      let hub: TerminalHubLike | undefined;
      let openLocalConsole: OpenLocalConsole | undefined;
      for (const part of ['../../terminal/index.ts', '../../dasd/index.ts']) {
        try {
          const mod = (await import(part)) as { terminalHub?: TerminalHubLike; openLocalConsole?: OpenLocalConsole };
          hub ??= mod.terminalHub;
          openLocalConsole ??= mod.openLocalConsole;
        } catch (e) {
          note(`${part.slice(6, -9)} device types unavailable: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      const bare = buildMachine(text, note);
      // The consoles listen on CNSLPORT (the terminal part starts its listener when a 3270 or 3215 is defined).
      if (bare.config.cnslport !== undefined && hub && hub.pool.devices.length > 0) void hub.listen(bare.config.cnslport);
      const { machine } = bare;
      const out = (line: string) => process.stdout.write(line + '\n');
      const panel = new Panel(machine, out, note);
      let ending = false;
      let rl: ReturnType<typeof createInterface> | undefined;
      /** Closes the device files (flushing them), then prints `last` and lets the process end. */
      const end = async (code: number, last?: string) => {
        if (ending) return;
        ending = true;
        await bare.close();
        if (last) out(last);
        process.exitCode = code;
        // Standard input may still be open: leave no handle that keeps the process alive.
        rl?.close();
        process.stdin.destroy();
      };
      const pswText = (cpu: Cpu) => {
        const [hi, lo] = cpu.pswWords();
        return `${hex(hi, 8)} ${hex(lo, 8)}`;
      };
      machine.events = {
        disabledWait: (cpu) => {
          const line = `CPU${hex(cpu.cpuAddress, 4)}: disabled wait state PSW=${pswText(cpu)}`;
          if (o.exitOnWait && cpu.cpuAddress === 0) void end(0, o.json ? jsonReport('wait', cpu, o.dump) : line);
          else out(line);
        },
        checkstop: (cpu) => {
          const line = `CPU${hex(cpu.cpuAddress, 4)}: check stop PSW=${pswText(cpu)}`;
          if (o.exitOnWait) void end(4, o.json ? jsonReport('checkstop', cpu, o.dump) : line);
          else out(line);
        },
      };
      const run = async (line: string) => {
        if (ending) return;
        if ((await panel.command(line)) === 'quit') await end(0);
      };
      if (o.rc) {
        let script: string;
        try {
          script = readFileSync(o.rc, 'utf8');
        } catch (e) {
          await bare.close();
          throw new Error(`cannot read ${o.rc}: ${(e as Error).message}`);
        }
        for (const line of script.split(/\r?\n/)) {
          const l = line.trim();
          if (l && !l.startsWith('#')) await run(l);
        }
      }
      if (o.ipl && !ending) {
        if (o.loadparm) machine.loadparm = o.loadparm;
        await run(`ipl ${o.ipl}${o.loadparm ? ' ' + o.loadparm : ''}`);
      }
      if (ending) return;
      if (o.localConsole) {
        const model = Number(o.model);
        if (![2, 3, 4, 5].includes(model)) throw new Error(`--model must be 2, 3, 4 or 5, not '${o.model}'`);
        if (!hub || !openLocalConsole || hub.pool.devices.length === 0) {
          await end(1);
          throw new Error('--local-console needs a 3270 device line in the configuration');
        }
        openLocalConsole(hub.pool, { model, onExit: () => void end(0) });
        return;
      }
      rl = createInterface({ input: process.stdin, terminal: false });
      let chain = Promise.resolve();
      rl.on('line', (line) => {
        // Commands run in order, but an IPL whose device has not finished does not hold up
        // the next ones (a console IPL may wait for its operator; sysreset ends it).
        if (/^\s*ipl\b/i.test(line)) chain = chain.then(() => void run(line));
        else chain = chain.then(() => run(line));
      });
    });
}

function makeDeck(o: IplOpts): void {
  if (!o.origin || !/^[0-9a-f]{1,6}$/i.test(o.origin)) throw new Error('--make-deck needs --origin HEX');
  if (!o.output) throw new Error('--make-deck needs --output FILE');
  let image: Uint8Array;
  try {
    image = new Uint8Array(readFileSync(o.makeDeck!));
  } catch (e) {
    throw new Error(`cannot read ${o.makeDeck}: ${(e as Error).message}`);
  }
  const deck = iplDeck(image, { origin: parseInt(o.origin, 16) });
  writeFileSync(o.output, deck);
  process.stdout.write(`${o.output}: ${deck.length / 80} cards, loading ${image.length} bytes at X'${o.origin.toUpperCase()}'\n`);
}

/** The final state, in the shape of `vm370 run --json` (status, waitPsw, gpr, cr, mem). */
function jsonReport(status: string, cpu: Cpu, dumps: string[]): string {
  const [hi, lo] = cpu.pswWords();
  const mem: Record<string, string> = {};
  for (const d of dumps) {
    const { start, length } = parseRange(d);
    let text = '';
    for (let i = 0; i < length; i++) {
      const a = (start + i) & 0xffffff;
      text += a < cpu.size ? hex(cpu.mem[a]!, 2) : '--';
    }
    mem[d] = text;
  }
  return JSON.stringify({
    status,
    waitPsw: hex(hi, 8) + hex(lo, 8),
    gpr: [...cpu.gpr].map((v) => hex(v, 8)),
    cr: [...cpu.cr].map((v) => hex(v, 8)),
    mem,
    instructions: cpu.instructions,
  });
}
