// IPLs Hercules 3.13 headless from a configuration file and returns its log: the HAO rule on
// the disabled-wait message runs `done` commands (e.g. `r` displays) and quits
// (shared/reference/hercules-reference.md). Hercules writes and closes its device files first.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HERCULES, herculesSkipReason } from '../../src/reference/hercules.ts';

export { herculesSkipReason };

export function herculesIpl(dir: string, config: string, devnum: string, done: string[] = []): Promise<string> {
  if (!HERCULES) return Promise.reject(new Error(herculesSkipReason));
  writeFileSync(join(dir, 'done.rc'), ['psw', ...done, 'quit', ''].join('\n'));
  writeFileSync(join(dir, 'run.rc'), `hao tgt HHCCP011I CPU\nhao cmd script ${join(dir, 'done.rc')}\nipl ${devnum}\n`);
  return new Promise<string>((resolve, reject) => {
    const child = spawn(HERCULES!, ['-f', config, '-d'], { cwd: dir, env: { ...process.env, HERCULES_RC: join(dir, 'run.rc') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
    child.stderr.resume();
    const killer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(killer);
      resolve(out);
    });
  });
}
