/**
 * The sweep's charts in reports, as inline SVG like every report chart: the metric against one
 * swept parameter (mean over agents, the band from the lowest to the highest agent, each agent a
 * dot; log axis where the sweep's values are logarithmic), and parallel coordinates over every
 * swept parameter, one line per configuration coloured by the metric.
 */
import { ParallelChart, ScatterChart } from 'echarts/charts';
import { ParallelComponent, VisualMapContinuousComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { sensitivity, type SweepResults, type SweepTable } from '#shared/sweep-results.ts';
import { colorAt, renderSvg } from './charts.ts';

use([ParallelChart, ScatterChart, ParallelComponent, VisualMapContinuousComponent]);

const axisCommon = {
  nameLocation: 'middle' as const,
  nameTextStyle: { color: '#333', fontSize: 12 },
  axisLabel: { color: '#444', fontSize: 11 },
  axisLine: { lineStyle: { color: '#888' } },
  splitLine: { lineStyle: { color: '#e6e6e6' } },
};

/** Percent range of the values with a margin, so a flat line is not drawn in a 40–140 % frame. */
function range(values: number[]): { min: number; max: number } {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const margin = Math.max(0.25, (high - low) * 0.15);
  return { min: Math.floor((low - margin) * 4) / 4, max: Math.ceil((high + margin) * 4) / 4 };
}

export function sensitivitySvg(table: SweepTable, param: string, scale: 'log' | 'linear', budget: number, prefix: string): string {
  const points = sensitivity(table, param, budget).filter((p): p is typeof p & { value: number } => typeof p.value === 'number');
  if (points.length === 0) return '';
  const agents = table.rows.flatMap((row) => {
    const value = row.values[param];
    const cell = row.cells.find((c) => c.budget === budget);
    return typeof value === 'number' && cell ? cell.agentMeans.map((a) => [value, a.mean * 100]) : [];
  });
  const y = range([...points.flatMap((p) => [p.low * 100, p.high * 100])]);
  const color = colorAt(0);
  const line = { type: 'line' as const, silent: true, animation: false };
  return renderSvg(
    {
      grid: { left: 64, right: 20, top: 14, bottom: 50 },
      xAxis: { ...axisCommon, type: scale === 'log' ? 'log' : 'value', name: `${param}${scale === 'log' ? ' (log scale)' : ''}`, nameGap: 28, scale: true, ...(scale === 'log' ? { logBase: 10 } : {}) },
      yAxis: { ...axisCommon, type: 'value', name: 'accuracy (%)', nameGap: 46, min: y.min, max: y.max },
      series: [
        { ...line, name: 'lowest agent', showSymbol: false, data: points.map((p) => [p.value, p.low * 100]), stack: 'band', lineStyle: { opacity: 0 } },
        { ...line, name: 'band', showSymbol: false, data: points.map((p) => [p.value, (p.high - p.low) * 100]), stack: 'band', lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.18 } },
        { ...line, name: 'mean over agents', data: points.map((p) => [p.value, p.mean * 100]), color, lineStyle: { color, width: 2 }, symbolSize: 6 },
        { type: 'scatter', name: 'each agent', data: agents, color, symbolSize: 5, itemStyle: { opacity: 0.55 }, silent: true },
      ],
    },
    430,
    260,
    prefix,
  );
}

export function parallelSvg(results: SweepResults, table: SweepTable, budget: number, prefix: string): string {
  const rows = table.rows.flatMap((row) => {
    const cell = row.cells.find((c) => c.budget === budget);
    return cell && cell.summary.n > 0 ? [{ row, metric: cell.summary.mean * 100 }] : [];
  });
  if (rows.length === 0) return '';
  const metrics = rows.map((r) => r.metric);
  const y = range(metrics);
  const axes = results.axes.map((axis, dim) => {
    const values = results.configurations.map((c) => c.values[axis.param]);
    const numeric = values.every((v) => typeof v === 'number');
    return numeric
      ? { dim, name: axis.param, type: axis.scale === 'log' ? 'log' : 'value', ...(axis.scale === 'linear' ? { scale: true } : {}) }
      : { dim, name: axis.param, type: 'category', data: [...new Set(values.map(String))] };
  });
  return renderSvg(
    {
      parallel: { left: 40, right: 110, top: 40, bottom: 30 },
      parallelAxis: [...axes, { dim: axes.length, name: 'accuracy (%)', type: 'value', min: y.min, max: y.max }],
      visualMap: { type: 'continuous', min: Math.min(...metrics), max: Math.max(...metrics) === Math.min(...metrics) ? Math.min(...metrics) + 1 : Math.max(...metrics), dimension: axes.length, right: 4, top: 'middle', itemHeight: 150, text: [Math.max(...metrics).toFixed(2), Math.min(...metrics).toFixed(2)], inRange: { color: ['#4575b4', '#fee090', '#d73027'] } },
      series: [{ type: 'parallel', silent: true, lineStyle: { width: 2, opacity: 0.85 }, data: rows.map(({ row, metric }) => ({ name: row.label, value: [...results.axes.map((a) => row.values[a.param]), metric], ...(row.configuration === table.best ? { lineStyle: { width: 5, opacity: 1 } } : {}) })) }],
    },
    880,
    320,
    prefix,
  );
}
