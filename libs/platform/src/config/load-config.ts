import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { withoutPropertyName } from '../errors/validation';
import { ConfigError } from './config-error';

/**
 * A configuration class may check rules that span variables (e.g. "exactly one of"); each
 * returned line starts with the variable's name.
 */
export interface CrossFieldChecked {
  configProblems(): string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads a configuration class from the environment, once, at start (STYLE.md "Types and
 * configuration"). Properties are the variables: class-validator decorators say what is valid,
 * property initialisers give defaults. Numbers and booleans are converted from their text (a
 * value that does not convert is reported, not guessed). An empty variable counts as unset.
 * Throws ConfigError naming every bad variable.
 */
export function loadConfig<T extends object>(cls: new () => T, env: Env = process.env): T {
  const defaults = new cls();
  const variables = variablesOf(cls, defaults);
  const given: Record<string, unknown> = {};
  for (const name of variables) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    given[name] = convert(raw, targetKind(cls, defaults, name));
  }

  const config = plainToInstance(cls, given);
  const problems = validateSync(config, {
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  }).map((error) => describe(error, config, given));
  if (isCrossFieldChecked(config)) problems.push(...config.configProblems());

  if (problems.length > 0) {
    throw new ConfigError(
      [...new Set(problems)].map((problem) => withoutValues(problem, env, variables)),
    );
  }
  return config;
}

function variablesOf(cls: new () => object, defaults: object): string[] {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .map((metadata) => metadata.propertyName);
  return [...new Set([...validated, ...Object.keys(defaults)])];
}

type Kind = 'number' | 'boolean' | 'string';

/** The declared type when decorator metadata has it, else the type of the default. */
function targetKind(cls: new () => object, defaults: object, name: string): Kind {
  const declared: unknown = Reflect.getMetadata('design:type', cls.prototype, name);
  if (declared === Number) return 'number';
  if (declared === Boolean) return 'boolean';
  const fallback: unknown = Reflect.get(defaults, name);
  if (typeof fallback === 'number') return 'number';
  if (typeof fallback === 'boolean') return 'boolean';
  return 'string';
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function convert(raw: string, kind: Kind): unknown {
  if (kind === 'number') return NUMBER.test(raw) ? Number(raw) : raw;
  if (kind === 'boolean') {
    const word = raw.toLowerCase();
    if (TRUE.has(word)) return true;
    if (FALSE.has(word)) return false;
  }
  return raw;
}

function describe(error: ValidationError, config: object, given: Record<string, unknown>): string {
  const name = error.property;
  if (!(name in given) && Reflect.get(config, name) === undefined) {
    return `${name}: is required but not set`;
  }
  const reasons = Object.values(error.constraints ?? {}).map((message) =>
    withoutPropertyName(message, name),
  );
  return `${name}: ${reasons.join('; ') || 'is not valid'}`;
}

/** Variables whose values are credentials, or may embed one (a URL with a password). */
const SENSITIVE_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|KEY|CREDENTIAL|_URL$|_DSN$/i;

/**
 * Custom messages may interpolate `$value`; the value of a sensitive variable never reaches the
 * message, whatever the class says.
 */
function withoutValues(problem: string, env: Env, variables: readonly string[]): string {
  let safe = problem;
  for (const name of variables.filter((variable) => SENSITIVE_NAME.test(variable))) {
    const value = env[name]?.trim();
    if (value !== undefined && value.length > 0) safe = safe.split(value).join('[redacted]');
  }
  return safe;
}

function isCrossFieldChecked(config: object): config is CrossFieldChecked {
  return 'configProblems' in config && typeof config.configProblems === 'function';
}
