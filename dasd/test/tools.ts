// Hercules' programs, when installed: tests that need them skip with a visible reason.
import { spawn } from 'node:child_process';
import { findOnPath as onPath } from '../../cpu370/index.ts';

export { onPath };

export const DASDINIT = onPath('dasdinit');
export const CCKDCDSK = onPath('cckdcdsk');
export const DASDLS = onPath('dasdls');
export const HERCULES = onPath('hercules');
export const herculesToolsMissing = DASDINIT && CCKDCDSK && DASDLS ? undefined : 'Hercules utilities (dasdinit, cckdcdsk, dasdls) are not on PATH';
export const herculesMissing = HERCULES ? undefined : 'hercules is not on PATH';

export interface ToolRun {
  code: number | null;
  out: string;
}

/** Runs a program to completion (30 s limit) and returns its exit code and combined output. */
export function runTool(program: string, args: string[], cwd?: string, env?: NodeJS.ProcessEnv): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
    child.stderr.on('data', (b: Buffer) => (out += b.toString('latin1')));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, out });
    });
  });
}
