import type { Command } from 'commander';
import { codePage } from '../../cpu370/index.ts';
import { connectTerminal } from '../../terminal/index.ts';

export function register(program: Command): void {
  program
    .command('connect')
    .description('a 3270 terminal in this window, connected to any TN3270 host (vm370, Hercules, ...)')
    .argument('<host[:port]>', 'host name or address, port 3270 unless given')
    .option('--model <n>', '3270 model: 2 (24x80), 3 (32x80), 4 (43x80) or 5 (27x132)', '2')
    .option('--codepage <cp>', 'EBCDIC code page: cp037, cp1047, cp500, cp1140', 'cp037')
    .option('--lu <name>', 'LU or device number to ask for (sent as type@LU)')
    .option('--mono', 'a 3278 (monochrome) instead of a 3279')
    .option('--tls', 'connect with TLS, verifying the host certificate')
    .option('--tls-noverify', 'connect with TLS, accepting any certificate')
    .addHelpText('after', '\nKeys: F1-F12 = PF1-12, Shift-F1-F12 = PF13-24, PgUp/PgDn = PA1/PA2, Ctrl-C = Clear,\nCtrl-R = Reset, Ctrl-A h = all keys, Ctrl-] = quit.')
    .action(async (target: string, opts: { model: string; codepage: string; lu?: string; mono?: boolean; tls?: boolean; tlsNoverify?: boolean }) => {
      const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(target);
      const model = Number(opts.model);
      if (!m) throw new Error(`bad host '${target}' (expected HOST or HOST:PORT)`);
      if (![2, 3, 4, 5].includes(model)) throw new Error(`bad --model '${opts.model}' (2, 3, 4 or 5)`);
      const port = m[2] ? Number(m[2]) : 3270;
      if (port < 1 || port > 65535) throw new Error(`bad port ${m[2]}`);
      const reason = await connectTerminal({
        host: m[1]!.replace(/^\[|\]$/g, ''),
        port,
        model,
        page: codePage(opts.codepage),
        colour: !opts.mono,
        ...(opts.lu ? { lu: opts.lu } : {}),
        ...(opts.tls || opts.tlsNoverify ? { tls: { verify: !opts.tlsNoverify } } : {}),
      });
      process.stderr.write(`vm370 connect: ${reason}\n`);
    });
}
