"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.InvalidCorpus = exports.CORPUS_DIR = exports.CorpusItemSchema = exports.CORPUS_LANGUAGES = exports.CORPUS_HALVES = void 0;
exports.corpusPath = corpusPath;
exports.halfOf = halfOf;
exports.readCorpus = readCorpus;
exports.parseCorpus = parseCorpus;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const contracts_1 = require("@redress/contracts");
const typebox_1 = require("@sinclair/typebox");
const compiler_1 = require("@sinclair/typebox/compiler");
/**
 * The labelled complaints of `apps/triage/corpus/` (its README: how they were written, the
 * labelling guide, how to add one). Two halves: tuning is what keywords and matcher are tuned on;
 * evaluation is only ever measured. Which half an item belongs to follows from its id alone
 * (`halfOf`), so adding items never moves one already there.
 */
exports.CORPUS_HALVES = ['tuning', 'evaluation'];
exports.CORPUS_LANGUAGES = ['zh-Hans', 'zh-Hant', 'en'];
const Id = typebox_1.Type.String({ pattern: '^(hans|hant|en)-[0-9]{3,}$' });
const Label = typebox_1.Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' });
exports.CorpusItemSchema = typebox_1.Type.Object({
    id: Id,
    language: typebox_1.Type.Union(exports.CORPUS_LANGUAGES.map((language) => typebox_1.Type.Literal(language))),
    /** As intake passes it on: what the customer or the channel chose, right or wrong. */
    subject: typebox_1.Type.Object({ type: contracts_1.SubjectTypeSchema, productSku: typebox_1.Type.Optional(typebox_1.Type.String({ minLength: 1 })) }, { additionalProperties: false }),
    title: typebox_1.Type.Optional(typebox_1.Type.String({ minLength: 1 })),
    description: typebox_1.Type.String({ minLength: 1, maxLength: 10_000 }),
    expected: typebox_1.Type.Object({
        type: contracts_1.SubjectTypeSchema,
        category: Label,
        subcategory: typebox_1.Type.Optional(Label),
        department: Label,
    }, { additionalProperties: false }),
}, { additionalProperties: false });
const checkItem = compiler_1.TypeCompiler.Compile(exports.CorpusItemSchema);
const ID_PREFIX = {
    'zh-Hans': 'hans',
    'zh-Hant': 'hant',
    en: 'en',
};
/** The folder of the corpus files, from `src/…` in tests and from `dist/…` when built. */
exports.CORPUS_DIR = (0, node_path_1.join)(__dirname, '..', '..', 'corpus');
function corpusPath(half) {
    return (0, node_path_1.join)(exports.CORPUS_DIR, `${half}.ndjson`);
}
/** The half an item belongs to: the first byte of SHA-256(id) even → tuning, odd → evaluation. */
function halfOf(id) {
    const first = (0, node_crypto_1.createHash)('sha256').update(id, 'utf8').digest()[0] ?? 0;
    return first % 2 === 0 ? 'tuning' : 'evaluation';
}
const readText = (path) => (0, node_fs_1.readFileSync)(path, 'utf8');
/** The items of one half, each checked against the schema and against the half its id names. */
function readCorpus(half, read = readText) {
    const path = corpusPath(half);
    return parseCorpus(read(path), `${half}.ndjson`, half);
}
class InvalidCorpus extends Error {
    problems;
    constructor(problems) {
        super(`invalid corpus: ${problems.slice(0, 5).join('; ')}`);
        this.problems = problems;
        this.name = 'InvalidCorpus';
    }
}
exports.InvalidCorpus = InvalidCorpus;
/** NDJSON → items; every problem names its file and line. */
function parseCorpus(text, file, half) {
    const items = [];
    const problems = [];
    const ids = new Set();
    text.split('\n').forEach((line, index) => {
        if (line.trim() === '')
            return;
        const where = `${file}:${index + 1}`;
        let value;
        try {
            value = JSON.parse(line);
        }
        catch (error) {
            problems.push(`${where}: not JSON (${error instanceof Error ? error.message : 'unknown'})`);
            return;
        }
        if (!checkItem.Check(value)) {
            const first = checkItem.Errors(value).First();
            problems.push(`${where}: ${first ? `${first.path || '/'} ${first.message}` : 'invalid'}`);
            return;
        }
        if (ids.has(value.id))
            problems.push(`${where}: id ${value.id} appears twice`);
        if (!value.id.startsWith(`${ID_PREFIX[value.language]}-`)) {
            problems.push(`${where}: a ${value.language} item's id starts with ${ID_PREFIX[value.language]}-`);
        }
        ids.add(value.id);
        if (half && halfOf(value.id) !== half) {
            problems.push(`${where}: ${value.id} belongs in ${halfOf(value.id)}.ndjson`);
        }
        items.push(value);
    });
    if (problems.length > 0)
        throw new InvalidCorpus(problems);
    return items;
}
//# sourceMappingURL=corpus.js.map