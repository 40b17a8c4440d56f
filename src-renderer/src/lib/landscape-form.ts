/**
 * The analysis view's parameter fields: α values typed as a list, whole numbers within the
 * Api's bounds (shared/landscape.ts LANDSCAPE_LIMITS). Each problem names its field.
 */
import { LANDSCAPE_LIMITS, type LandscapeParams } from '#shared/landscape.ts';

export type CountField = Exclude<keyof LandscapeParams, 'alphas'>;

export const COUNT_FIELD_LABELS: Record<CountField, string> = {
  samples: 'samples',
  pairs: 'reward pairs',
  walks: 'walks',
  walkSteps: 'steps per walk',
  maxLag: 'largest lag',
  bins: 'bins',
  seed: 'seed',
};

export function parseAlphas(text: string): { alphas: number[] } | { error: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const { min, max, maxItems } = LANDSCAPE_LIMITS.alphas;
  if (parts.length === 0) return { error: 'α values: give at least one, e.g. 1, 10, 50' };
  if (parts.length > maxItems) return { error: `α values: at most ${maxItems}, got ${parts.length}` };
  const alphas: number[] = [];
  for (const part of parts) {
    const value = Number(part);
    if (!Number.isFinite(value) || value < min || value > max) return { error: `α values: "${part}" is not a number from ${min} to ${max}` };
    if (alphas.includes(value)) return { error: `α values: ${value} is listed twice` };
    alphas.push(value);
  }
  return { alphas };
}

export function countProblem(field: CountField, value: number): string | null {
  const { min, max } = LANDSCAPE_LIMITS[field];
  return Number.isInteger(value) && value >= min && value <= max ? null : `${COUNT_FIELD_LABELS[field]}: a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
}
