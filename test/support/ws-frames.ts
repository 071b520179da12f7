// WebSocket frames as raw bytes (RFC 6455 §5.2), written by hand so that a test can send
// what no well-behaved client library would: lying lengths, reserved bits and opcodes,
// unmasked client frames, invalid UTF-8, oversized control frames.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawFrame {
  readonly fin: boolean;
  /** The three reserved bits, 0-7. */
  readonly rsv: number;
  /** 0-15; 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong, the rest reserved. */
  readonly opcode: number;
  readonly masked: boolean;
  readonly payload: Uint8Array;
  /** The length the header claims; the payload's own when undefined. */
  readonly declaredLength?: bigint | undefined;
}

export function encodeFrame(frame: RawFrame): Buffer {
  const length = frame.declaredLength ?? BigInt(frame.payload.length);
  const head = [((frame.fin ? 1 : 0) << 7) | ((frame.rsv & 7) << 4) | (frame.opcode & 15)];
  const maskBit = frame.masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length <= 125n) head.push(maskBit | Number(length));
  else if (length <= 0xffffn) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(Number(length));
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt.asUintN(64, length));
  }
  const payload = Buffer.from(frame.payload);
  if (!frame.masked) return Buffer.concat([Buffer.from(head), extended, payload]);
  const mask = randomBytes(4);
  for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  return Buffer.concat([Buffer.from(head), extended, mask, payload]);
}

export interface ServerFrames {
  /** Close codes the server sent, in order. */
  readonly closeCodes: number[];
  /** Every byte the server sent after its handshake response, as text (reasons included). */
  readonly text: string;
}

/** The server's (unmasked) frames, as far as they are complete. */
export function decodeServerFrames(bytes: Buffer): ServerFrames {
  const closeCodes: number[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = (bytes[at] as number) & 15;
    let length = (bytes[at + 1] as number) & 127;
    let start = at + 2;
    if (length === 126) {
      if (start + 2 > bytes.length) break;
      length = bytes.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      if (start + 8 > bytes.length) break;
      length = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > bytes.length) break;
    if (opcode === 8 && length >= 2) closeCodes.push(bytes.readUInt16BE(start));
    at = start + length;
  }
  return { closeCodes, text: bytes.toString('latin1') };
}

export interface RawConnection {
  readonly socket: Socket;
  /** The status line of the server's answer to the handshake ('' if it sent none). */
  readonly status: string;
  /** What the server sent after its answer's headers, so far. */
  received(): Buffer;
  /** Resolves when the server closed the connection, or after `ms`, whichever comes first. */
  settled(ms: number): Promise<void>;
}

/** Opens a TCP connection and writes `preamble` (a handshake, or anything else). */
export function rawConnection(port: number, preamble: Buffer | string): Promise<RawConnection> {
  return new Promise((done, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let headerEnd = -1;
    let status = '';
    let closed = false;
    const closedAt = new Promise<void>((r) => socket.once('close', () => ((closed = true), r())));
    const connection: RawConnection = {
      socket,
      get status() {
        return status;
      },
      received: () => (headerEnd < 0 ? Buffer.alloc(0) : buffer.subarray(headerEnd)),
      settled: (ms) =>
        closed ? Promise.resolve() : Promise.race([closedAt, new Promise<void>((r) => setTimeout(r, ms))]),
    };
    socket.on('error', () => {}); // a reset is one of the answers a bad client gets
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (headerEnd >= 0) return;
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      headerEnd = end + 4;
      status = buffer.subarray(0, buffer.indexOf('\r\n')).toString('latin1');
      done(connection);
    });
    // No answer to the preamble (the server waits for more, or just closed): still a connection.
    socket.once('close', () => done(connection));
    socket.once('connect', () => {
      socket.write(preamble);
      setTimeout(() => done(connection), 200);
    });
    socket.once('error', reject);
  });
}

/** The upgrade request the page's WebSocket would send, with `protocols` offered. */
export function handshake(port: number, protocols: string): string {
  return [
    'GET /events HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Protocol: ${protocols}`,
    '',
    '',
  ].join('\r\n');
}
