// The body of an API answer. Answers the service keeps (the project's graph: 9 MB of JSON at
// 50,000 revisions) are encoded once, not for every window and page reload; a fresh answer is
// a fresh object, and its entry goes with it. A large body goes gzipped to a browser that
// accepts it: on 127.0.0.1 the wire is free, but every byte still crosses Chromium's network
// service into the page, which took longer than compressing (once) and inflating (natively).
import { gzipSync, constants } from 'node:zlib';
import type { Result } from '../../shared/api/errors.ts';

/** Below this, gzip saves the page nothing worth its CPU. */
const GZIP_FROM_BYTES = 256 * 1024;

interface Encoded {
  readonly json: Buffer;
  gzip?: Buffer;
}

const kept = new WeakMap<object, Encoded>();

function encoded(value: object): Encoded {
  let e = kept.get(value);
  if (e === undefined) {
    e = { json: Buffer.from(`{"ok":true,"value":${JSON.stringify(value)}}`) };
    kept.set(value, e);
  }
  return e;
}

export function jsonBody(
  result: Result<unknown>,
  acceptEncoding: string | undefined,
): { readonly body: Buffer | string; readonly gzip: boolean } {
  if (!result.ok || typeof result.value !== 'object' || result.value === null)
    return { body: JSON.stringify(result), gzip: false };
  const e = encoded(result.value);
  if (e.json.length < GZIP_FROM_BYTES || !/\bgzip\b/.test(acceptEncoding ?? '')) return { body: e.json, gzip: false };
  e.gzip ??= gzipSync(e.json, { level: constants.Z_BEST_SPEED });
  return { body: e.gzip, gzip: true };
}
