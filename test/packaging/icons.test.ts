// The committed icons are the SVG's, in the containers each OS reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, ICO_SIZES, icoFile, staleIcons } from '../../scripts/icons.mjs';
import { ROOT } from './builder-config.ts';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('the app icon', () => {
  it('is current with build/icon.svg (node scripts/icons.mjs regenerates it)', { timeout: 30_000 }, async () => {
    expect(await staleIcons()).toEqual([]);
  });

  it('has an ICO whose directory points at a PNG of each listed size', () => {
    const ico = readFileSync(join(ROOT, 'build', 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length]);
    ICO_SIZES.forEach((size, i) => {
      const at = 6 + 16 * i;
      expect(ico.readUInt8(at)).toBe(size === 256 ? 0 : size);
      const png = ico.subarray(ico.readUInt32LE(at + 12), ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8));
      expect(pngSize(png)).toEqual([size, size]);
    });
  });

  it('has an ICNS whose chunks are PNGs of their types’ sizes and add up to its length', () => {
    const icns = readFileSync(join(ROOT, 'build', 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const seen: [string, number][] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      const png = icns.subarray(at + 8, at + icns.readUInt32BE(at + 4));
      seen.push([icns.toString('latin1', at, at + 4), pngSize(png)[0]]);
    }
    expect(seen).toEqual(ICNS_TYPES);
  });

  it('writes 256 px as 0 in an ICO entry (one byte cannot hold it)', () => {
    const png = readFileSync(join(ROOT, 'build', 'icons', '256x256.png'));
    const ico = icoFile(new Map([[256, png]]));
    expect([ico.readUInt8(6), ico.readUInt8(7), ico.readUInt32LE(6 + 8), ico.readUInt32LE(6 + 12)]).toEqual([
      0,
      0,
      png.length,
      22,
    ]);
  });
});
