// Connection passwords in the OS keychain, through Electron's safeStorage: each password is
// encrypted with a key the keychain holds and only the ciphertext (base64) is written, to a
// file of mode 0600 in userData. Where no real keychain exists — encryption unavailable, or
// Linux's 'basic_text' backend, whose key is a constant compiled into Chromium — passwords
// stay in memory for the session (kind 'memory') and the UI warns, as VS Code does. No
// password is ever written in clear or logged: messages name the connection id only.
//
// The service's SecretStore is synchronous; safeStorage's current API is asynchronous (the
// sync calls are deprecated since Electron 45). So `open()` decrypts the file once, before
// the service exists, and `set`/`delete` update memory at once and persist in order behind.
//
// Only types come from 'electron': main.ts passes the real safeStorage, tests a fake.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';
import type { SecretStore } from '../engine/service/secrets.ts';

/** The part of safeStorage this store uses. */
export type SafeStorageApi = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'
>;

export interface SecretStoreOptions {
  readonly file: string;
  readonly safeStorage: SafeStorageApi;
  readonly platform?: NodeJS.Platform;
  /** One line per problem; never receives a password. */
  readonly warn?: (message: string) => void;
}

interface SecretsFile {
  readonly version: 1;
  readonly secrets: Record<string, string>;
}

/** Why the keychain cannot be used, or undefined when it can. */
export async function keychainUnavailableReason(
  api: SafeStorageApi,
  platform: NodeJS.Platform,
): Promise<string | undefined> {
  let available: boolean;
  try {
    available = await api.isAsyncEncryptionAvailable();
  } catch (error) {
    return `safeStorage failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!available) return 'encryption is not available (no OS keychain)';
  if (platform === 'linux') {
    // 'unknown' is what it says before the encryptor is set up: never take it as safe.
    const backend = api.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown')
      return `no secret service on this desktop (safeStorage backend '${backend}')`;
  }
  return undefined;
}

/** Memory only, with the reason: the UI shows kind 'memory' as "passwords are not saved". */
export class SessionSecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly secrets = new Map<string, string>();
  constructor(readonly reason: string) {}
  get(id: string): string | undefined {
    return this.secrets.get(id);
  }
  set(id: string, secret: string): void {
    this.secrets.set(id, secret);
  }
  delete(id: string): void {
    this.secrets.delete(id);
  }
  async flush(): Promise<void> {}
}

export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private readonly plain = new Map<string, string>();
  /** What is (or is about to be) on disk. Entries that failed to decrypt are kept as they were. */
  private readonly cipher = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly api: SafeStorageApi,
    private readonly warn: (message: string) => void,
  ) {}

  /** The keychain store, or a session store (kind 'memory', with a reason) when there is none. */
  static async open(options: SecretStoreOptions): Promise<SafeStorageSecretStore | SessionSecretStore> {
    const warn = options.warn ?? ((message: string) => process.stderr.write(`strata: ${message}\n`));
    const reason = await keychainUnavailableReason(options.safeStorage, options.platform ?? process.platform);
    if (reason !== undefined) {
      warn(`${reason}: connection passwords are kept in memory for this session only`);
      return new SessionSecretStore(reason);
    }
    const store = new SafeStorageSecretStore(options.file, options.safeStorage, warn);
    await store.load();
    return store;
  }

  private readFile(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<SecretsFile>;
      const secrets = data.secrets && typeof data.secrets === 'object' ? data.secrets : {};
      return Object.fromEntries(Object.entries(secrets).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      // Unreadable: keep it aside rather than overwrite what may still be recoverable.
      renameSync(this.file, `${this.file}.damaged-${Date.now()}`);
      this.warn(`${this.file} was unreadable and was set aside; saved passwords must be entered again`);
      return {};
    }
  }

  private async load(): Promise<void> {
    const reEncrypt: string[] = [];
    for (const [id, base64] of Object.entries(this.readFile())) {
      this.cipher.set(id, base64);
      try {
        const { result, shouldReEncrypt } = await this.api.decryptStringAsync(Buffer.from(base64, 'base64'));
        this.plain.set(id, result);
        if (shouldReEncrypt) reEncrypt.push(id);
      } catch {
        // Another user's file, or a keychain that was reset: the password must be entered again.
        this.warn(`the saved password of connection '${id}' cannot be decrypted with this keychain; enter it again`);
      }
    }
    // The key was rotated: store those passwords again under the new one.
    for (const id of reEncrypt) this.persist(id);
  }

  get(id: string): string | undefined {
    return this.plain.get(id);
  }

  set(id: string, secret: string): void {
    this.plain.set(id, secret);
    this.persist(id);
  }

  delete(id: string): void {
    this.plain.delete(id);
    this.persist(id);
  }

  /** Resolves when every change so far is on disk (or has failed and been reported). */
  flush(): Promise<void> {
    return this.queue;
  }

  /** Encrypts the current value of `id` (or drops it) and rewrites the file, in call order. */
  private persist(id: string): void {
    this.queue = this.queue.then(async () => {
      const secret = this.plain.get(id);
      try {
        if (secret === undefined) this.cipher.delete(id);
        else this.cipher.set(id, (await this.api.encryptStringAsync(secret)).toString('base64'));
        this.write();
      } catch (error) {
        this.warn(
          `the password of connection '${id}' could not be saved to the keychain ` +
            `(${error instanceof Error ? error.message : String(error)}); it is kept for this session`,
        );
      }
    });
  }

  private write(): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const data: SecretsFile = { version: 1, secrets: Object.fromEntries(this.cipher) };
    // Written beside and renamed over: a crash leaves the old file or the new, never half.
    // The new inode is created 0600, so a looser mode on the old file does not survive.
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
