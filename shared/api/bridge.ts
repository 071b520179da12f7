// How a page proves to the bridge that it was opened from the URL `strata serve` printed.
// The token never travels in a cookie (browsers send cookies to every port of 127.0.0.1,
// so any other local server the browser talks to would receive it) nor in a URL the
// browser sends (URLs end up in logs and history): the printed URL carries it in the
// fragment, which browsers never send; the page keeps it in sessionStorage (this tab, this
// origin) and sends it in a request header on HTTP and in the subprotocol list on the
// events WebSocket, which is a request header of the handshake too.

/** The fragment key of the printed URL: http://127.0.0.1:PORT/#token=… */
export const TOKEN_FRAGMENT_KEY = 'token';

/** The HTTP header that carries the token on /api calls. */
export const TOKEN_HEADER = 'x-strata-token';

/** The path of the events WebSocket. */
export const EVENTS_PATH = '/events';

/** The subprotocol the bridge selects: the only one it ever echoes back. */
export const EVENTS_PROTOCOL = 'strata.events';

/** The offered subprotocol that carries the token; never echoed back by the bridge. */
export const TOKEN_PROTOCOL_PREFIX = 'strata.token.';

/** The printed URL for a bridge at `origin`. */
export function bridgeUrl(origin: string, token: string): string {
  return `${origin}/#${TOKEN_FRAGMENT_KEY}=${token}`;
}

/** What the page offers when it opens the events socket. */
export function eventsProtocols(token: string): string[] {
  return [EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** The token among offered subprotocols (the Sec-WebSocket-Protocol header), if any. */
export function tokenFromProtocols(header: string | undefined): string | undefined {
  for (const offered of (header ?? '').split(',')) {
    const protocol = offered.trim();
    if (protocol.startsWith(TOKEN_PROTOCOL_PREFIX)) return protocol.slice(TOKEN_PROTOCOL_PREFIX.length);
  }
  return undefined;
}

/**
 * Close codes of the events socket (RFC 6455 §7.4.1). The socket only sends: the page never
 * writes to it, so any message from a client is refused and its socket closed, never read.
 */
export const EVENTS_CLOSE = {
  /** A frame that breaks the protocol (unmasked, reserved bits or opcodes): ws closes it. */
  protocolError: 1002,
  /** A binary message. */
  unsupportedData: 1003,
  /** A text message that is not UTF-8: ws closes it. */
  invalidPayload: 1007,
  /** Any text message: the socket takes none. */
  policyViolation: 1008,
  /** A message over the bridge's limit (64 KiB): ws closes it. */
  messageTooBig: 1009,
} as const;
