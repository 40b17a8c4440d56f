/**
 * The wire format of the Api over WebSocket (`archwalk serve`).
 *
 * Client → server: `{ id, method, params }` where params is the method's argument list.
 * Server → client: `{ id, result }` or `{ id, error: { message, code? } }` for a request
 * (`id: null` when the request was not JSON or had no numeric id: `code: 'bad-request'`),
 * and `{ push: PushEvent }` for subscription events (every connection is subscribed).
 * The socket lives at `/api`; the client passes the token `archwalk serve` printed
 * (`?token=…`, or the cookie the page got with it).
 */
import type { ApiErrorPayload, ApiMethod, PushEvent } from './api.ts';

export const WS_PATH = '/api';

export interface WsRequest {
  id: number;
  method: ApiMethod;
  params: unknown[];
}

export type WsResponse =
  | { id: number; result: unknown }
  | { id: number | null; error: ApiErrorPayload }
  | { push: PushEvent };
