import { ConfigError } from './config-error';

/** What a domain's policy compiler throws for a document that does not validate. */
export type PolicyProblems = Error & { problems: ReadonlyArray<{ path: string; message: string }> };

/**
 * A service's policy document from its environment variable `name` (JSON), or `fallback` when
 * the variable is unset or blank, compiled by the domain's `compile`. Anything wrong stops the
 * start with every problem named by its path under `name` (`RESOLUTION_POLICY.clocks.x: …`).
 * `invalid` is the domain's error class for a document that does not validate.
 */
export function policySetting<T>(
  name: string,
  setting: string | undefined,
  fallback: unknown,
  compile: (document: unknown) => T,
  invalid: abstract new (...args: never[]) => PolicyProblems,
): T {
  let document = fallback;
  if (setting !== undefined && setting.trim() !== '') {
    try {
      document = JSON.parse(setting);
    } catch {
      throw new ConfigError([`${name}: must be a JSON document`]);
    }
  }
  try {
    return compile(document);
  } catch (error) {
    if (error instanceof invalid) {
      throw new ConfigError(error.problems.map((p) => `${name}.${p.path}: ${p.message}`));
    }
    throw error;
  }
}
