// Types for the bench, which builds its own copy of the CLI bundle with the same options.
export declare function bundleCli(options?: { outdir?: string }): Promise<void>;
