/**
 * Parts of the app that load when first shown (the chart library, the config editor) come from
 * the server as separate files. If the server is unreachable at that moment the import fails; a
 * bare defineAsyncComponent would then stay blank for good, even after the connection is back.
 * These try again once the connection is open; a second failure reloads the page, since the
 * browser keeps a failed module import and answers every later import of it with the same
 * failure (the view's settings are in the address, so the reload shows the same view). If a
 * reload for this reason happened moments ago, a message with a Reload button is shown instead.
 */
import { defineAsyncComponent, watch, type Component } from 'vue';
import LoadFailed from '../components/LoadFailed.vue';
import { useConnectionStore } from '../stores/connection.ts';

const RELOADED_AT = 'archwalk.lazyReloadAt';
const RELOAD_PAUSE_MS = 30_000;

/** Reloads the page unless it was reloaded for this reason moments ago (a file that is really missing would loop). */
function reloadOnce(): boolean {
  const last = Number(sessionStorage.getItem(RELOADED_AT) ?? '0');
  if (Date.now() - last < RELOAD_PAUSE_MS) return false;
  sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  window.location.reload();
  return true;
}

/** Resolves when the connection to the services is open. */
function connectionOpen(): Promise<void> {
  const connection = useConnectionStore();
  if (connection.state.status === 'open') return Promise.resolve();
  return new Promise((resolve) => {
    const stop = watch(
      () => connection.state.status,
      (status) => {
        if (status !== 'open') return;
        stop();
        resolve();
      },
    );
  });
}

export function lazyComponent(loader: () => Promise<Component | { default: Component }>): Component {
  let failed = false;
  return defineAsyncComponent({
    // With the preload error handled (below), Vite's import wrapper resolves to nothing instead of
    // rejecting; that is a failure here too, or the view would render blank.
    loader: async () => {
      const loaded = await loader();
      if (!loaded) {
        failed = true;
        throw new Error('a part of the app could not be fetched');
      }
      // Loaded again after a failure: its stylesheets were fetched with it, so the reload offer is withdrawn.
      if (failed) useConnectionStore().assetsFailed = null;
      return loaded;
    },
    errorComponent: LoadFailed,
    onError(_error, retry, fail, attempts) {
      void connectionOpen().then(() => {
        if (attempts <= 1) setTimeout(retry, 300);
        else if (!reloadOnce()) fail();
      });
    },
  });
}

/** ECharts is most of the bundle; it loads with the first chart, not with the app. */
export const SeriesChart = lazyComponent(() => import('../components/SeriesChart.vue'));

/**
 * Vite reports a stylesheet or script of a lazily loaded part that could not be fetched as a
 * `vite:preloadError` event, and throws it (an uncaught "Unable to preload CSS") unless the
 * event is handled. It is handled here: the shell offers a reload, as styles may be missing.
 */
export function handlePreloadErrors(target: Pick<Window, 'addEventListener'>, onFailure: (message: string) => void): void {
  target.addEventListener('vite:preloadError', (event) => {
    event.preventDefault();
    const payload = (event as Event & { payload?: unknown }).payload;
    onFailure(payload instanceof Error ? payload.message : 'a part of the app could not be loaded');
  });
}
