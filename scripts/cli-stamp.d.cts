// Types for the tests of the CLI bundle's freshness check.
export declare const STAMP_FILE: string;
export declare function writeStamp(root: string, outdir: string, inputs: readonly string[], startedAt: number): void;
export declare function bundleIsCurrent(root: string, bundleDir: string): boolean;
