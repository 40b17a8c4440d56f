/**
 * What crosses a transport for a failed Api call: the message (and code) meant for the user,
 * never a stack. Built-in error types (TypeError and kin) mean a bug on the server rather than
 * a user mistake: their text says nothing useful to the user, so they cross as `internal` and
 * the transport logs the stack where the operator sees it.
 */
import type { ApiErrorPayload } from './api.ts';

const PROGRAMMING_ERRORS = [TypeError, ReferenceError, RangeError, SyntaxError];

export function isProgrammingError(error: unknown): boolean {
  return !(error instanceof Error) || PROGRAMMING_ERRORS.some((type) => error instanceof type);
}

export function toApiErrorPayload(error: unknown, method: string): ApiErrorPayload {
  if (error instanceof Error && !isProgrammingError(error)) {
    const code = (error as { code?: unknown }).code;
    const message = error.message !== '' ? error.message : error.name;
    return typeof code === 'string' ? { message, code } : { message };
  }
  if (typeof error === 'string' && error !== '') return { message: error };
  if (!(error instanceof Error)) return { message: 'The operation failed for an unknown reason.' };
  return { code: 'internal', message: `${method} failed inside archwalk (${error.name}); the details are in the log` };
}
