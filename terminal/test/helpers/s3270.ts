// Drives Debian's s3270 through its stdin/stdout script interface (x3270-script(1)):
// each command answers with `data:` lines, a 12-field status line, then ok or error.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';

export const HAVE_S3270 = spawnSync('sh', ['-c', 'command -v s3270'], { encoding: 'utf8' }).status === 0;

export interface Reply {
  ok: boolean;
  data: string[];
  status: string;
}

export class S3270 {
  private out = '';
  private readonly proc: ChildProcessWithoutNullStreams;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(args: string[] = []) {
    this.proc = spawn('s3270', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.setEncoding('latin1');
    this.proc.stdout.on('data', (d: string) => (this.out += d));
    this.proc.stderr.on('data', () => undefined);
  }

  /** Runs one action; rejects after `timeoutMs` (s3270 itself may wait forever). */
  run(action: string, timeoutMs = 8000): Promise<Reply> {
    const job = this.queue.then(() => this.runNow(action, timeoutMs));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async runNow(action: string, timeoutMs: number): Promise<Reply> {
    this.out = '';
    this.proc.stdin.write(action + '\n');
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = /(^|\n)(ok|error)\n/.exec(this.out);
      if (m) {
        const lines = this.out.slice(0, m.index).split('\n');
        const status = lines.pop() ?? '';
        return { ok: m[2] === 'ok', data: lines.filter((l) => l.startsWith('data: ') || l === 'data:').map((l) => l.slice(6)), status };
      }
      if (Date.now() > end) throw new Error(`s3270 ${action}: no answer in ${timeoutMs} ms; got ${JSON.stringify(this.out)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async quit(): Promise<void> {
    try {
      this.proc.stdin.end('Quit()\n');
    } catch {
      // already gone
    }
    await new Promise<void>((r) => {
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        r();
      }, 2000);
      this.proc.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
}
