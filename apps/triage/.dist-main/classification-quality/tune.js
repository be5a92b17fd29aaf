"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tuningReport = tuningReport;
const domain_1 = require("../domain");
const corpus_1 = require("./corpus");
const format_1 = require("./format");
const measure_1 = require("./measure");
/**
 * The tuning tool (`npm run corpus:tune -w @redress/triage`): the figures of the **tuning** half
 * and every miss in full, to tune keywords and matcher from. It reads the tuning file and nothing
 * else — the corpus spec checks that — so the evaluation half stays unseen while tuning.
 */
function tuningReport(options = {}) {
    const compiled = options.compiled ?? (0, domain_1.compilePolicy)(domain_1.DEFAULT_TRIAGE_POLICY, 1);
    const items = (0, corpus_1.readCorpus)('tuning', options.read);
    const asSubmitted = (0, measure_1.classifyCorpus)(items, compiled, { candidates: true });
    const textOnly = (0, measure_1.classifyCorpus)(items, compiled, { textOnly: true, candidates: true });
    const shown = options.textOnly ? textOnly : asSubmitted;
    return [
        (0, format_1.formatReport)('tuning half, subject type as submitted', (0, measure_1.summarise)(asSubmitted)),
        '',
        (0, format_1.formatReport)('tuning half, text only (every subject type "other")', (0, measure_1.summarise)(textOnly)),
        '',
        `misses (${options.textOnly ? 'text only' : 'as submitted'}):`,
        (0, format_1.formatMisses)((0, measure_1.misses)(shown)),
    ].join('\n');
}
if (require.main === module) {
    process.stdout.write(`${tuningReport({ textOnly: process.argv.includes('--text-only') })}\n`);
}
//# sourceMappingURL=tune.js.map