/**
 * A component's own ECharts instance on a host element: created when mounted, resized with its
 * host, drawn again when the system theme changes (options read the theme's CSS variables) and
 * disposed with the component. `draw` sets the whole option; call the returned redraw when the
 * data changes.
 */
import { init, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { onBeforeUnmount, onMounted, type Ref } from 'vue';

/** A CSS variable of the page's theme (a chart's text and line colours). */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** What a click on a chart's data element reports (ECharts' event, the fields used here). */
export interface ChartClick {
  seriesIndex?: number;
  dataIndex?: number;
}

export function useChartHost(host: Ref<HTMLDivElement | null>, option: () => EChartsCoreOption, events: { onClick?: (click: ChartClick) => void } = {}): () => void {
  let chart: EChartsType | null = null;
  let media: MediaQueryList | null = null;
  let resizeObserver: ResizeObserver | null = null;
  const draw = (): void => {
    chart?.setOption(option(), true);
  };
  onMounted(() => {
    if (!host.value) return;
    chart = init(host.value, null, { renderer: 'canvas' });
    if (events.onClick) {
      const onClick = events.onClick;
      chart.on('click', (params) => onClick(params as ChartClick));
    }
    resizeObserver = new ResizeObserver(() => requestAnimationFrame(() => chart?.resize()));
    resizeObserver.observe(host.value);
    media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', draw);
    draw();
  });
  onBeforeUnmount(() => {
    resizeObserver?.disconnect();
    media?.removeEventListener('change', draw);
    chart?.dispose();
    chart = null;
  });
  return draw;
}
