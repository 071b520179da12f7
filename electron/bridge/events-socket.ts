// The events WebSocket (/events): the bridge pushes the contract's events to every open page.
//
// The token comes in the subprotocol list rather than in a first message: a wrong or
// missing token is refused during the handshake (401, as /api answers), before any socket
// exists, so there is no unauthenticated socket to time out and nothing to parse before
// the peer is known; and it travels in a request header, as x-strata-token does on HTTP,
// never in the URL (URLs end up in logs and history). The bridge echoes back only
// 'strata.events', never the token.
//
// One bad client must not take the server down: every socket has an error handler (ws
// emits 'error' on an oversize message, invalid UTF-8 or a protocol error, having already
// closed that socket with 1009, 1007 or 1002; unhandled, the emit would throw and end the
// process). The socket only sends, so any message a client writes closes its socket too.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EVENTS_CLOSE, EVENTS_PROTOCOL, tokenFromProtocols } from '../../shared/api/bridge.ts';

/** Larger client messages are refused with 1009 (no client message is ever accepted). */
export const MAX_CLIENT_MESSAGE = 64 * 1024;

export interface EventsSocket {
  /** Takes an upgrade request for the events path whose Host and Origin were checked. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast(message: string): void;
  close(): void;
}

export interface EventsSocketOptions {
  readonly authorized: (token: string | undefined) => boolean;
  readonly log: (line: string) => void;
}

/** Answers an upgrade request with an HTTP status and drops the connection. */
export function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

/** Why a client message closes its socket: the code and a reason of at most 123 bytes. */
function refusal(isBinary: boolean): { code: number; reason: string } {
  return isBinary
    ? { code: EVENTS_CLOSE.unsupportedData, reason: 'binary messages are not accepted: this socket only sends events' }
    : { code: EVENTS_CLOSE.policyViolation, reason: 'messages are not accepted: this socket only sends events' };
}

export function openEventsSocket(options: EventsSocketOptions): EventsSocket {
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE,
    handleProtocols: (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  return {
    upgrade(req, socket, head) {
      if (!options.authorized(tokenFromProtocols(req.headers['sec-websocket-protocol']))) {
        refuseUpgrade(socket, 401, 'missing or wrong token: open the URL that `strata serve` printed');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('error', (error: Error & { code?: string }) => {
          options.log(`events socket closed (${error.code ?? 'error'}): ${error.message}`);
        });
        ws.on('message', (_data: RawData, isBinary: boolean) => {
          if (ws.readyState !== ws.OPEN) return; // already closing: one refusal is enough
          const { code, reason } = refusal(isBinary);
          options.log(`events socket closed (${code}): ${reason}`);
          ws.close(code, reason);
        });
        ws.on('close', () => sockets.delete(ws));
      });
    },
    broadcast(message) {
      for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(message);
    },
    close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
    },
  };
}
