import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SafeStorageSecretStore, type SafeStorageApi } from './safe-storage-secrets.ts';

const PASSWORD = 'hunter2-ÄÖ-secret';

/** A stand-in for safeStorage: reversible, but nothing like the clear text. */
function fakeSafeStorage(
  options: { available?: boolean; backend?: string; key?: number; rotate?: boolean } = {},
): SafeStorageApi & { encrypted: number } {
  const key = options.key ?? 0x5a;
  const api = {
    encrypted: 0,
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () =>
      (options.backend ?? 'gnome_libsecret') as ReturnType<SafeStorageApi['getSelectedStorageBackend']>,
    encryptStringAsync: async (plain: string) => {
      api.encrypted++;
      return Buffer.concat([Buffer.from([key]), Buffer.from(plain, 'utf8').map((b) => b ^ key)]);
    },
    decryptStringAsync: async (data: Buffer) => {
      if (data[0] !== key)
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return {
        result: Buffer.from(data.subarray(1).map((b) => b ^ key)).toString('utf8'),
        shouldReEncrypt: options.rotate ?? false,
      };
    },
  };
  return api;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function secretsFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'strata-secrets-'));
  dirs.push(d);
  return join(d, 'userData', 'secrets.json');
}
function filesIn(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

describe('safeStorage secret store', () => {
  it('keeps only ciphertext on disk, in a 0600 file, and reads it back in a new session', async () => {
    const file = secretsFile();
    const warnings: string[] = [];
    const store = await SafeStorageSecretStore.open({
      file,
      safeStorage: fakeSafeStorage(),
      platform: 'linux',
      warn: (m) => warnings.push(m),
    });
    expect(store.kind).toBe('keychain');
    store.set('c1', PASSWORD);
    expect(store.get('c1')).toBe(PASSWORD);
    await store.flush();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text).secrets.c1).toMatch(/^[A-Za-z0-9+/]+=*$/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([]);

    const again = await SafeStorageSecretStore.open({ file, safeStorage: fakeSafeStorage(), platform: 'linux' });
    expect(again.get('c1')).toBe(PASSWORD);
    again.delete('c1');
    expect(again.get('c1')).toBeUndefined();
    await again.flush();
    expect(JSON.parse(readFileSync(file, 'utf8')).secrets).toEqual({});
  });

  it('falls back to memory, writing nothing, on Linux basic_text or without encryption', async () => {
    for (const [api, platform, reason] of [
      [fakeSafeStorage({ backend: 'basic_text' }), 'linux', /basic_text/],
      [fakeSafeStorage({ backend: 'unknown' }), 'linux', /unknown/],
      [fakeSafeStorage({ available: false }), 'darwin', /not available/],
    ] as const) {
      const file = secretsFile();
      const warnings: string[] = [];
      const store = await SafeStorageSecretStore.open({
        file,
        safeStorage: api,
        platform,
        warn: (m) => warnings.push(m),
      });
      expect(store.kind).toBe('memory');
      store.set('c1', PASSWORD);
      expect(store.get('c1')).toBe(PASSWORD);
      await store.flush();
      expect(existsSync(file)).toBe(false);
      expect(api.encrypted).toBe(0);
      expect(warnings.join('\n')).toMatch(reason);
      expect(warnings.join('\n')).not.toContain(PASSWORD);
    }
  });

  it('only asks Linux for its backend: basic_text elsewhere does not exist', async () => {
    const store = await SafeStorageSecretStore.open({
      file: secretsFile(),
      safeStorage: fakeSafeStorage({ backend: 'basic_text' }),
      platform: 'win32',
      warn: () => {},
    });
    expect(store.kind).toBe('keychain');
  });

  it('drops what another keychain encrypted, without losing it and without logging secrets', async () => {
    const file = secretsFile();
    const first = await SafeStorageSecretStore.open({
      file,
      safeStorage: fakeSafeStorage({ key: 1 }),
      platform: 'linux',
    });
    first.set('old', PASSWORD);
    await first.flush();
    const warnings: string[] = [];
    const second = await SafeStorageSecretStore.open({
      file,
      safeStorage: fakeSafeStorage({ key: 2 }),
      platform: 'linux',
      warn: (m) => warnings.push(m),
    });
    expect(second.get('old')).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/'old' cannot be decrypted/);
    second.set('new', 'other');
    await second.flush();
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).secrets).sort()).toEqual(['new', 'old']);
  });

  it('re-encrypts when the keychain asks for it, and sets a damaged file aside', async () => {
    const file = secretsFile();
    const first = await SafeStorageSecretStore.open({ file, safeStorage: fakeSafeStorage(), platform: 'linux' });
    first.set('c1', PASSWORD);
    await first.flush();
    const rotating = fakeSafeStorage({ rotate: true });
    const second = await SafeStorageSecretStore.open({ file, safeStorage: rotating, platform: 'linux' });
    await second.flush();
    expect(rotating.encrypted).toBe(1);
    expect(second.get('c1')).toBe(PASSWORD);

    writeFileSync(file, '{ not json');
    const warnings: string[] = [];
    const third = await SafeStorageSecretStore.open({
      file,
      safeStorage: fakeSafeStorage(),
      platform: 'linux',
      warn: (m) => warnings.push(m),
    });
    expect(third.get('c1')).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/set aside/);
    expect(filesIn(join(file, '..'))).toContain('{ not json');
  });
});
