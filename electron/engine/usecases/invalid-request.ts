// The one engine error a door needs before any engine code runs: the CLI's usage errors are
// of this class (electron/cli/exit-codes.ts), and the CLI's start-up (`strata --version`, a
// mistyped option) loads nothing of the engine for it. errors.ts re-exports it.

/** A request that cannot be carried out as asked: its arguments, not the project or the database. */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}
