/**
 * The master keys that wrap customers' data keys, by id. New data keys are wrapped by the
 * current one; the others are kept only to unwrap data keys wrapped before a rotation, until
 * `POST /admin/data-keys/rewrap` has wrapped every one of those again with the current key.
 */
export class MasterKeys {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    readonly currentId: string,
    keys: Iterable<readonly [string, Buffer]>,
  ) {
    const map = new Map<string, Buffer>();
    for (const [id, key] of keys) {
      if (!MASTER_KEY_ID.test(id)) throw new Error(`master key id "${id}" is not a valid id`);
      if (key.length !== 32) throw new Error(`master key "${id}" must be 32 bytes`);
      const known = map.get(id);
      if (known && !known.equals(key)) throw new Error(`master key id "${id}" names two keys`);
      map.set(id, key);
    }
    if (!map.has(currentId)) throw new Error(`the current master key "${currentId}" is missing`);
    this.keys = map;
  }

  get current(): Buffer {
    return this.require(this.currentId);
  }

  has(id: string): boolean {
    return this.keys.has(id);
  }

  get ids(): string[] {
    return [...this.keys.keys()].sort();
  }

  require(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new MasterKeyMissing(id);
    return key;
  }
}

/** Letters, digits, dot, dash and underscore: ids appear in configuration and in the database. */
export const MASTER_KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A data key was wrapped by a master key the configuration does not hold: the customer's data
 * cannot be read until that key is configured again (INTAKE_DATA_KEYRING).
 */
export class MasterKeyMissing extends Error {
  constructor(readonly masterKeyId: string) {
    super(
      `a customer's data key is wrapped by master key "${masterKeyId}", which is not configured: ` +
        'add it to INTAKE_DATA_KEYRING',
    );
    this.name = 'MasterKeyMissing';
  }
}

/**
 * `INTAKE_DATA_KEYRING`: `id:base64` pairs separated by commas (base64 has no `:` or `,`).
 * Returns the problems found, naming the variable and the id, never a key.
 */
export function parseKeyring(
  value: string,
  variable = 'INTAKE_DATA_KEYRING',
): { keys: Array<[string, Buffer]>; problems: string[] } {
  const keys: Array<[string, Buffer]> = [];
  const problems: string[] = [];
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon === -1 ? '' : entry.slice(0, colon);
    if (!MASTER_KEY_ID.test(id)) {
      problems.push(
        `${variable}: entry ${index + 1} must be id:base64 with an id of letters, digits, '.', '-' or '_'`,
      );
      return;
    }
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) {
      problems.push(
        `${variable}: key "${id}" must be base64 of exactly 32 bytes (got ${key.length})`,
      );
      return;
    }
    if (keys.some(([known]) => known === id)) {
      problems.push(`${variable}: key id "${id}" appears twice`);
      return;
    }
    keys.push([id, key]);
  });
  return { keys, problems };
}
