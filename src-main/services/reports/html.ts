/**
 * The HTML report: one self-contained file. No scripts, no external resources (a CSP
 * forbids any), styles inline, the system font stack, charts and cells as inline SVG.
 * Every string from data goes through escapeHtml. Print CSS paginates it for the PDF.
 */
import type { MetricSeries } from '#shared/api.ts';
import { combinedSample, labelledSearcher } from '#shared/sample-label.ts';
import { cellMarkup, opLegend } from './cells.ts';
import { accuracyColour, accuracyRange, trajectoryColour } from '#shared/agent-map-chart.ts';
import { agentMapChart, autocorrelationChart, colorAt, FONT_STACK, histogramChart, incumbentChart, metricChart } from './charts.ts';
import { parallelSvg, sensitivitySvg } from './sweep-charts.ts';
import { escapeHtml as e } from './escape.ts';
import type { ReportGroup, ReportModel, ReportRun } from './model.ts';

/** Training metrics shown first, in this order; others follow alphabetically. */
const METRIC_ORDER = ['episode_return', 'loss', 'mean_q', 'td_error', 'epsilon', 'replay_size'];

const pct = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : (v * 100).toFixed(digits));

function meanSe(mean: number | null, se: number | null, n: number): string {
  if (mean === null || n === 0) return '—';
  return n > 1 ? `${pct(mean)} ± ${pct(se)}` : pct(mean);
}

