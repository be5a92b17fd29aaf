import { type CompiledPolicy } from '../domain';
import { type ReadText } from './corpus';
/**
 * The tuning tool (`npm run corpus:tune -w @redress/triage`): the figures of the **tuning** half
 * and every miss in full, to tune keywords and matcher from. It reads the tuning file and nothing
 * else — the corpus spec checks that — so the evaluation half stays unseen while tuning.
 */
export declare function tuningReport(options?: {
    textOnly?: boolean;
    compiled?: CompiledPolicy;
    read?: ReadText;
}): string;
