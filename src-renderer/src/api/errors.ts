/** An Api call that failed; the message is meant for the user. */
export class ApiError extends Error {
  readonly code: string | undefined;
  readonly method: string;

  constructor(method: string, message: string, code?: string) {
    super(message);
    this.name = 'ApiError';
    this.method = method;
    this.code = code;
  }
}

/** The text to show for anything thrown by an Api call or a store action. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Unknown error';
}
