import { readFileSync } from 'node:fs';
import { route } from '../domain/routing.policy';
import { defaultPolicy } from '../domain/spec-fixtures';
import { classifyCorpus, summarise } from './measure';
import {
  CORPUS_HALVES,
  CORPUS_LANGUAGES,
  InvalidCorpus,
  corpusPath,
  halfOf,
  parseCorpus,
  readCorpus,
  type CorpusItem,
} from './corpus';
import { tuningReport } from './tune';

const halves = { tuning: readCorpus('tuning'), evaluation: readCorpus('evaluation') };
const all = [...halves.tuning, ...halves.evaluation];

describe('the classification corpus', () => {
  it('keeps every item in the half its id names, each id once', () => {
    // readCorpus already refuses an item in the wrong half or a repeated id within a file.
    const ids = all.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const half of CORPUS_HALVES) {
      expect(halves[half].filter((item) => halfOf(item.id) !== half)).toEqual([]);
    }
  });

  it('has at least 400 complaints, roughly a third in each language', () => {
    expect(all.length).toBeGreaterThanOrEqual(400);
    for (const language of CORPUS_LANGUAGES) {
      const share = all.filter((item) => item.language === language).length / all.length;
      expect([language, share > 0.28 && share < 0.39]).toEqual([language, true]);
    }
  });

  it('covers every category of the default policy in both halves', () => {
    const taxonomy = defaultPolicy.policy.taxonomy.types;
    const categories = Object.entries(taxonomy).flatMap(([type, node]) =>
      Object.keys(node.categories)
        .filter((id) => id !== node.defaultCategory || type === 'other')
        .map((id) => `${type}.${id}`),
    );
    for (const half of CORPUS_HALVES) {
      const labelled = new Set(
        halves[half].map((i) => `${i.expected.type}.${i.expected.category}`),
      );
      expect([half, categories.filter((category) => !labelled.has(category))]).toEqual([half, []]);
    }
  });

  it('labels only nodes of the default taxonomy, with the department the default routing gives', () => {
    const wrong = all.filter((item) => {
      const { type, category, subcategory, department } = item.expected;
      const node = defaultPolicy.policy.taxonomy.types[type].categories[category];
      if (!node) return true;
      if (subcategory !== undefined && !node.subcategories?.[subcategory]) return true;
      return route({ type, category }, defaultPolicy).department !== department;
    });
    expect(wrong.map((item) => item.id)).toEqual([]);
  });

  it('refuses an item filed in the other half, naming the file it belongs in', () => {
    const item = halves.evaluation[0] as CorpusItem;
    expect(() => parseCorpus(JSON.stringify(item), 'tuning.ndjson', 'tuning')).toThrow(
      new InvalidCorpus([`tuning.ndjson:1: ${item.id} belongs in evaluation.ndjson`]),
    );
  });

  it.each([
    ['not JSON', '{"id":', /tuning\.ndjson:1: not JSON/],
    ['an unknown field', { ...halves.tuning[0], channel: 'web' }, /tuning\.ndjson:1: \/channel/],
    [
      'an unknown subject type',
      { ...halves.tuning[0], subject: { type: 'food' } },
      /tuning\.ndjson:1: \/subject\/type/,
    ],
    [
      'an id of another language',
      { ...halves.tuning[0], language: halves.tuning[0]?.language === 'en' ? 'zh-Hans' : 'en' },
      /id starts with/,
    ],
  ])('refuses %s', (_case, line, message) => {
    const text = typeof line === 'string' ? line : JSON.stringify(line);
    expect(() => parseCorpus(text, 'tuning.ndjson')).toThrow(message);
  });
});

describe('keeping the evaluation half unseen while tuning', () => {
  it('lets the tuning tool read the tuning file and nothing else', () => {
    const read: string[] = [];
    const report = tuningReport({
      compiled: defaultPolicy,
      read: (path) => {
        read.push(path);
        return readFileSync(path, 'utf8');
      },
    });
    expect(read).toEqual([corpusPath('tuning')]);
    expect(report).toContain('tuning half');
  });

  it('reports the evaluation half without quoting any of its complaints', () => {
    const report = JSON.stringify(summarise(classifyCorpus(halves.evaluation, defaultPolicy)));
    const quoted = halves.evaluation.filter(
      (item) =>
        report.includes(item.id) ||
        report.includes(item.description.slice(0, 12)) ||
        (item.title !== undefined && item.title.length > 3 && report.includes(item.title)),
    );
    expect(quoted.map((item) => item.id)).toEqual([]);
  });
});
