// The vm370 command line. Each subcommand lives in ./commands/<name>.ts and exports
// `register(program)`; add one import and one call below for a new subcommand.
import { Command } from 'commander';
import { register as registerStart } from './commands/start.ts';
import { register as registerRun } from './commands/run.ts';
import { register as registerAsm } from './commands/asm.ts';
import { register as registerIpl } from './commands/ipl.ts';
import { register as registerBench } from './commands/bench.ts';
import { register as registerDisasm } from './commands/disasm.ts';
import { register as registerConnect } from './commands/connect.ts';
import { register as registerDasd } from './commands/dasd.ts';

const program = new Command();
program.name('vm370').description('IBM System/370 with VM/370 CP and CMS, in TypeScript').version('0.1.0');
program.showHelpAfterError();

registerStart(program);
registerRun(program);
registerAsm(program);
registerIpl(program);
registerBench(program);
registerDisasm(program);
registerConnect(program);
registerDasd(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.stderr.write(`vm370: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
