// Types for the bench and the tests, which run a bundle's load.cjs (a copy of cli-loader.cjs).
export declare function loadCli(bundleDir: string): {
  main: (argv: readonly string[]) => Promise<number>;
  saveCodeCache: () => void;
};
export declare function runCli(bundleDir: string, argv: readonly string[]): Promise<number>;
