/** The Api's report export (HTML, PDF, CSV, JSON), read through the Api itself. */
import type { Api } from '#shared/api.ts';
import type { ApiContext } from './context.ts';

/** `api` is the whole Api the report reads its experiments through (reports/source.ts). */
export function reportsApi({ store, printPdf }: ApiContext, api: () => Api): Pick<Api, 'exportReport'> {
  return {
    async exportReport(request) {
      // Loaded when first used: the report renderer brings ECharts' server-side renderer.
      const { exportReport, reportSource } = await import('../reports/index.ts');
      return exportReport(reportSource({ api: api(), store }), request, printPdf ? { printPdf } : {});
    },
  };
}
