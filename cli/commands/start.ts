import type { Command } from 'commander';
import { defaultDataDir, DirectoryLoadError, startSystem } from '../../cp/index.ts';
import { codePage } from '../../cpu370/index.ts';
import { BlessedUi, createLocalPair, Terminal3270 } from '../../terminal/index.ts';

interface StartOpts {
  port: string;
  data?: string;
  headless?: boolean;
}

export function register(program: Command): void {
  program
    .command('start')
    .description('start VM/370: CP, the local 3270 console and the TN3270/telnet listener')
    .option('--port <n>', 'TN3270 and telnet port (127.0.0.1)', '3270')
    .option('--data <dir>', `where the system files live (default $VM370_DATA or ~/.vm370)`)
    .option('--headless', 'no local 3270 console')
    .action(async (opts: StartOpts) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, not '${opts.port}'`);
      const dataDir = opts.data ?? defaultDataDir();
      let stop: () => void = () => undefined;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      let sys;
      try {
        sys = await startSystem({ dataDir, port, onShutdown: () => stop() });
      } catch (e) {
        if (e instanceof DirectoryLoadError) {
          process.stderr.write(`${e.message}\nvm370 start: the directory ${dataDir}/user.direct has errors\n`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
      const where = `${sys.host}:${sys.port}`;
      if (sys.created) process.stderr.write(`vm370: created a new system in ${dataDir}\n`);
      process.stderr.write(`vm370: VM/370 online; TN3270 and telnet on ${where} (data in ${dataDir})\n`);
      let ui: InstanceType<typeof BlessedUi> | undefined;
      if (!opts.headless && process.stdout.isTTY) {
        const { session, link } = createLocalPair(2);
        ui = new BlessedUi(new Terminal3270(link, codePage('cp037')), { onExit: () => stop() });
        sys.attach(session);
      }
      process.once('SIGINT', () => stop());
      process.once('SIGTERM', () => stop());
      await stopped;
      await sys.close();
      if (!ui) process.stderr.write('vm370: system stopped\n');
      process.exit(0);
    });
}
