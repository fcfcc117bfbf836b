import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('start')
    .description('start VM/370: CP, the local 3270 console and the TN3270/telnet listener')
    .option('--port <n>', 'TN3270 and telnet port', '3270')
    .option('--data <dir>', 'where the system files live')
    .option('--headless', 'no local 3270 console')
    .action(() => {
      process.stderr.write(
        'vm370 start: CP is not built yet. What works today: vm370 run (a stand-alone S/370 program).\n' +
          'See README.md for the state of each part.\n',
      );
      process.exitCode = 2;
    });
}
