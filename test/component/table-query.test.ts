import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import SortHeader from '../../src-renderer/src/components/SortHeader.vue';
import { filterRows, formatSort, nextSort, parseFilter, parseSort, sortRows, tableRows, type SortState, type TableColumn } from '../../src-renderer/src/lib/table-query.ts';

interface Row {
  id: number;
  searcher: string;
  seed: number;
  status: string;
  test: number | null;
}
const ROWS: Row[] = [
  { id: 1, searcher: 'random-search', seed: 0, status: 'succeeded', test: 91.1 },
  { id: 2, searcher: 'local-search', seed: 10, status: 'failed', test: null },
  { id: 3, searcher: 'local-search', seed: 2, status: 'succeeded', test: 93.4 },
  { id: 4, searcher: 'run-10', seed: 1, status: 'running', test: 91.1 },
  { id: 5, searcher: 'run-2', seed: 3, status: 'queued', test: null },
];
const COLUMNS: TableColumn<Row>[] = [
  { key: 'run', label: 'Run', value: (r) => r.id, text: (r) => `#${r.id}` },
  { key: 'searcher', label: 'Searcher', value: (r) => r.searcher },
  { key: 'seed', label: 'Seed', value: (r) => r.seed },
  { key: 'status', label: 'Status', value: (r) => r.status },
  { key: 'test', label: 'Best test', value: (r) => r.test },
];
const ids = (rows: Row[]): number[] => rows.map((r) => r.id);

describe('sorting', () => {
  test('numbers as numbers, high first when descending; rows without a value last both ways; ties keep their order', () => {
    expect(ids(sortRows(ROWS, COLUMNS, { key: 'test', dir: 'desc' }))).toEqual([3, 1, 4, 2, 5]);
    expect(ids(sortRows(ROWS, COLUMNS, { key: 'test', dir: 'asc' }))).toEqual([1, 4, 3, 2, 5]);
    expect(ids(sortRows(ROWS, COLUMNS, { key: 'seed', dir: 'asc' }))).toEqual([1, 4, 3, 5, 2]);
  });
  test('text in natural order (run-2 before run-10), any case', () => {
    expect(ids(sortRows(ROWS, COLUMNS, { key: 'searcher', dir: 'asc' }))).toEqual([2, 3, 1, 5, 4]);
  });
  test('no sort, or an unknown column, keeps the incoming order and copies the array', () => {
    const same = sortRows(ROWS, COLUMNS, null);
    expect(ids(same)).toEqual([1, 2, 3, 4, 5]);
    expect(same).not.toBe(ROWS);
    expect(ids(sortRows(ROWS, COLUMNS, { key: 'nope', dir: 'asc' }))).toEqual([1, 2, 3, 4, 5]);
  });
  test('a header click cycles: natural direction, the other, none; another column starts over', () => {
    expect(nextSort(null, 'test', 'desc')).toEqual({ key: 'test', dir: 'desc' });
    expect(nextSort({ key: 'test', dir: 'desc' }, 'test', 'desc')).toEqual({ key: 'test', dir: 'asc' });
    expect(nextSort({ key: 'test', dir: 'asc' }, 'test', 'desc')).toBeNull();
    expect(nextSort({ key: 'test', dir: 'asc' }, 'seed', 'asc')).toEqual({ key: 'seed', dir: 'asc' });
  });
  test('the sort as the address keeps it', () => {
    expect(formatSort({ key: 'test', dir: 'desc' })).toBe('-test');
    expect(parseSort('-test', ['test'])).toEqual({ key: 'test', dir: 'desc' });
    expect(parseSort('seed', ['test', 'seed'])).toEqual({ key: 'seed', dir: 'asc' });
    expect(parseSort('-bogus', ['test'])).toBeNull();
    expect(formatSort(null)).toBe('');
  });
});

describe('filtering', () => {
  test('words match any column, every word somewhere, any case', () => {
    expect(ids(filterRows(ROWS, COLUMNS, 'LOCAL'))).toEqual([2, 3]);
    expect(ids(filterRows(ROWS, COLUMNS, 'local succeeded'))).toEqual([3]);
    expect(ids(filterRows(ROWS, COLUMNS, '#4'))).toEqual([4]);
    expect(ids(filterRows(ROWS, COLUMNS, '   '))).toEqual([1, 2, 3, 4, 5]);
  });
  test('column:word matches one column; column>x and column<x compare numbers; unknown columns are plain words', () => {
    expect(ids(filterRows(ROWS, COLUMNS, 'status:failed'))).toEqual([2]);
    expect(ids(filterRows(ROWS, COLUMNS, 'seed:1'))).toEqual([2, 4]);
    expect(ids(filterRows(ROWS, COLUMNS, 'test>91.5'))).toEqual([3]);
    expect(ids(filterRows(ROWS, COLUMNS, 'seed<2'))).toEqual([1, 4]);
    expect(parseFilter('color:red', ['seed'])).toEqual([{ kind: 'any', word: 'color:red' }]);
    expect(ids(filterRows(ROWS, COLUMNS, 'color:red'))).toEqual([]);
  });
  test('filter, then sort', () => {
    expect(ids(tableRows(ROWS, COLUMNS, { filter: 'succeeded', sort: { key: 'test', dir: 'desc' } }))).toEqual([3, 1]);
  });
});

describe('SortHeader', () => {
  test('a click sorts by its column, says so in aria-sort, and cycles', async () => {
    const sort = ref<SortState | null>(null);
    const Host = defineComponent(() => () =>
      h('table', h('thead', h('tr', [h(SortHeader, { sortKey: 'test', label: 'Best test', numeric: true, sort: sort.value, 'onUpdate:sort': (v: SortState | null) => (sort.value = v) })]))),
    );
    const wrapper = mount(Host);
    const th = (): ReturnType<typeof wrapper.find> => wrapper.find('th');
    expect(th().attributes('aria-sort')).toBe('none');
    await wrapper.find('[data-testid="sort-test"]').trigger('click');
    expect(sort.value).toEqual({ key: 'test', dir: 'desc' });
    expect(th().attributes('aria-sort')).toBe('descending');
    await wrapper.find('[data-testid="sort-test"]').trigger('click');
    expect(th().attributes('aria-sort')).toBe('ascending');
    await wrapper.find('[data-testid="sort-test"]').trigger('click');
    expect(sort.value).toBeNull();
  });
});
