// Types for the tests, which check every worker is built beside the bundle that starts it.
export declare const WORKER_ENTRIES: Readonly<Record<string, string>>;
