/**
 * One Api call as both transports (Electron's IPC, `archwalk serve`'s WebSocket) run it once
 * they know the method and have its argument list: check the arguments against the contract,
 * call the services, and turn a failure into what may cross (the user's message and code).
 * Each transport keeps only its own framing (request ids, the sender check).
 */
import { API_METHODS, type Api, type ApiErrorPayload, type ApiMethod } from './api.ts';
import { checkApiRequest } from './api-params.ts';
import { isProgrammingError, toApiErrorPayload } from './api-errors.ts';

export type ApiOutcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload };

/** Where a transport logs a bug's stack (a built-in error type), which never crosses to the client. */
export type ApiBugLog = (message: string, error: unknown) => void;

const KNOWN_METHODS: ReadonlySet<string> = new Set(API_METHODS);

export function isApiMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && KNOWN_METHODS.has(value);
}

export async function invokeApi(api: Api, method: ApiMethod, params: readonly unknown[], logBug: ApiBugLog): Promise<ApiOutcome> {
  const refusal = checkApiRequest(method, params);
  if (refusal) return { ok: false, error: refusal };
  try {
    const call = api[method] as (...args: unknown[]) => Promise<unknown>;
    return { ok: true, result: await call.apply(api, [...params]) };
  } catch (error) {
    if (isProgrammingError(error)) logBug(`Api method ${method} failed`, error);
    return { ok: false, error: toApiErrorPayload(error, method) };
  }
}
