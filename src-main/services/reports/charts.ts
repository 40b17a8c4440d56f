/**
 * Charts as inline SVG through ECharts' server-side renderer. ECharts numbers its SVG ids
 * and classes from a process-wide counter (`zr0-…`, `zr1-…`), so the same chart drawn
 * twice would differ and two charts in one page could share an id; `normaliseSvg` renames
 * them per chart, in order of appearance. Legends are HTML beside the chart: ECharts lays
 * out SVG text with estimated widths, which overlap once the viewer's font is wider.
 */
import { LineChart, ScatterChart, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, type GridComponentOption } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { MetricSeries } from '#shared/api.ts';
import type { AgentMap } from '#shared/agent-map.ts';
import { agentMapOption } from '#shared/agent-map-chart.ts';
import type { Histogram, WalkAutocorrelation } from '#shared/landscape.ts';
import type { ReportGroup, ReportRun } from './model.ts';

use([LineChart, ScatterChart, GridComponent, SVGRenderer]);

type Option = ComposeOption<LineSeriesOption | GridComponentOption>;

/** No quoted names: ECharts copies the family into a style attribute without escaping. */
export const FONT_STACK = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Noto Sans, Liberation Sans, sans-serif';
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;
/** Most points drawn per line; longer series are thinned (the JSON keeps every point). */
export const MAX_POINTS = 600;

export function colorAt(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** Renames ECharts' global ids/classes to `prefix-N` and drops its interaction-only attributes. */
export function normaliseSvg(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  return svg
    .replace(/\bzr\d+-[A-Za-z]+-?\d+\b/g, (token) => {
      let name = names.get(token);
      if (name === undefined) {
        name = `${prefix}-${names.size}`;
        names.set(token, name);
      }
      return name;
    })
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/<svg width="(\d+)" height="(\d+)"/, '<svg role="img" class="chart" width="$1" height="$2"');
}

/** One chart as normalised inline SVG (the sweep charts pass options of other series types). */
export function renderSvg(option: Option | Record<string, unknown>, width: number, height: number, prefix: string): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_STACK }, ...option });
    return normaliseSvg(chart.renderToSVGString(), prefix);
  } finally {
    chart.dispose();
  }
}

/** Indices to draw when a series has more than MAX_POINTS points: evenly spaced, always the last. */
function thin<T>(items: readonly T[]): T[] {
  if (items.length <= MAX_POINTS) return items.slice();
  const step = Math.ceil(items.length / MAX_POINTS);
  const out = items.filter((_, i) => i % step === 0);
  if ((items.length - 1) % step !== 0) out.push(items[items.length - 1]!);
  return out;
}

const axisCommon = {
  nameLocation: 'middle' as const,
  nameTextStyle: { color: '#333', fontSize: 12 },
  axisLabel: { color: '#444', fontSize: 11 },
  axisLine: { lineStyle: { color: '#888' } },
  splitLine: { lineStyle: { color: '#e6e6e6' } },
};

/** Mean incumbent test accuracy per group against queries, with a mean ± s.e. band. */
export function incumbentChart(groups: readonly ReportGroup[], options: { prefix: string; validRun?: ReportRun; width?: number; height?: number }): string {
  const width = options.width ?? 880;
  const height = options.height ?? 400;
  const series: LineSeriesOption[] = [];
  const maxQuery = Math.max(1, ...groups.map((g) => g.band.at(-1)?.query ?? 0));
  groups.forEach((group, i) => {
    const color = colorAt(i);
    const points = thin(group.band);
    const stack = `band-${i}`;
    const common = { type: 'line' as const, showSymbol: false, symbol: 'none', silent: true, animation: false };
    series.push({ ...common, name: `${group.label} lower`, stack, data: points.map((p) => [p.query, (p.mean - p.se) * 100]), lineStyle: { opacity: 0 } });
    series.push({
      ...common,
      name: `${group.label} band`,
      stack,
      data: points.map((p) => [p.query, p.se * 200]),
      lineStyle: { opacity: 0 },
      areaStyle: { color, opacity: 0.18 },
    });
    series.push({ ...common, name: group.label, data: points.map((p) => [p.query, p.mean * 100]), color, lineStyle: { color, width: 2 }, z: 3 });
  });
  if (options.validRun) {
    const run = options.validRun;
    series.push({
      type: 'line',
      name: 'incumbent validation accuracy',
      showSymbol: false,
      symbol: 'none',
      silent: true,
      data: thin(run.evaluations).map((e) => [e.query, e.incumbentValid * 100]),
      color: '#777777',
      lineStyle: { color: '#777777', width: 1.5, type: 'dashed' },
    });
  }
  return renderSvg(
    {
      color: [...PALETTE],
      grid: { left: 64, right: 24, top: 16, bottom: 56 },
      xAxis: { ...axisCommon, type: 'value', name: 'queries (distinct architectures evaluated)', nameGap: 30, min: 0, max: maxQuery },
      yAxis: { ...axisCommon, type: 'value', name: options.validRun ? 'incumbent accuracy (%)' : 'incumbent test accuracy (%)', nameGap: 46, scale: true },
      series,
    },
    width,
    height,
    options.prefix,
  );
}

