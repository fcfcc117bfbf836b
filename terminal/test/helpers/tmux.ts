// A private tmux server for driving terminal programs in tests: send-keys in, capture-pane out.
import { spawnSync } from 'node:child_process';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const HAVE_TMUX = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;

export class Tmux {
  readonly socket = `vm370-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  tmux(...args: string[]): string {
    return spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' }).stdout;
  }
  start(cols: number, rows: number, command: string): void {
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 't', '-x', String(cols), '-y', String(rows), command);
  }
  capture(): string[] {
    return this.tmux('capture-pane', '-p', '-t', 't').split('\n');
  }
  cursor(): string {
    return this.tmux('display', '-p', '-t', 't', '#{cursor_x},#{cursor_y}').trim();
  }
  async waitFor(pred: (lines: string[]) => boolean, ms = 30000): Promise<string[]> {
    const end = Date.now() + ms;
    for (;;) {
      const lines = this.capture();
      if (pred(lines)) return lines;
      if (Date.now() > end) throw new Error(`screen never matched:\n${lines.join('\n')}`);
      await sleep(100);
    }
  }
  kill(): void {
    this.tmux('kill-server');
  }
}
