// s3270 (x3270-script(1)) driven through stdin/stdout: each action answers with `data:`
// lines, a status line, then ok or error.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';

export const HAVE_S3270 = spawnSync('sh', ['-c', 'command -v s3270'], { encoding: 'utf8' }).status === 0;

export class S3270 {
  private out = '';
  private readonly proc: ChildProcessWithoutNullStreams;

  constructor(args: string[] = []) {
    this.proc = spawn('s3270', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.setEncoding('latin1');
    this.proc.stdout.on('data', (d: string) => (this.out += d));
    this.proc.stderr.on('data', () => undefined);
  }

  async run(action: string, timeoutMs = 8000): Promise<{ ok: boolean; data: string[]; status: string }> {
    this.out = '';
    this.proc.stdin.write(action + '\n');
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = /(^|\n)(ok|error)\n/.exec(this.out);
      if (m) {
        const lines = this.out.slice(0, m.index).split('\n');
        const status = lines.pop() ?? '';
        return { ok: m[2] === 'ok', data: lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(6)), status };
      }
      if (Date.now() > end) throw new Error(`s3270 ${action}: no answer; got ${JSON.stringify(this.out)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async screen(): Promise<string[]> {
    return (await this.run('Ascii()')).data;
  }

  /** Polls the screen until `pred` holds. */
  async waitFor(pred: (rows: string[]) => boolean, timeoutMs = 5000): Promise<string[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.screen();
      if (pred(rows)) return rows;
      if (Date.now() > end) throw new Error(`screen never matched:\n${rows.join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async enter(text: string): Promise<void> {
    if (text) await this.run(`String(${JSON.stringify(text)})`);
    await this.run('Enter()');
  }

  async quit(): Promise<void> {
    try {
      this.proc.stdin.end('Quit()\n');
    } catch {
      // gone
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

export const status = (rows: string[]): string => (rows[rows.length - 1] ?? '').slice(60).trimEnd();
export const has = (rows: string[], text: string): boolean => rows.some((r) => r.includes(text));
