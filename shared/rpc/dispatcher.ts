// createDispatcher: the contract's methods bound to handlers. Exhaustive at compile time
// (a missing handler does not build); every input is validated before a handler sees it,
// and every failure comes back as a typed error, never as a thrown exception. In tests and
// development builds every output is parsed against the contract too, and so is every event
// (checkedEmit): an answer the contract does not allow is an 'internal' error there, not a
// surprise in the renderer. Production builds skip that work.
import { ApiFailure, type ApiError, type Result } from '../api/error-codes.ts';
import {
  contract,
  events,
  type EventName,
  type EventReply,
  type Method,
  type ParsedInput,
  type Reply,
} from '../api/contract.ts';

export type Handlers = { readonly [M in Method]: (input: ParsedInput<M>) => Promise<Reply<M>> };

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;

/**
 * Defined by the bundler (scripts/contract-checks.mjs): false in a production build, true in
 * a development build. Run from source (tsx, vitest) nothing defines it, and checks are on.
 */
declare const STRATA_CONTRACT_CHECKS: boolean | undefined;

/** Whether outputs and events are parsed against the contract unless a caller says otherwise. */
export const CONTRACT_CHECKS: boolean = typeof STRATA_CONTRACT_CHECKS === 'boolean' ? STRATA_CONTRACT_CHECKS : true;

function isMethod(method: string): method is Method {
  return Object.prototype.hasOwnProperty.call(contract, method);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure)
    return {
      code: error.code,
      message: error.message,
      ...(error.details !== undefined ? { details: error.details } : {}),
    };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function describeIssues(issues: readonly Issue[], root: string): string[] {
  return issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : root}: ${i.message}`);
}

/** A value the contract does not allow where it was checked: a bug of ours, named with where it is wrong. */
export class ContractViolation extends Error {
  constructor(
    readonly what: string,
    readonly issues: readonly string[],
  ) {
    super(`${what} does not match the contract: ${issues.join('; ')}`);
    this.name = 'ContractViolation';
  }
}

export interface DispatcherOptions {
  /** Parse every output against the contract (default: CONTRACT_CHECKS). */
  readonly checkOutputs?: boolean;
  /** Told of every failure that is not an ApiFailure: a crash, or an output the contract does not allow. */
  readonly onInternalError?: (method: string, error: unknown) => void;
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  const checkOutputs = options.checkOutputs ?? CONTRACT_CHECKS;
  return async (method, input) => {
    if (!isMethod(method))
      return { ok: false, error: { code: 'unknown-method', message: `unknown method '${method}'` } };
    const spec = contract[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = describeIssues(parsed.error.issues, 'input');
      return {
        ok: false,
        error: { code: 'invalid-input', message: `invalid input for ${method}: ${issues.join('; ')}`, details: issues },
      };
    }
    let value: unknown;
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>;
      value = await handler(parsed.data);
    } catch (error) {
      if (!(error instanceof ApiFailure)) options.onInternalError?.(method, error);
      return { ok: false, error: toApiError(error) };
    }
    if (checkOutputs) {
      // Checked, not transformed: what goes out is the handler's value, as in production.
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        const violation = new ContractViolation(
          `the output of ${method}`,
          describeIssues(checked.error.issues, 'output'),
        );
        options.onInternalError?.(method, violation);
        return { ok: false, error: { code: 'internal', message: violation.message } };
      }
    }
    return { ok: true, value };
  };
}

export type Emit = <E extends EventName>(event: E, payload: EventReply<E>) => void;

export interface EmitOptions {
  /** Parse every payload against the contract (default: CONTRACT_CHECKS). */
  readonly check?: boolean;
  /** Told of a payload the contract does not allow; that payload is not sent. */
  readonly onViolation: (violation: ContractViolation) => void;
}

/** `emit`, with each payload parsed against the contract's events first when checks are on. */
export function checkedEmit(emit: Emit, options: EmitOptions): Emit {
  if (!(options.check ?? CONTRACT_CHECKS)) return emit;
  return (event, payload) => {
    const checked = events[event].safeParse(payload);
    if (!checked.success) {
      options.onViolation(
        new ContractViolation(`the payload of event ${event}`, describeIssues(checked.error.issues, 'payload')),
      );
      return;
    }
    emit(event, payload);
  };
}
