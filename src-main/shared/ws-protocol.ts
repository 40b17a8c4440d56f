/**
 * The wire format of the Api over WebSocket (`archwalk serve`).
 *
 * Client → server: `{ id, method, params }` where params is the method's argument list.
 * Server → client: `{ id, result }` or `{ id, error: { message, code? } }` for a request,
 * and `{ push: PushEvent }` for subscription events (every connection is subscribed).
 * The socket lives at `/api`; when the server is not bound to loopback the client must
 * pass `?token=…` (printed by `archwalk serve`).
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
  | { id: number; error: ApiErrorPayload }
  | { push: PushEvent };