/** One training metric against its step, one line per training run. */
export function metricChart(name: string, lines: readonly { label: string; series: MetricSeries }[], options: { prefix: string; width?: number; height?: number }): string {
  const width = options.width ?? 430;
  const height = options.height ?? 250;
  return renderSvg(
    {
      color: [...PALETTE],
      grid: { left: 64, right: 16, top: 14, bottom: 46 },
      xAxis: { ...axisCommon, type: 'value', name: 'step', nameGap: 26, scale: true },
      yAxis: { ...axisCommon, type: 'value', name, nameGap: 48, scale: true },
      series: lines.map((line, i) => ({
        type: 'line',
        name: line.label,
        showSymbol: false,
        symbol: 'none',
        silent: true,
        color: colorAt(i),
        lineStyle: { width: 1.5 },
        data: thin(line.series).map(([step, value]) => [step, value]),
      })),
    },
    width,
    height,
    options.prefix,
  );
}

/** A histogram as a filled step outline (each bin's count from its left to its right edge); `scale` multiplies x. */
export function histogramChart(h: Histogram, options: { prefix: string; xName: string; yName: string; scale?: number; color?: string; width?: number; height?: number }): string {
  const scale = options.scale ?? 1;
  const color = options.color ?? colorAt(0);
  const rows = h.counts.map((count, i) => [h.edges[i]! * scale, count]);
  if (h.counts.length > 0) rows.push([h.edges[h.edges.length - 1]! * scale, h.counts[h.counts.length - 1]!]);
  return renderSvg(
    {
      grid: { left: 64, right: 20, top: 14, bottom: 46 },
      xAxis: { ...axisCommon, type: 'value', name: options.xName, nameGap: 26, scale: true },
      yAxis: { ...axisCommon, type: 'value', name: options.yName, nameGap: 48, min: 0 },
      series: [{ type: 'line', step: 'end', showSymbol: false, symbol: 'none', silent: true, data: rows, color, lineStyle: { color, width: 1.5 }, areaStyle: { color, opacity: 0.25 } }],
    },
    options.width ?? 430,
    options.height ?? 240,
    options.prefix,
  );
}

/** Random-walk autocorrelation ρ(k) against the lag, one line per neighbourhood rule set. */
export function autocorrelationChart(walks: readonly WalkAutocorrelation[], options: { prefix: string; width?: number; height?: number }): string {
  return renderSvg(
    {
      grid: { left: 64, right: 20, top: 14, bottom: 46 },
      xAxis: { ...axisCommon, type: 'value', name: 'lag (steps)', nameGap: 26, min: 1, max: Math.max(2, ...walks.map((w) => w.rho.length)) },
      yAxis: { ...axisCommon, type: 'value', name: 'ρ', nameGap: 40, max: 1, scale: true },
      series: walks.map((w, i) => ({
        type: 'line',
        name: w.rules,
        symbol: 'circle',
        symbolSize: 5,
        silent: true,
        color: colorAt(i),
        lineStyle: { width: 1.5 },
        data: w.rho.flatMap((r, k) => (r === null ? [] : [[k + 1, r]])),
      })),
    },
    options.width ?? 430,
    options.height ?? 240,
    options.prefix,
  );
}

/** An agent's latent map (the app's drawing, shared/agent-map-chart.ts) on the report's white page. */
export function agentMapChart(map: AgentMap, options: { prefix: string; width?: number; height?: number }): string {
  return renderSvg(agentMapOption(map, { text: '#222', muted: '#888', background: '#ffffff' }, { symbolSize: 3 }), options.width ?? 640, options.height ?? 460, options.prefix);
}
