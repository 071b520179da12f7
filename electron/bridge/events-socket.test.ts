// One bad client of the events socket must not take `strata serve` down: each bad message
// closes that client's socket with a code that says why, and the process goes on serving
// HTTP and pushing events to the others. `strata serve` runs as a real child process, so
// a crash is the process exiting, as a user would see it.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EVENTS_CLOSE } from '../../shared/api/bridge.ts';
import { openEvents, serveDuringFile } from '../../test/support/serve-process.ts';

const served = serveDuringFile();

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((done) => ws.once('close', (code, reason) => done({ code, reason: reason.toString() })));
}

describe('a bad message on the events socket', () => {
  const cases: { name: string; send: (ws: WebSocket) => void; code: number; reason?: RegExp }[] = [
    {
      name: 'a text frame that is not UTF-8',
      send: (ws) => ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }),
      code: EVENTS_CLOSE.invalidPayload,
    },
    {
      name: 'a message over 64 KiB in one frame',
      send: (ws) => ws.send('x'.repeat(64 * 1024 + 1)),
      code: EVENTS_CLOSE.messageTooBig,
    },
    {
      name: 'a message over 64 KiB in fragments',
      send: (ws) => {
        for (let i = 0; i < 5; i++) ws.send('y'.repeat(16 * 1024), { fin: false });
        ws.send('z', { fin: true });
      },
      code: EVENTS_CLOSE.messageTooBig,
    },
    {
      name: 'malformed JSON',
      send: (ws) => ws.send('{"token": '),
      code: EVENTS_CLOSE.policyViolation,
      reason: /messages are not accepted: this socket only sends events/,
    },
    {
      name: 'a contract-invalid payload',
      send: (ws) => ws.send(JSON.stringify({ event: 'run.event', payload: { runId: 42 } })),
      code: EVENTS_CLOSE.policyViolation,
      reason: /messages are not accepted/,
    },
    {
      name: 'a binary message',
      send: (ws) => ws.send(Buffer.from([1, 2, 3])),
      code: EVENTS_CLOSE.unsupportedData,
      reason: /binary messages are not accepted/,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: closes that socket with ${c.code}, and the server goes on`, async () => {
      const ws = await openEvents(served.server());
      const seen = closed(ws);
      ws.on('error', () => {}); // the client side may see the close as an error too
      c.send(ws);
      const { code, reason } = await seen;
      expect(code).toBe(c.code);
      if (c.reason) expect(reason).toMatch(c.reason);
      await served.stillServing();
    });
  }

  it('said why in one line each, with no stack trace', () => {
    const log = served.server().stderr();
    expect(log).toMatch(/events socket closed \(WS_ERR_INVALID_UTF8\)/);
    expect(log).toMatch(/events socket closed \(WS_ERR_UNSUPPORTED_MESSAGE_LENGTH\)/);
    expect(log).not.toMatch(/\n\s+at /);
  });
});
