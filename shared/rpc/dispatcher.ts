// createDispatcher: the contract's methods bound to handlers. Exhaustive at compile time
// (a missing handler does not build); every input is validated before a handler sees it,
// and every failure comes back as a typed error, never as a thrown exception.
import { ApiFailure, type ApiError, type Result } from '../api/errors.ts';
import { contract, type Method, type ParsedInput, type Reply } from '../api/contract.ts';

export type Handlers = { readonly [M in Method]: (input: ParsedInput<M>) => Promise<Reply<M>> };

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;

function isMethod(method: string): method is Method {
  return Object.prototype.hasOwnProperty.call(contract, method);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) return { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function createDispatcher(handlers: Handlers, onInternalError?: (method: string, error: unknown) => void): Dispatch {
  return async (method, input) => {
    if (!isMethod(method)) return { ok: false, error: { code: 'unknown-method', message: `unknown method '${method}'` } };
    const spec = contract[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'input'}: ${i.message}`);
      return { ok: false, error: { code: 'invalid-input', message: `invalid input for ${method}: ${issues.join('; ')}`, details: issues } };
    }
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (!(error instanceof ApiFailure)) onInternalError?.(method, error);
      return { ok: false, error: toApiError(error) };
    }
  };
}
