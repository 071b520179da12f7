// Types for the tests of scripts/icons.mjs.
export declare const ICON_SOURCE: string;
export declare const PNG_SIZES: readonly number[];
export declare const ICO_SIZES: readonly number[];
export declare const ICNS_TYPES: readonly [string, number][];
export declare function icoFile(pngs: Map<number, Buffer>): Buffer;
export declare function icnsFile(images: readonly [string, Buffer][]): Buffer;
export declare function renderIcons(source?: string): Promise<Map<string, Buffer>>;
export declare function staleIcons(): Promise<string[]>;
