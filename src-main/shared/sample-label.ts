/**
 * Whether an agent's search result is in-sample: the agent was trained on the very table it
 * searches (identified by content, not by name), so its training already queried that
 * table's cells without the search budget counting them. Every agent number carries it.
 */
export const SAMPLE_LABELS = ['in-sample', 'held-out'] as const;
export type SampleLabel = (typeof SAMPLE_LABELS)[number];

/** A benchmark an agent was trained on: its name then, the checksum of its content, and how many distinct cells training queried on it. */
export interface TrainedOn {
  benchmark: string;
  contentSha256: string;
  cellsQueried: number | null;
}

/** `in-sample` when the searched table's content checksum is one of the training tables', else `held-out`. */
export function sampleLabel(trainedOn: readonly Pick<TrainedOn, 'contentSha256'>[], targetContentSha256: string): SampleLabel {
  return trainedOn.some((t) => t.contentSha256 === targetContentSha256) ? 'in-sample' : 'held-out';
}

/**
 * The label of several results shown as one (a searcher's mean line, a benchmark's tab, a
 * report group): in-sample as soon as one of them is, since a number that pools an in-sample
 * result is not held-out; null when none carries a label (no agent among them).
 */
export function combinedSample(labels: Iterable<SampleLabel | null | undefined>): SampleLabel | null {
  let combined: SampleLabel | null = null;
  for (const label of labels) {
    if (label === 'in-sample') return 'in-sample';
    if (label === 'held-out') combined = 'held-out';
  }
  return combined;
}

/** How tables print it: the label, and for in-sample the reason a reader must discount the number. */
export function describeSample(label: SampleLabel | null): string {
  if (label === null) return '';
  return label === 'in-sample' ? 'in-sample (trained on this table)' : 'held-out';
}

/** A searcher's name with its label beside it, as every table shows an agent's numbers: `agent [held-out]`. */
export function labelledSearcher(searcher: string, label: SampleLabel | null | undefined): string {
  return label ? `${searcher} [${label}]` : searcher;
}
