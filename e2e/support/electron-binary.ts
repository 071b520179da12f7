// Where the Electron binary is, if it was ever downloaded. Never triggers a download.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function electronBinary(): string | undefined {
  const pkg = resolve('node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

export const ELECTRON_MISSING_REASON =
  'no Electron binary (node_modules/electron/path.txt and dist/ are absent; ' +
  'it cannot be downloaded on this machine): the electron project runs wherever a binary exists';
