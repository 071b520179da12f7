// Types for the bench and the tests, which build their own copies of the CLI bundle with the same options.
export declare function bundleCli(options?: { outdir?: string }): Promise<void>;
/** The file in the bundle that runs it: cli-loader.cjs with the build's id. */
export declare const CLI_LOADER: string;
/** esbuild's options for the CLI's ESM split, all but `outdir`. */
export declare function cliBuildOptions(): import('esbuild').BuildOptions & { readonly metafile: true };
