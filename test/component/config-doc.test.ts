import { describe, expect, test } from 'vitest';
import { validateExperimentConfig } from '#shared/config.ts';
import { appendTo, fieldValue, issuesAt, localIssues, parseConfigText, parseSeedsText, removeAt, setPath } from '../../src-renderer/src/lib/config-doc.ts';
import { configToYaml } from '../../src-renderer/src/lib/config-yaml.ts';
import { TEMPLATES } from '../../src-renderer/src/lib/templates.ts';

const TEXT = [
  '# my study',
  'name: study',
  'benchmark: nb201-cifar10',
  'budget: 150   # queries per run',
  'seeds: 20',
  'searchers:',
  '  - kind: random-search',
  '  - kind: regularized-evolution',
  '    population: 30',
  '',
].join('\n');

function doc(text: string) {
  const parsed = parseConfigText(text);
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return parsed.doc;
}

describe('YAML ⇄ form', () => {
  test('a form edit changes one value and keeps the comments and the rest', () => {
    const next = setPath(doc(TEXT), ['budget'], 300);
    expect(next).toContain('# my study');
    expect(next).toMatch(/^budget: 300 +# queries per run$/m);
    const parsed = parseConfigText(next);
    expect(parsed.ok && parsed.value).toMatchObject({ budget: 300, seeds: 20, searchers: [{ kind: 'random-search' }, { kind: 'regularized-evolution', population: 30 }] });
  });

  test('nested fields, lists and removal', () => {
    let text = setPath(doc(TEXT), ['searchers', 1, 'sampleSize'], 10);
    expect(text).toMatch(/population: 30\n\s+sampleSize: 10/);
    text = appendTo(doc(text), ['searchers'], { kind: 'local-search', init: 5 });
    text = removeAt(doc(text), ['searchers'], 0);
    const parsed = parseConfigText(text);
    expect(parsed.ok && (parsed.value as { searchers: unknown[] }).searchers).toEqual([
      { kind: 'regularized-evolution', population: 30, sampleSize: 10 },
      { kind: 'local-search', init: 5 },
    ]);
    // Seed lists are written on one line.
    expect(setPath(doc(text), ['seeds'], [0, 1, 2])).toMatch(/^seeds: \[ ?0, 1, 2 ?\]$/m);
  });

  test('clearing the last override removes the emptied block', () => {
    const agent = 'kind: train-agent\nname: t\nbenchmark: b\nagent:\n  name: w\n  hyper:\n    gamma: 0.9\n  budget:\n    minutes: 1\n';
    const text = setPath(doc(agent), ['agent', 'hyper', 'gamma'], undefined);
    expect(text).not.toContain('hyper');
    expect(text).toContain('minutes: 1');
  });

  test('typed text becomes numbers where it is one, and stays text (for the validator to name) where not', () => {
    expect(fieldValue('150', 'integer')).toBe(150);
    expect(fieldValue('1e3', 'number')).toBe(1000);
    expect(fieldValue('abc', 'integer')).toBe('abc');
    expect(fieldValue('', 'integer')).toBeUndefined();
    expect(parseSeedsText('20')).toBe(20);
    expect(parseSeedsText('0, 1, 2')).toEqual([0, 1, 2]);
    expect(parseSeedsText('[3 4]')).toEqual([3, 4]);
  });

  test('field-level messages while typing come from the shared schema, by path', () => {
    const bad = setPath(doc(TEXT), ['searchers', 1, 'population'], 'abc');
    const issues = localIssues(parseConfigText(bad));
    expect(issuesAt(issues, 'searchers[1].population')[0]?.message).toMatch(/searchers\[1\]\.population must be an integer, got "abc"/);
    expect(issuesAt(issues, 'budget')).toHaveLength(0);
    const broken = localIssues(parseConfigText('name: [unclosed\n'));
    expect(broken[0]?.path).toBe('(syntax)');
    expect(parseConfigText('name: [unclosed\n').ok).toBe(false);
  });
});

describe('clone and templates', () => {
  test('a stored config printed back as YAML validates to the same config', () => {
    const original = validateExperimentConfig({
      name: 'x',
      benchmark: 'b',
      budget: 40,
      seeds: [3, 5],
      queryDelayMs: 10,
      searchers: [{ kind: 'local-search', init: 4 }, { kind: 'random-search', label: 'rs' }],
    });
    expect(original.ok).toBe(true);
    if (!original.ok) return;
    const again = validateExperimentConfig(parseYamlValue(configToYaml(original.config)));
    expect(again).toEqual(original);
    const training = validateExperimentConfig({ kind: 'train-agent', name: 't', benchmark: 'b', seeds: 2, agent: { name: 'w', hyper: { gamma: 0.9 }, budget: { minutes: 1.5, envSteps: 100 } } });
    expect(training.ok).toBe(true);
    if (!training.ok) return;
    expect(validateExperimentConfig(parseYamlValue(configToYaml(training.config)))).toEqual(training);
    expect(configToYaml(training.config, 'copy')).toMatch(/^name: copy$/m);
  });

  test('every template is a valid config by the shared schema', () => {
    const benchmarks = [{ id: 1, name: 'nb201-cifar10', kind: 'nb201', space: 'nb201', size: 15625, sourcePath: '', sourceSha256: '', bestValid: 0.9, bestTest: 0.9, createdAt: '' }];
    for (const t of TEMPLATES) {
      const text = t.build({ benchmarks, agents: [], agent: 'walker' });
      const result = validateExperimentConfig(parseYamlValue(text));
      expect(result.ok, `${t.key}: ${JSON.stringify(result)}`).toBe(true);
    }
    const paper = TEMPLATES.find((t) => t.key === 'paper-nb101')!;
    const text = paper.build({ benchmarks, agents: [] });
    expect(text).toMatch(/benchmark: nb101 +# not registered yet/);
    expect(paper.next?.(text)).toMatchObject({ template: 'compare-agent', agent: 'paper-nb101' });
  });
});

function parseYamlValue(text: string): unknown {
  const parsed = parseConfigText(text);
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return parsed.value;
}
