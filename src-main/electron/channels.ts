/**
 * The IPC channels between the preload bridge and the main process, and the
 * envelope an invoke reply travels in.
 *
 * Replies are envelopes rather than thrown errors because Electron rewrites an
 * error thrown by an `ipcMain.handle` handler into "Error invoking remote method
 * …: Error: …" (and logs its stack); with an envelope the preload can reject with
 * exactly the message the services meant for the user.
 */
import type { ApiErrorPayload } from '#shared/api.ts';

export const INVOKE_CHANNEL = 'archwalk:invoke';
export const PUSH_CHANNEL = 'archwalk:push';
/** The desktop's own file dialog, for picking a benchmark file or folder to import. */
export const PICK_PATH_CHANNEL = 'archwalk:pick-path';

export interface PickPathOptions {
  title?: string;
  /** Pick a folder instead of a file (e.g. an exported NB301 XGBoost ensemble). */
  directory?: boolean;
  filters?: { name: string; extensions: string[] }[];
}

export type InvokeReply =
  | { ok: true; result: unknown }
  | { ok: false; error: ApiErrorPayload };
