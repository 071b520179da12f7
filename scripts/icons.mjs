#!/usr/bin/env node
// The app icon in every size an installer asks for, from one source: build/icon.svg.
//   build/icons/<N>x<N>.png  Linux (electron-builder takes the folder), N = 16 … 1024
//   build/icon.icns          macOS: PNG entries of the Apple icon family
//   build/icon.ico           Windows: PNG entries (Vista and later read them), 16 … 256
// The outputs are committed, so packaging needs no SVG renderer; rerun this after editing
// the SVG (`node scripts/icons.mjs`; `--check` only reports whether the committed files are
// current, which a test does too). @resvg/resvg-js renders without fonts or a browser, the
// same bytes on every machine.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './electron-binary.mjs';

export const ICON_SOURCE = join(ROOT, 'build', 'icon.svg');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** Apple's PNG icon types and their pixel sizes (the @2x types repeat a size). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** @param {string} svg @param {number} size @returns {Promise<Buffer>} */
async function renderPng(svg, size) {
  const { Resvg } = await import('@resvg/resvg-js');
  return Buffer.from(
    new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng(),
  );
}

/** An ICO file: a 6-byte header, a 16-byte entry per image, then the PNGs. @param {Map<number, Buffer>} pngs */
export function icoFile(pngs) {
  const entries = [...pngs.entries()];
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type 1: icon
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(([size, png], i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...entries.map(([, png]) => png)]);
}

/**
 * An ICNS file: 'icns' and the total length, then per image a type, its length and the PNG.
 * @param {[string, Buffer][]} images
 */
export function icnsFile(images) {
  const chunks = images.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

/** Every output file, path → bytes, rendered from the SVG. @returns {Promise<Map<string, Buffer>>} */
export async function renderIcons(source = ICON_SOURCE) {
  const svg = readFileSync(source, 'utf8');
  const pngs = new Map();
  for (const size of PNG_SIZES) pngs.set(size, await renderPng(svg, size));
  const pick = (size) => pngs.get(size);
  const files = new Map();
  for (const size of PNG_SIZES) files.set(join(ROOT, 'build', 'icons', `${size}x${size}.png`), pick(size));
  files.set(join(ROOT, 'build', 'icon.ico'), icoFile(new Map(ICO_SIZES.map((s) => [s, pick(s)]))));
  files.set(join(ROOT, 'build', 'icon.icns'), icnsFile(ICNS_TYPES.map(([type, size]) => [type, pick(size)])));
  return files;
}

/** The committed outputs that differ from a fresh render (missing ones included). */
export async function staleIcons() {
  const stale = [];
  for (const [path, bytes] of await renderIcons()) {
    let current;
    try {
      current = readFileSync(path);
    } catch {
      current = undefined;
    }
    if (!current || !current.equals(bytes)) stale.push(relative(ROOT, path));
  }
  return stale;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--check')) {
    const stale = await staleIcons();
    if (stale.length > 0) {
      console.error(`icons: out of date with build/icon.svg: ${stale.join(', ')} (run node scripts/icons.mjs)`);
      process.exitCode = 1;
    } else console.error('icons: current');
  } else {
    for (const [path, bytes] of await renderIcons()) {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, bytes);
    }
    console.error(`icons: wrote build/icons/*.png (${PNG_SIZES.join(', ')}), build/icon.icns, build/icon.ico`);
  }
}
