// Bounded fuzzing in `npm test`; `npm run fuzz:terminal -- N` runs longer.
import { describe, expect, it } from 'vitest';
import { offerTerminalType, RawClient } from './helpers/raw-client.ts';
import { fuzzScreen, fuzzServer, mutate, prng } from './helpers/fuzz-core.ts';
import { TerminalServer } from '../index.ts';

describe('fuzz', () => {
  it('2,000 random and mutated inbound streams never crash, hang or flood a session', () => {
    const r = fuzzServer(2000, 20261125);
    expect(r.failures).toEqual([]);
    expect(r.streams).toBe(2000);
    expect(r.sessions).toBeGreaterThan(100);
  });

  it('1,000 random outbound streams and keyboard sequences never break the screen model', () => {
    const r = fuzzScreen(1000, 7);
    expect(r.failures).toEqual([]);
  });

  it('the real listener survives 100 garbage connections and still negotiates', async () => {
    const server = new TerminalServer({ port: 0, negotiationTimeoutMs: 50, onSession: (s) => s.bind({}) });
    const { port } = await server.listen();
    try {
      const rnd = prng(99);
      const clients = await Promise.all(Array.from({ length: 100 }, () => RawClient.connect(port)));
      for (const c of clients) c.send(Array.from(mutate(rnd)));
      await new Promise((r) => setTimeout(r, 200));
      for (const c of clients) c.close();
      const c = await RawClient.connect(port);
      await offerTerminalType(c, 'IBM-3279-2');
      c.close();
    } finally {
      await server.close();
    }
  });
});
