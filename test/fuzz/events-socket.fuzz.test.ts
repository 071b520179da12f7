// Raw random WebSocket frames at /events of a real `strata serve`: whatever a client sends
// (any opcode, reserved bits, lying lengths, unmasked frames, invalid UTF-8, oversize,
// fragments, garbage instead of a handshake), the process stays up, answers HTTP, keeps
// pushing events to the page's socket, closes the bad one with a code that says why, and
// never shows a stack trace. A fixed seed and bounded runs keep it a few seconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENTS_CLOSE, eventsProtocols } from '../../shared/api/bridge.ts';
import { serveDuringFile } from '../support/serve-process.ts';
import { decodeServerFrames, encodeFrame, handshake, rawConnection, type RawFrame } from '../support/ws-frames.ts';

const RUNS = 100;
/** How long a run waits for the server to close a bad socket before dropping it itself. */
const SETTLE_MS = 40;
const STACK = /\.(?:[cm]?[jt]sx?):\d+:\d+|\n\s+at /;

const served = serveDuringFile();

/** `arbitrary` once in `times` runs, undefined otherwise. */
function rarely<T>(arbitrary: fc.Arbitrary<T>, times: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: times - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

const payload = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 200 }).map((s) => new Uint8Array(Buffer.from(s))) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  {
    weight: 2,
    arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => new Uint8Array(Buffer.from(JSON.stringify(v) ?? 'null'))),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Uint8Array.of(0xff, 0xfe),
      Uint8Array.of(0xc3),
      Uint8Array.of(0xed, 0xa0, 0x80),
      Uint8Array.of(0x03, 0xe8),
    ),
  },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(64 * 1024 + 1).fill(0x61)) },
);

const frame: fc.Arbitrary<RawFrame> = fc.record({
  fin: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  rsv: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 7 }) }),
  opcode: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(0, 1, 2, 8, 9, 10) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 15 }) },
  ),
  masked: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  payload,
  declaredLength: rarely(
    fc.oneof(fc.bigInt({ min: 0n, max: 70_000n }), fc.constantFrom(2n ** 53n, 2n ** 63n, 2n ** 64n - 1n)),
    6,
  ),
});

const attempt = fc.record({
  /** Garbage instead of the handshake, now and then. */
  preamble: rarely(fc.uint8Array({ minLength: 1, maxLength: 200 }), 8),
  /** An extra offered subprotocol, possibly with characters a header may not carry. */
  extraProtocol: rarely(fc.string({ maxLength: 20 }), 4),
  frames: fc.array(frame, { minLength: 1, maxLength: 4 }),
});

/** Close codes a bad client may get: the bridge's own, and those ws answers a client's close with. */
const FAIR_CLOSE = new Set<number>([1000, ...Object.values(EVENTS_CLOSE)]);

describe('raw random frames at /events', () => {
  it('never take strata serve down, and each bad socket is closed with a code that says why', async () => {
    let opened = 0;
    await fc.assert(
      fc.asyncProperty(attempt, async ({ preamble, extraProtocol, frames }) => {
        const server = served.server();
        const protocols = [
          ...eventsProtocols(server.token),
          ...(extraProtocol === undefined ? [] : [extraProtocol]),
        ].join(', ');
        const connection = await rawConnection(
          server.port,
          preamble === undefined ? handshake(server.port, protocols) : Buffer.from(preamble),
        );
        if (connection.status.includes(' 101 ')) {
          opened++;
          connection.socket.write(Buffer.concat(frames.map(encodeFrame)));
          await connection.settled(SETTLE_MS);
          const answer = decodeServerFrames(connection.received());
          expect(answer.text).not.toMatch(STACK);
          // A client's own close frame is echoed with its code; anything else gets ours.
          const clientCodes = frames
            .filter((f) => f.opcode === 8 && f.payload.length >= 2)
            .map((f) => Buffer.from(f.payload).readUInt16BE(0));
          for (const code of answer.closeCodes) expect([...FAIR_CLOSE, ...clientCodes]).toContain(code);
        } else {
          expect(connection.status).not.toMatch(STACK);
        }
        connection.socket.destroy();
        await served.stillServing();
      }),
      { seed: 1204, numRuns: RUNS },
    );
    // Most runs did reach the socket (the rest tried garbage or an unsendable protocol).
    expect(opened).toBeGreaterThan(RUNS / 2);
    expect(served.server().stderr()).not.toMatch(STACK);
  });
});