function dateTime(iso: string | null): string {
  return iso === null ? '—' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function duration(start: string | null, end: string | null): string {
  if (!start || !end) return '—';
  const s = Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000);
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** JSON indented by two, with arrays of plain values on one line (seed lists, matrix rows). */
export function prettyJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
    const inner = `${indent}  `;
    return `[\n${value.map((v) => `${inner}${prettyJson(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `1–10, 12` for run ids. */
function idRanges(ids: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${ids[i]}–${ids[j]}` : ids.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

/** Headers ending in `#` are numeric columns (right-aligned, tabular figures); the `#` is not shown. */
function table(headers: string[], rows: string[][], className = ''): string {
  const numeric = headers.map((h) => h.endsWith('#'));
  const cls = (i: number): string => (numeric[i] ? ' class="num"' : '');
  return (
    `<table${className ? ` class="${className}"` : ''}><thead><tr>${headers.map((h, i) => `<th${cls(i)}>${h.replace(/#$/, '')}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`
  );
}

/** A chart legend in HTML: a line sample in each series' colour, then its label. */
function legend(items: { label: string; color: string; dashed?: boolean }[]): string {
  return `<div class="legend">${items
    .map((i) => `<span class="legend-item"><span class="line" style="border-top-color:${i.color}${i.dashed ? ';border-top-style:dashed' : ''}"></span>${e(i.label)}</span>`)
    .join('')}</div>`;
}

function swatch(index: number): string {
  return `<span class="swatch" style="background:${colorAt(index)}"></span>`;
}

function summarySection(model: ReportModel): string {
  const search = model.runs.filter((r) => r.group !== null);
  const facts: [string, string][] = [
    ['Benchmark', model.benchmarks.map((b) => `${e(b.name)}${b.space ? ` (${e(b.space)})` : ''}`).join(', ') || '—'],
    ['Experiments', model.experiments.map((x) => `${e(x.name)} <span class="muted">(exp:${x.id}${x.included === 'some' ? ', selected runs' : ''})</span>`).join(', ')],
    // In a report on several benchmarks each searcher is named once here (its groups are per benchmark).
    ['Searchers', (new Set(model.groups.map((g) => g.benchmark)).size > 1 ? [...new Set(model.groups.map((g) => g.label))].map(e).join(', ') : model.groups.map((g, i) => `${swatch(i)}${e(g.label)}`).join(' ')) || '—'],
    ['Runs', `${model.runs.length}${search.length !== model.runs.length ? ` (${search.length} searches, ${model.runs.length - search.length} agent training)` : ''}`],
    ['Seeds', [...new Set(model.runs.map((r) => r.seed))].sort((a, b) => a - b).join(', ') || '—'],
    ['Query budget', [...new Set(model.groups.map((g) => g.budget))].join(', ') || '—'],
  ];
  const notes = model.notes.length ? `<div class="notes">${model.notes.map((n) => `<p>${e(n)}</p>`).join('')}</div>` : '';
  return `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${notes}`;
}

/** What a benchmark is to the agents searching it: held-out, in-sample, or (no agents) nothing. */
function sampleMark(groups: readonly ReportGroup[]): string {
  const labels = [...new Set(groups.map((g) => g.sample).filter((s) => s !== null))];
  if (labels.length === 0) return '';
  return ` <span class="sample ${combinedSample(labels)}">${labels.map((l) => (l === 'in-sample' ? 'in-sample: the agent was trained on this table' : 'held-out: the agent never saw this table')).join('; ')}</span>`;
}

function resultsSection(model: ReportModel): string {
  if (model.groups.length === 0) return '';
  const benchmarks = [...new Set(model.groups.map((g) => g.benchmark))];
  if (benchmarks.length === 1) return `<section id="results">${resultsBlock(model, model.groups, 'incumbent', `<h2>Incumbent test accuracy${sampleMark(model.groups)}</h2>`)}</section>`;
  // One chart and one table per benchmark: numbers of different tables are never averaged or drawn together.
  const blocks = benchmarks.map((benchmark, k) => {
    const groups = model.groups.filter((g) => g.benchmark === benchmark);
    return `<div class="benchmark-results">${resultsBlock(model, groups, `incumbent-${k}`, `<h3>On ${e(benchmark)}${sampleMark(groups)}</h3>`)}</div>`;
  });
  return `<section id="results"><h2>Incumbent test accuracy, by benchmark</h2>\n${blocks.join('\n')}</section>`;
}

/** Spearman's ρ to each training table and top-1 % coverage, for every agent and table it searched. */
function transferSection(model: ReportModel): string {
  if (model.transfer.length === 0) return '';
  const rows = model.transfer.map((t) => [
    e(t.agent),
    e(t.target),
    `<span class="sample ${t.sample}">${e(t.sample)}</span>`,
    t.spearman.map((s) => `${e(s.source)}: ${s.rho === null ? '—' : s.rho.toFixed(3)}`).join('<br>'),
    t.topVisited === null ? '—' : `${t.topVisited} / ${t.topCells} (${((100 * t.topVisited) / Math.max(1, t.topCells)).toFixed(1)} %)`,
  ]);
  return `<section id="transfer"><h2>How hard each transfer was</h2>
${table(['Agent', 'Searched', 'Label', 'Spearman ρ of validation accuracy to each training table', 'Top-1 % cells its training queried'], rows)}
<p class="caption">ρ over the cells both tables hold: 1 means the tables rank cells identically, so a walk learnt on one serves the other. In-sample numbers come from the table the agent was trained on; its training queried the cells counted in the last column without the search budget counting them.</p>
</section>`;
}

/** A number to 3 significant figures, small ones in exponent form (rewards are often ~1e-4). */
function sig(x: number): string {
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(1) : String(Number(x.toPrecision(3)));
}

/** Per benchmark: the accuracy distribution beside the shaped reward for each α, random-walk autocorrelation, neighbourhood sizes. */
function landscapeSection(model: ReportModel): string {
  if (model.landscapes.length === 0) return '';
  const blocks = model.landscapes.map((l, k) => {
    const a = l.analysis;
    const middle = a.reward.byAlpha[Math.floor((a.reward.byAlpha.length - 1) / 2)]!;
    const rewardRows = a.reward.byAlpha.map((r) => [String(r.alpha), sig(r.stats.mean), sig(r.stats.sd), sig(r.stats.quantiles.p5), sig(r.stats.quantiles.p50), sig(r.stats.quantiles.p95), `${(r.nearZero * 100).toFixed(1)} %`]);
    const walkRows = a.autocorrelation.map((w) => [
      e(w.rules),
      ...w.rho.slice(0, 5).map((r) => (r === null ? '—' : r.toFixed(3))),
      w.rho.length >= 10 && w.rho[9] !== null ? w.rho[9]!.toFixed(3) : '—',
      w.correlationLength === null ? '—' : w.correlationLength.toFixed(2),
      `${w.walks} × ${Math.round(w.points / Math.max(1, w.walks))}`,
    ]);
    const sizes = a.neighbourhoods.map((n) => `${e(n.rules)}: ${n.stats.min === n.stats.max ? `always ${n.stats.min}` : `${n.stats.min}–${n.stats.max} (mean ${n.stats.mean.toFixed(1)}, median ${n.stats.quantiles.p50})`}`).join('; ');
    const accuracyOf = a.accuracy.source === 'table' ? `all ${a.accuracy.stats.n.toLocaleString('en-US')} cells of the table` : `${a.accuracy.stats.n.toLocaleString('en-US')} sampled architectures`;
    return `<div class="landscape"><h3>${e(l.benchmark)}</h3>
<div class="chart-row"><figure>${histogramChart(a.accuracy.histogram, { prefix: `land-${k}-acc`, xName: 'validation accuracy (%)', yName: 'architectures', scale: 100 })}<figcaption>Validation accuracy of ${accuracyOf}: median ${(a.accuracy.stats.quantiles.p50 * 100).toFixed(2)} %, best ${(a.accuracy.stats.max * 100).toFixed(2)} %.</figcaption></figure>
<figure>${histogramChart(middle.histogram, { prefix: `land-${k}-reward`, xName: `shaped reward r, α = ${middle.alpha}`, yName: 'pairs', color: colorAt(1) })}<figcaption>Shaped reward r = e<sup>α(acc′−1)</sup> − e<sup>α(acc−1)</sup> at α = ${middle.alpha} over ${a.reward.pairs.toLocaleString('en-US')} random (architecture, paper-rules neighbour) pairs; every α in the table below.</figcaption></figure></div>
${table(['α#', 'mean#', 's.d.#', '5th pct#', 'median#', '95th pct#', '|r| &lt; 0.001#'], rewardRows)}
<div class="chart-row"><figure>${autocorrelationChart(a.autocorrelation, { prefix: `land-${k}-rho` })}${legend(a.autocorrelation.map((w, i) => ({ label: `${w.rules} rules`, color: colorAt(i) })))}<figcaption>Autocorrelation of validation accuracy along random walks, by lag.</figcaption></figure>
<p class="caption">Neighbourhood sizes over ${a.params.samples.toLocaleString('en-US')} sampled architectures — ${sizes}.<br>Correlation length: −1 / ln ρ(1), the steps until the correlation falls by a factor e. Seed ${a.params.seed}; computed ${e(dateTime(l.computedAt))}.</p></div>
${table(['Rules', 'ρ(1)#', 'ρ(2)#', 'ρ(3)#', 'ρ(4)#', 'ρ(5)#', 'ρ(10)#', 'Corr. length#', 'Walks × points#'], walkRows)}
</div>`;
  });
  return `<section id="landscapes" class="page"><h2>Benchmark landscapes</h2>
<p class="caption">Properties of the benchmarks, not of any search (no agent is involved): where the accuracy mass lies, how the agent's shaped reward spreads the steps between neighbours for each α, and how smooth a walk over the neighbour graph is.</p>
${blocks.join('\n')}</section>`;
}

/** Per agent of the report's searches: its latent map with its trajectories, and what each trajectory found. */
function agentMapSection(model: ReportModel): string {
  if (model.agentMaps.length === 0) return '';
  const blocks = model.agentMaps.map((m, k) => {
    const map = m.map;
    const sampled = map.points.filter((p) => p.sampled).length;
    const { low, high } = accuracyRange(map);
    const rows = map.trajectories.map((t, i) => {
      const valid = t.cells.map((cell) => map.points[cell]!.valid ?? -Infinity);
      const best = Math.max(...valid);
      return [`<span class="swatch" style="background:${trajectoryColour(i)}"></span>run #${t.runId}`, String(t.seed), String(t.cells.length), `${(best * 100).toFixed(2)} %`, String(valid.indexOf(best) + 1)];
    });
    const scale = [0, 0.25, 0.5, 0.75, 1].map((t) => `${accuracyColour(t)} ${t * 100}%`).join(', ');
    return `<div class="agent-map"><h3>${e(m.agent.name)} on ${e(m.benchmark)}</h3>
<figure>${agentMapChart(map, { prefix: `map-${k}` })}<figcaption><span class="scale" style="background: linear-gradient(to right, ${scale})"></span> validation accuracy ${low.toFixed(1)} % to ${high.toFixed(1)} % (below the 5th percentile: the lowest colour). ${sampled.toLocaleString('en-US')} sampled cells and ${(map.points.length - sampled).toLocaleString('en-US')} more the searches visited; latent ${map.latentDim} → 2-D by UMAP (${map.params.nNeighbors} neighbours, min. distance ${map.params.minDist}, ${map.params.epochs} epochs, seed ${map.params.seed}); each search a line from its diamond start. Neighbour agreement (Pearson r of a cell's accuracy with its 10 nearest on the map): ${map.neighbourAgreement === null ? '—' : map.neighbourAgreement.toFixed(3)}. Computed ${e(dateTime(m.computedAt))}.</figcaption></figure>
${rows.length ? table(['Trajectory', 'Seed#', 'Queries#', 'Best validation#', 'Found at query#'], rows) : '<p class="caption">No search of this agent on its training table had finished: no trajectory is drawn.</p>'}
</div>`;
  });
  return `<section id="agent-maps" class="page"><h2>Agents' latent maps</h2>
<p class="caption">Each agent's network's latent of sampled cells of its training table (the state with neighbours drawn as in a walk, before the dueling head), laid out in two dimensions by UMAP and coloured by validation accuracy, with the agent's own searches on that table drawn through the cells they evaluated. The JSON export holds every point's coordinates.</p>
${blocks.join('\n')}</section>`;
}

function resultsBlock(model: ReportModel, groups: readonly ReportGroup[], prefix: string, heading: string): string {
  const validRun = model.scope === 'run' ? model.runs.find((r) => r.group !== null) : undefined;
  const chart = incumbentChart(groups, { prefix, ...(validRun ? { validRun } : {}) });
  const headers = ['Searcher', 'Runs#', ...model.budgets.map((b) => `@${b}#`), 'Best valid#', 'Best test#'];
  const rows = groups.map((g, i) => {
    const top = g.best[0];
    return [
      `<span class="nowrap">${swatch(i)}${e(g.label)}</span>`,
      String(g.runIds.length),
      ...g.atBudgets.map((c) => `${meanSe(c.mean, c.se, c.n)}${c.n !== g.runIds.length && c.n > 0 ? ` <span class="muted">(n=${c.n})</span>` : ''}`),
      top ? pct(top.valid) : '—',
      top ? pct(top.test) : '—',
    ];
  });
  return `${heading}
<p class="caption">${
    validRun
      ? 'Test (solid) and validation (dashed) accuracy of the incumbent, the architecture with the best validation accuracy so far, after each query.'
      : `${e(model.metric)}. Shaded: mean ± 1 standard error over seeds.`
  }</p>
<figure class="chart-figure">${legend([
    ...groups.map((g, i) => ({ label: validRun ? `${g.label}: test` : g.label, color: colorAt(i) })),
    ...(validRun ? [{ label: `${validRun.searcher}: validation`, color: '#777777', dashed: true }] : []),
  ])}${chart}</figure>
<h3>At chosen budgets (test accuracy %${validRun ? '' : ', mean ± s.e. over seeds'})</h3>
${table(headers, rows)}
<p class="caption">${e(model.budgetRule)} (n is shown when fewer than all.) “Best” is the best architecture by validation accuracy any run of the searcher found, and its test accuracy.</p>`;
}

/** Each sweep: per evaluation table, one row per configuration (the best marked), the baselines, a sensitivity chart per swept number and parallel coordinates. */
function sweepSection(model: ReportModel): string {
  if (model.sweeps.length === 0) return '';
  const blocks = model.sweeps.flatMap((sweep, s) =>
    sweep.results.tables.map((t, k) => {
      const { results } = sweep;
      const budget = results.bestAt;
      const headers = [...results.axes.map((a) => `${e(a.param)}#`), ...results.budgets.map((b) => `@${b}#`), `Agents @${budget}#`, 'Trained#', 'Training s#', 'Env steps#', 'Cells queried#'];
      const round = (v: number | null): string => (v === null ? '—' : String(Math.round(v)));
      const rows = t.rows.map((row) => {
        const mark = row.configuration === t.best ? ' <strong>(best)</strong>' : '';
        return [
          ...results.axes.map((a, i) => `${e(String(row.values[a.param]))}${i === 0 ? mark : ''}`),
          ...row.cells.map((c) => `${meanSe(c.summary.n ? c.summary.mean : null, c.summary.n ? c.summary.se : null, c.summary.n)} <span class="muted">(n=${c.summary.n})</span>`),
          row.cells.find((c) => c.budget === budget)?.agentMeans.map((a) => pct(a.mean, 1)).join(', ') || '—',
          `${row.training.trained} / ${row.training.planned}`,
          round(row.training.seconds),
          round(row.training.envSteps),
          round(row.training.cellsQueried),
        ];
      });
      const baselines = t.baselines.map((b) => [
        `${e(b.searcher)} (baseline)`,
        ...results.axes.slice(1).map(() => ''),
        ...b.cells.map((c) => `${meanSe(c.summary.n ? c.summary.mean : null, c.summary.n ? c.summary.se : null, c.summary.n)} <span class="muted">(n=${c.summary.n})</span>`),
        '', '', '', '', '',
      ]);
      const prefix = `sweep-${s}-${k}`;
      const charts = results.axes
        .filter((a) => results.configurations.every((c) => typeof c.values[a.param] === 'number'))
        .map((a, i) => `<figure class="chart-figure"><figcaption>${e(a.param)} at ${budget} queries${a.scale === 'log' ? ' (log axis)' : ''}: mean over agents, band from the lowest to the highest agent, each agent a dot</figcaption>${sensitivitySvg(t, a.param, a.scale, budget, `${prefix}-s${i}`)}</figure>`);
      const sample = t.sample ? ` <span class="sample ${t.sample}">${t.sample === 'in-sample' ? 'in-sample: the agents were trained on this table' : 'held-out: the agents never saw this table'}</span>` : '';
      return `<h3>${e(sweep.name)} (exp:${sweep.experimentId}) on ${e(t.benchmark)}${sample}</h3>
<p class="caption">Incumbent ${results.metric === 'test' ? 'test' : 'validation'} accuracy %, mean ± s.e. over every evaluation run of a configuration's agents (training seeds × search seeds); “Agents” is each trained agent's own mean. The best configuration is the highest mean at ${budget} queries.</p>
${table(headers, [...rows, ...baselines])}
<div class="metric-grid">${charts.join('')}</div>
<figure class="chart-figure"><figcaption>All swept parameters: one line per configuration, coloured by accuracy at ${budget} queries (the best is thickest)</figcaption>${parallelSvg(results, t, budget, `${prefix}-p`)}</figure>`;
    }),
  );
  return `<section id="sweeps" class="page"><h2>Hyperparameter sweep</h2>
${blocks.join('\n')}
<p class="caption">${e(model.budgetRule)}</p></section>`;
}

function metricNames(runs: ReportRun[]): string[] {
  const names = new Set<string>();
  for (const r of runs) for (const name of Object.keys(r.metrics)) names.add(name);
  return [...names].sort((a, b) => {
    const ia = METRIC_ORDER.indexOf(a);
    const ib = METRIC_ORDER.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

function trainingSection(model: ReportModel): string {
  const training = model.runs.filter((r) => Object.keys(r.metrics).length > 0);
  if (training.length === 0) return '';
  const charts = metricNames(training).map((name, i) => {
    const lines: { label: string; series: MetricSeries }[] = training
      .filter((r) => r.metrics[name]?.length)
      .map((r) => ({ label: `run ${r.id} · seed ${r.seed}`, series: r.metrics[name]! }));
    const key = legend(lines.map((l, k) => ({ label: l.label, color: colorAt(k) })));
    return `<figure class="metric-figure"><figcaption>${e(name)}</figcaption>${key}${metricChart(name, lines, { prefix: `metric${i}` })}</figure>`;
  });
  const rows = training.map((r) => {
    const config = r.config.kind === 'train-agent' ? r.config : null;
    return [
      String(r.id),
      e(r.searcher),
      String(r.seed),
      e(r.status),
      config ? e(config.agentName) : '—',
      config ? e(config.preset) : '—',
      e(Object.entries(r.metrics).map(([k, v]) => `${k}: ${v.length}`).join(', ')),
    ];
  });
  return `<section id="training" class="page"><h2>Agent training</h2>
<p class="caption">Metrics streamed by each training run against its step (long series are thinned to at most 600 drawn points; the JSON report has every point).</p>
<div class="metric-grid">${charts.join('')}</div>
${table(['Run#', 'Label', 'Seed#', 'Status', 'Agent', 'Preset', 'Points'], rows)}
</section>`;
}

function bestSection(model: ReportModel): string {
  const groups = model.groups.filter((g) => g.best.length > 0);
  if (groups.length === 0) return '';
  const legend = opLegend([...new Set(groups.map((g) => g.space))]);
  const several = new Set(groups.map((g) => g.benchmark)).size > 1;
  const blocks = groups.map((g: ReportGroup) => {
    const i = model.groups.indexOf(g);
    const cards = g.best.map((b, rank) => {
      const found = b.foundBy.map((f) => `run ${f.runId} (seed ${f.seed}, query ${f.query})`).join(', ');
      return `<div class="cell-card">
<div class="cell-drawing">${cellMarkup(b.space, b.arch)}</div>
<dl class="cell-metrics"><dt>Rank</dt><dd>${rank + 1} of ${g.best.length}</dd>
<dt>Validation</dt><dd>${pct(b.valid)} %</dd><dt>Test</dt><dd>${pct(b.test)} %</dd>
<dt>Best of</dt><dd>${b.foundBy.length} of ${g.runIds.length} runs: ${e(found)}</dd>
<dt>Hash</dt><dd class="hash">${e(b.hash)}</dd></dl></div>`;
    });
    return `<h3>${swatch(i)}${e(g.label)}${several ? ` <span class="muted">on ${e(g.benchmark)}</span>` : ''}</h3><div class="cells">${cards.join('')}</div>`;
  });
  return `<section id="best" class="page"><h2>Best architectures found</h2>
<p class="caption">For each searcher, the distinct architectures its runs ended with as incumbent (best validation accuracy), best first.${legend ? ` Operations: ${legend}` : ''}</p>
${blocks.join('\n')}
</section>`;
}

/** Per benchmark: which operations the best distinct architectures share, as bars against all evaluated (the app's architecture insight). */
function operationsSection(model: ReportModel): string {
  if (model.operationShares.length === 0) return '';
  const blocks = model.operationShares.map((o) => {
    const max = Math.max(0.01, ...o.shares.flatMap((s) => [s.top, s.all]));
    const bar = (share: number, cls: string): string => `<span class="op-bar ${cls}" style="width:${((share / max) * 60).toFixed(1)}%"></span>${pct(share)} %`;
    const rows = o.shares.map((s) => [e(s.op), bar(s.top, 'top'), bar(s.all, 'all'), s.all > 0 ? `${(s.top / s.all).toFixed(2)}×` : '—']);
    return `<h3>${e(o.benchmark)} <span class="muted">${o.distinct.toLocaleString('en-US')} distinct architectures of ${o.evaluations.toLocaleString('en-US')} evaluations</span></h3>
${table(['Operation', `Share of the best ${o.k}`, 'Share of all', 'Ratio#'], rows, 'op-shares')}`;
  });
  return `<section id="operations" class="page"><h2>Operations among the best architectures</h2>
<p class="caption">Each operation's share of the cell slots (an NB101 vertex, an NB201 or NB301 edge) among the best distinct architectures by validation accuracy, against its share among every distinct architecture the searches evaluated; a ratio above 1 is what the good cells have in common.</p>
${blocks.join('\n')}
</section>`;
}

function runsSection(model: ReportModel): string {
  const rows = model.runs.map((r) => [
    String(r.id),
    String(r.experimentId),
    e(labelledSearcher(r.searcher, r.sample)),
    e(r.benchmark),
    String(r.seed),
    e(r.status),
    r.group !== null ? `${r.queries} / ${r.budget}` : '—',
    pct(r.best?.valid),
    pct(r.best?.test),
    r.best ? String(r.best.query) : '—',
  ]);
  const errors = model.runs.filter((r) => r.error).map((r) => `<p><strong>Run ${r.id}:</strong></p><pre class="error">${e(r.error)}</pre>`);
  return `<section id="runs" class="page"><h2>Runs</h2>
${table(['Run#', 'Exp#', 'Searcher', 'Benchmark', 'Seed#', 'Status', 'Queries#', 'Best valid %#', 'Best test %#', 'Found at query#'], rows)}
${errors.join('\n')}
</section>`;
}

function provenanceSection(model: ReportModel): string {
  const benchmarkRows = model.benchmarks.map((b) => [
    e(b.name),
    e(b.kind ?? '—'),
    e(b.space ?? '—'),
    e(b.dataset ?? '—'),
    b.epochs === null ? '—' : String(b.epochs),
    b.size === null ? '—' : String(b.size),
    e(b.sourceFile ?? '—'),
    `<span class="hash">${e(b.sourceSha256 ?? '—')}</span>`,
  ]);
  const experimentRows = model.experiments.map((x) => [
    String(x.id),
    e(x.name),
    e(x.kind),
    e(x.status),
    `<span class="hash">${e(x.configHash)}</span>`,
    dateTime(x.createdAt),
    dateTime(x.finishedAt),
  ]);
  const registered = new Map(model.benchmarks.map((b) => [b.name, b.sourceSha256]));
  // The full checksum is in the benchmarks table; a run repeats it only when it differs.
  const benchmarkOf = (r: ReportRun): string => {
    const name = (r.config as { benchmark?: string }).benchmark ?? '';
    const sha = r.provenance.benchmarkSha256;
    if (sha === null) return '—';
    return sha === registered.get(name) ? `${e(name)} <span class="muted">(as registered)</span>` : `${e(name)} <span class="hash">${e(sha)}</span>`;
  };
  const runRows = model.runs.map((r) => [
    String(r.id),
    e(r.searcher),
    String(r.provenance.seed),
    `<span class="hash">${e(r.provenance.configHash)}</span>`,
    e(r.provenance.appVersion),
    e([r.provenance.mlBackend ?? '—', r.provenance.device].filter((v) => v !== null && v !== undefined).join(' · ')),
    benchmarkOf(r),
    dateTime(r.startedAt),
    dateTime(r.finishedAt),
    duration(r.startedAt, r.finishedAt),
  ]);
  return `<section id="provenance" class="page"><h2>Provenance</h2>
<h3>Benchmarks</h3>
${table(['Name', 'Kind', 'Space', 'Dataset', 'Epochs#', 'Architectures#', 'Source file', 'Source SHA-256'], benchmarkRows)}
<h3>Experiments</h3>
${table(['Exp#', 'Name', 'Kind', 'Status', 'Config SHA-256', 'Created', 'Finished'], experimentRows)}
<h3>Runs</h3>
${table(['Run#', 'Searcher', 'Seed#', 'Config SHA-256', 'App', 'ML backend · device', 'Benchmark', 'Started', 'Finished', 'Took'], runRows, 'provenance')}
</section>`;
}

/** Run configs that differ only in their seed are shown once, with the seeds listed. */
function configsSection(model: ReportModel): string {
  const experiments = model.experiments.map(
    (x) => `<h3>Experiment ${x.id}: ${e(x.name)}</h3><p class="caption">Config SHA-256 <span class="hash">${e(x.configHash)}</span></p><pre class="config">${e(prettyJson(x.config))}</pre>`,
  );
  const distinct = new Map<string, { runs: ReportRun[]; config: unknown }>();
  for (const run of model.runs) {
    const { seed: _seed, ...rest } = run.config as unknown as { seed: number } & Record<string, unknown>;
    const key = JSON.stringify(rest);
    const entry = distinct.get(key);
    if (entry) entry.runs.push(run);
    else distinct.set(key, { runs: [run], config: { ...rest, seed: '(per run)' } });
  }
  const runConfigs = [...distinct.values()].map(({ runs, config }) => {
    const what = runs.length === 1 ? `Run ${runs[0]!.id}` : `Runs ${idRanges(runs.map((r) => r.id))}`;
    const seeds = runs.map((r) => `run ${r.id}: seed ${r.seed}`).join(' · ');
    return `<h3>${e(what)} (${e(runs[0]!.searcher)})</h3><p class="caption">${e(seeds)}</p><pre class="config">${e(prettyJson(config))}</pre>`;
  });
  return `<section id="configs" class="page"><h2>Resolved configs</h2>
${experiments.join('\n')}
<h3 class="sub">Run configs</h3>
${runConfigs.join('\n')}
</section>`;
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: ${FONT_STACK}; color: #1d1d1f; background: #ffffff; margin: 0; line-height: 1.45; font-size: 14px; }
main { max-width: 1000px; margin: 0 auto; padding: 28px 32px 48px; }
header { border-bottom: 2px solid #1d1d1f; margin-bottom: 18px; padding-bottom: 10px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #d0d0d0; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.subtitle, .muted, .caption { color: #5a5a5f; }
.sample { font-size: 0.75em; font-weight: 600; padding: 0.1em 0.45em; border-radius: 0.3em; white-space: nowrap; vertical-align: middle; }
.sample.in-sample { background: #fbe3c2; color: #6b3b00; }
.sample.held-out { background: #d7ecd9; color: #124d1b; }
.caption { font-size: 12.5px; margin: 4px 0 10px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 10px 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.notes { border-left: 4px solid #d9a400; background: #fff8e1; padding: 6px 12px; margin: 10px 0; font-size: 13px; }
.notes p { margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12.5px; }
th, td { border-bottom: 1px solid #e2e2e2; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f6; font-weight: 600; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.provenance { font-size: 11px; }
.hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, Liberation Mono, monospace; font-size: 10.5px; word-break: break-all; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.op { white-space: nowrap; margin-right: 8px; }
.nowrap { white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; justify-content: center; gap: 2px 18px; font-size: 12.5px; margin: 4px 0 2px; }
.legend-item { white-space: nowrap; }
.legend .line { display: inline-block; width: 22px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 6px; }
figure { margin: 8px 0; }
svg.chart { width: 100%; height: auto; display: block; }
.metric-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px 18px; }
.metric-figure figcaption { font-weight: 600; font-size: 13px; }
.landscape .chart-row { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px 18px; align-items: start; }
.landscape figure { margin: 0; }
.agent-map figure { margin: 0; }
.agent-map .scale { display: inline-block; width: 120px; height: 9px; vertical-align: middle; border-radius: 2px; }
.landscape figcaption { font-size: 12px; color: #5a5a5f; }
.cells { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.op-shares .op-bar { display: inline-block; height: 9px; margin-right: 6px; vertical-align: middle; border-radius: 2px; }
.op-shares .op-bar.top { background: #2f6fb3; }
.op-shares .op-bar.all { background: #8a8a92; }
.cell-card { border: 1px solid #dcdce0; border-radius: 8px; padding: 10px; break-inside: avoid; }
.cell-drawing svg { width: 100%; height: auto; max-height: 220px; display: block; }
dl.cell-metrics { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 8px 0 0; font-size: 12px; }
dl.cell-metrics dt { color: #5a5a5f; }
dl.cell-metrics dd { margin: 0; }
pre { background: #f6f6f8; border: 1px solid #e2e2e6; border-radius: 6px; padding: 8px 10px; font-size: 11px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
pre.error { border-color: #e0a0a0; background: #fff3f3; }
footer { margin-top: 32px; font-size: 11.5px; color: #5a5a5f; border-top: 1px solid #d0d0d0; padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font-family: ${FONT_STACK}; font-size: 9px; color: #666666; } }
@media print {
  body { font-size: 11.5px; }
  main { max-width: none; padding: 0; }
  section.page { break-before: page; }
  h2, h3 { break-after: avoid; }
  figure, tr, .cell-card, dl.cell-metrics { break-inside: avoid; }
  thead { display: table-header-group; }
  pre { white-space: pre-wrap; overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;

/** The whole report as one HTML document. */
export function renderHtml(model: ReportModel): string {
  const sections = [
    `<section id="summary"><h2>Summary</h2>${summarySection(model)}</section>`,
    resultsSection(model),
    transferSection(model),
    sweepSection(model),
    landscapeSection(model),
    agentMapSection(model),
    trainingSection(model),
    bestSection(model),
    operationsSection(model),
    runsSection(model),
    provenanceSection(model),
    configsSection(model),
  ].filter((s) => s !== '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="archwalk ${e(model.generator.version)}">
<title>${e(model.title)} — archwalk report</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${e(model.title)}</h1>
<div class="subtitle">archwalk report · ${e(model.scope)} of ${e(model.targets.join(' '))} · generated <time data-generated>${e(model.generatedAt)}</time> by archwalk ${e(model.generator.version)}</div>
</header>
${sections.join('\n')}
<footer>Schema ${e(model.schema)}. Accuracies in percent. Hashes: SHA-256 of the canonical config (configs), of the imported source file (benchmarks); architecture hashes as the search space defines them.</footer>
</main>
</body>
</html>
`;
}
