// Where connection passwords live. The Electron app stores them through safeStorage (the OS
// keychain); the bridge keeps them in memory for the session. Never in a file in clear,
// never in a log.
export interface SecretStore {
  readonly kind: 'keychain' | 'memory';
  get(id: string): string | undefined;
  set(id: string, secret: string): void;
  delete(id: string): void;
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly secrets = new Map<string, string>();
  get(id: string): string | undefined {
    return this.secrets.get(id);
  }
  set(id: string, secret: string): void {
    this.secrets.set(id, secret);
  }
  delete(id: string): void {
    this.secrets.delete(id);
  }
}
