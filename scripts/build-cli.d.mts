// Types for the bench, which builds its own copy of the CLI bundle with the same options.
export declare function bundleCli(options?: { outdir?: string }): Promise<void>;
/** esbuild's options for the bundle, all but `outdir`. */
export declare function cliBuildOptions(): import('esbuild').BuildOptions & { readonly metafile: true };
