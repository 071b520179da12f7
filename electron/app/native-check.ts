// A native addon built for another ABI (better-sqlite3 compiled for Node, loaded by
// Electron, or the other way round) fails with a loader error on the first database
// query, deep in a worker. At start-up the main process loads it once and, when that fails,
// says which module, built for which ABI, and the command that fixes it, instead of a crash
// later. No Electron here: the tests run it under Node with real addons.

export type NativeProblemKind = 'wrong-abi' | 'missing' | 'unloadable';

export interface NativeModuleProblem {
  readonly module: string;
  readonly kind: NativeProblemKind;
  /** NODE_MODULE_VERSION the addon was compiled for, and the one this runtime needs. */
  readonly builtFor?: number;
  readonly required?: number;
  /** The loader's own words, first line. */
  readonly detail: string;
  readonly fix: string;
}

const ABI_MISMATCH = /NODE_MODULE_VERSION\s+(\d+)\.[\s\S]*?requires\s+NODE_MODULE_VERSION\s+(\d+)/;

/** What a failed load of `module` means, from the error its loader threw. */
export function nativeLoadProblem(module: string, error: unknown, fix: string): NativeModuleProblem {
  const message = error instanceof Error ? error.message : String(error);
  const detail = message.split('\n')[0] ?? message;
  const abi = ABI_MISMATCH.exec(message);
  if (abi) return { module, kind: 'wrong-abi', builtFor: Number(abi[1]), required: Number(abi[2]), detail, fix };
  const code = (error as { code?: unknown } | null)?.code;
  const missing = code === 'MODULE_NOT_FOUND' || /Could not locate the bindings file|Cannot find module/.test(message);
  return { module, kind: missing ? 'missing' : 'unloadable', detail, fix };
}

/** Runs `load`; undefined when it worked, else the problem. */
export function checkNativeModule(module: string, load: () => void, fix: string): NativeModuleProblem | undefined {
  try {
    load();
    return undefined;
  } catch (error) {
    return nativeLoadProblem(module, error, fix);
  }
}

/**
 * The command that puts the right build in place: from a checkout, the Electron build beside
 * node_modules' Node build; a package with the wrong one was built wrongly, so: build it again.
 */
export function sqliteFixCommand(packaged: boolean): string {
  return packaged ? 'npm run dist' : 'node scripts/electron-native.mjs --force';
}

/** Title and text for the log and the dialog. */
export function nativeProblemMessage(problem: NativeModuleProblem): { readonly title: string; readonly text: string } {
  const what =
    problem.kind === 'wrong-abi'
      ? `${problem.module} was compiled for another runtime ` +
        `(NODE_MODULE_VERSION ${problem.builtFor}; this one needs ${problem.required})`
      : problem.kind === 'missing'
        ? `${problem.module}'s native addon is missing`
        : `${problem.module}'s native addon could not be loaded`;
  return {
    title: `${problem.module} cannot load: SQLite connections will fail`,
    text: `${what}. PostgreSQL connections are not affected.\nFix: ${problem.fix}\n(${problem.detail})`,
  };
}
