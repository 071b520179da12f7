import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../bridge/server.ts';
import {
  APP_CONTENT_SECURITY_POLICY,
  APP_ENTRY_URL,
  isAppUrl,
  isSafeExternalUrl,
  mimeType,
  resolveAppFile,
  senderRefusal,
} from './app-url.ts';

const root = resolve('/srv/strata/dist/renderer');

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name as string, sources.join(' ')]),
  );
}

describe('the app origin', () => {
  it('is strata://app and nothing that merely looks like it', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('strata://app/assets/index.js?x=1#y')).toBe(true);
    for (const url of [
      'strata://evil/index.html',
      'strata://app.evil/',
      'strata://user:pw@app/',
      'https://app/',
      'file:///index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      'not a url',
      '',
    ])
      expect(isAppUrl(url), url).toBe(false);
  });

  it('maps URLs to files under the renderer folder and never outside it', () => {
    expect(resolveAppFile(root, 'strata://app/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'strata://app/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'strata://app/assets/index-1.js?v=2')).toBe(join(root, 'assets', 'index-1.js'));
    expect(resolveAppFile(root, 'strata://app/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
    // Dot segments, plain or encoded, are removed by URL parsing (Chromium's too): they cannot climb.
    expect(resolveAppFile(root, 'strata://app/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'strata://app/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    // Encoded slashes survive parsing and only become separators once decoded: refused.
    for (const url of [
      'strata://app/assets/..%2f..%2f..%2fetc%2fpasswd',
      'strata://app/%00index.html',
      'strata://app/%E0%A4%A',
      'strata://other/index.html',
      'file:///srv/strata/dist/renderer/index.html',
    ])
      expect(resolveAppFile(root, url), url).toBeUndefined();
  });

  it('serves module scripts and workers with a JavaScript MIME type', () => {
    expect(mimeType('/x/editor.worker-abc.js')).toMatch(/^text\/javascript/);
    expect(mimeType('/x/index.HTML')).toMatch(/^text\/html/);
    expect(mimeType('/x/unknown.bin')).toBe('application/octet-stream');
  });

  it("has the bridge's content security policy without the WebSocket sources", () => {
    const bridge = directives(CONTENT_SECURITY_POLICY);
    const app = directives(APP_CONTENT_SECURITY_POLICY);
    expect([...app.keys()].sort()).toEqual([...bridge.keys()].sort());
    for (const [name, sources] of app) {
      if (name === 'connect-src') expect(sources).toBe("'self'");
      else expect(sources, name).toBe(bridge.get(name));
    }
  });

  it('lets only https links out', () => {
    expect(isSafeExternalUrl('https://www.postgresql.org/docs/current/explicit-locking.html')).toBe(true);
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'strata://app/',
      'smb://host/share',
      'https://u:p@example.com/',
      'nonsense',
    ])
      expect(isSafeExternalUrl(url), url).toBe(false);
  });
});

describe('IPC sender check', () => {
  const ok = { ourWindow: true, frameUrl: 'strata://app/index.html', topFrame: true };

  it('accepts the top frame of our window on our origin', () => {
    expect(senderRefusal(ok)).toBeUndefined();
  });

  it('refuses other windows, iframes, gone frames and other origins', () => {
    expect(senderRefusal({ ...ok, ourWindow: false })).toMatch(/not come from a Strata window/);
    expect(senderRefusal({ ...ok, topFrame: false })).toMatch(/top frame/);
    expect(senderRefusal({ ...ok, frameUrl: undefined })).toMatch(/gone/);
    const refusal = senderRefusal({ ...ok, frameUrl: 'https://evil.example/steal?token=secret' });
    expect(refusal).toMatch(/https:\/\/evil\.example/);
    expect(refusal).not.toMatch(/secret/);
    expect(senderRefusal({ ...ok, frameUrl: 'file:///home/me/page.html' })).toMatch(/not the Strata app/);
  });
});
