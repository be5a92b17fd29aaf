import { compilePolicy, DEFAULT_TRIAGE_POLICY, type CompiledPolicy } from '../domain';
import { readCorpus, type ReadText } from './corpus';
import { formatMisses, formatReport } from './format';
import { classifyCorpus, misses, summarise } from './measure';

/**
 * The tuning tool (`npm run corpus:tune -w @redress/triage`): the figures of the **tuning** half
 * and every miss in full, to tune keywords and matcher from. It reads the tuning file and nothing
 * else — the corpus spec checks that — so the evaluation half stays unseen while tuning.
 */
export function tuningReport(
  options: { textOnly?: boolean; compiled?: CompiledPolicy; read?: ReadText } = {},
): string {
  const compiled = options.compiled ?? compilePolicy(DEFAULT_TRIAGE_POLICY, 1);
  const items = readCorpus('tuning', options.read);
  const asSubmitted = classifyCorpus(items, compiled, { candidates: true });
  const textOnly = classifyCorpus(items, compiled, { textOnly: true, candidates: true });
  const shown = options.textOnly ? textOnly : asSubmitted;
  return [
    formatReport('tuning half, subject type as submitted', summarise(asSubmitted)),
    '',
    formatReport('tuning half, text only (every subject type "other")', summarise(textOnly)),
    '',
    `misses (${options.textOnly ? 'text only' : 'as submitted'}):`,
    formatMisses(misses(shown)),
  ].join('\n');
}

if (require.main === module) {
  process.stdout.write(`${tuningReport({ textOnly: process.argv.includes('--text-only') })}\n`);
}
