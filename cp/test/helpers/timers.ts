// Host time for console tests: timers that fire only when the test advances the clock.
import type { ConsoleTimers } from '../../index.ts';

export class StepTimers implements ConsoleTimers {
  now = 0;
  private readonly list: { at: number; fn: () => void; live: boolean }[] = [];

  after(ms: number, fn: () => void): () => void {
    const t = { at: this.now + ms, fn, live: true };
    this.list.push(t);
    return () => {
      t.live = false;
    };
  }

  advance(ms: number): void {
    this.now += ms;
    for (const t of [...this.list]) {
      if (t.live && t.at <= this.now) {
        t.live = false;
        t.fn();
      }
    }
  }

  get active(): number {
    return this.list.filter((t) => t.live).length;
  }
}
