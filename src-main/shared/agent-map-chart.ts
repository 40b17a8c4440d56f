/**
 * The drawing of an agent's latent map, one ECharts option for the app (canvas) and the reports
 * (server-side SVG): the laid-out cells as points coloured by validation accuracy (viridis,
 * readable on light and dark backgrounds and for the common colour-vision deficiencies), the
 * agent's search runs as lines through the cells they evaluated, each start drawn larger.
 * Colours are set per point (no visual-map component), so both renderers draw the same picture
 * and the legend is plain text beside it.
 */
import type { AgentMap } from './agent-map.ts';

/** Viridis at five stops, low to high. */
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]] as const;

/** The trajectories' colours: warm and saturated, apart from the viridis points. */
export const TRAJECTORY_COLOURS = ['#e6194b', '#f58231', '#f032e6', '#ff6f91', '#c0392b', '#ffb000', '#d35400', '#9b59b6'] as const;

/** Where a dark background's scale starts on viridis: its darkest purples would vanish into the page. */
export const DARK_SCALE_START = 0.25;

/** Whether a #rrggbb background is dark (relative luminance under one half). */
export function isDarkBackground(colour: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  if (!m) return false;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16) / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 0.5;
}

/** A colour on the viridis scale for t in [0, 1] (clamped); on a dark background the scale starts at DARK_SCALE_START. */
export function accuracyColour(t: number, dark = false): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const x = (dark ? DARK_SCALE_START + (1 - DARK_SCALE_START) * clamped : clamped) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i]!, VIRIDIS[i + 1]!];
  const hex = (k: number): string => Math.round(a[k]! + (b[k]! - a[k]!) * f).toString(16).padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

export function trajectoryColour(index: number): string {
  return TRAJECTORY_COLOURS[index % TRAJECTORY_COLOURS.length]!;
}

/**
 * The colour scale's range in percent: from the 5th percentile of the sampled accuracies (NB201's
 * tail of untrainable cells near 10 % would otherwise squeeze every useful cell into one colour)
 * to the best.
 */
export function accuracyRange(map: AgentMap): { low: number; high: number } {
  const values = map.points.flatMap((p) => (p.valid === null ? [] : [p.valid * 100])).sort((a, b) => a - b);
  if (values.length === 0) return { low: 0, high: 100 };
  const low = values[Math.floor((values.length - 1) * 0.05)]!;
  const high = values.at(-1)!;
  return { low, high: high > low ? high : low + 1 };
}

export interface MapTheme {
  text: string;
  muted: string;
  /** The page's background: drawn behind each start so it stands out from the points. */
  background: string;
}

/** The chart's option (a plain object both ECharts renderers take). */
export function agentMapOption(map: AgentMap, theme: MapTheme, options: { symbolSize?: number } = {}): Record<string, unknown> {
  const { low, high } = accuracyRange(map);
  const dark = isDarkBackground(theme.background);
  const colour = (valid: number | null): string => (valid === null ? theme.muted : accuracyColour((valid * 100 - low) / (high - low), dark));
  const size = options.symbolSize ?? 4;
  const hidden = { show: false };
  return {
    grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: false },
    xAxis: { type: 'value', scale: true, axisLabel: hidden, axisTick: hidden, splitLine: hidden, axisLine: hidden },
    yAxis: { type: 'value', scale: true, axisLabel: hidden, axisTick: hidden, splitLine: hidden, axisLine: hidden },
    series: [
      {
        type: 'scatter',
        name: 'sampled cells',
        symbolSize: size,
        itemStyle: { opacity: 0.8 },
        // Best last, so good cells are drawn on top of the crowd.
        data: map.points
          .map((p, index) => ({ p, index }))
          .filter(({ p }) => p.sampled)
          .sort((a, b) => (a.p.valid ?? -1) - (b.p.valid ?? -1))
          .map(({ p, index }) => ({ value: [p.x, p.y, index], itemStyle: { color: colour(p.valid) } })),
        z: 1,
      },
      ...map.trajectories.map((t, i) => ({
        type: 'line',
        name: `run #${t.runId} (seed ${t.seed})`,
        color: trajectoryColour(i),
        lineStyle: { width: 1.2, opacity: 0.75 },
        symbol: 'circle',
        symbolSize: size + 1,
        z: 2 + i,
        data: t.cells.map((cell, step) => {
          const p = map.points[cell]!;
          return step === 0
            ? { value: [p.x, p.y, cell], symbol: 'diamond', symbolSize: size + 8, itemStyle: { color: trajectoryColour(i), borderColor: theme.background, borderWidth: 1.5 } }
            : { value: [p.x, p.y, cell], itemStyle: { color: trajectoryColour(i) } };
        }),
      })),
    ],
  };
}
