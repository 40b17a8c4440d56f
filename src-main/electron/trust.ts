/**
 * Which pages count as the app's own renderer. Every IPC call and every push is
 * gated on this, so it is a pure function of the URL and where the renderer lives.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RendererLocation {
  /** Absolute path of the built renderer folder (out/renderer). */
  rendererDir: string;
  /** The electron-vite dev server (ELECTRON_RENDERER_URL), when running `electron-vite dev`. */
  devServerUrl?: string | undefined;
}

/** The dev server's origin, or null when there is none or it is not http(s). */
export function devServerOrigin(devServerUrl: string | undefined): string | null {
  if (devServerUrl === undefined || devServerUrl === '') return null;
  try {
    const url = new URL(devServerUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * True for a file:// URL of a file inside the built renderer folder, or for any URL
 * on the dev server's origin. Everything else (other origins, other files on disk,
 * about:blank, data:, malformed URLs) is untrusted.
 */
export function isTrustedRendererUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    // A host in a file URL names a network share: never the app's own files.
    if (parsed.host !== '' && parsed.host !== 'localhost') return false;
    let path: string;
    try {
      // Throws on encoded separators (%2F), so they cannot smuggle a traversal.
      path = fileURLToPath(parsed);
    } catch {
      return false;
    }
    const inside = relative(location.rendererDir, path);
    return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
  }
  const origin = devServerOrigin(location.devServerUrl);
  return origin !== null && parsed.origin === origin;
}

/** The part of an IPC event the sender check reads. */
export interface SenderEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

/** The URL of the frame behind an IPC event, or null when the frame is gone. */
export function senderUrl(event: SenderEventLike): string | null {
  try {
    // senderFrame is null, or throws on access, once the frame navigated or was destroyed.
    const frame = event.senderFrame;
    return frame === null || frame === undefined ? null : frame.url;
  } catch {
    return null;
  }
}
