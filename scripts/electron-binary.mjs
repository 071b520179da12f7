// Where the Electron binary is, if it was ever downloaded. Reads node_modules/electron's
// path.txt and checks the file under dist/; never require('electron'), which would try to
// download it. (e2e/support/electron-binary.ts is the same check for Playwright.)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** The executable, or undefined when node_modules/electron has no binary. */
export function electronBinary(root = ROOT) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

export function electronVersion(root = ROOT) {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}
