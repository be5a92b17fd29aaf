import { ConfigError } from './config-error';
import { policySetting } from './policy-setting';

class InvalidTestPolicy extends Error {
  constructor(readonly problems: Array<{ path: string; message: string }>) {
    super('invalid policy');
  }
}

const compile = (document: unknown): { limit: number } => {
  const limit = (document as { limit?: unknown }).limit;
  if (typeof limit !== 'number') {
    throw new InvalidTestPolicy([{ path: 'limit', message: 'must be a number' }]);
  }
  return { limit };
};

describe('policySetting', () => {
  it('compiles the fallback when the variable is unset or blank', () => {
    for (const setting of [undefined, '', '  ']) {
      expect(
        policySetting('TEST_POLICY', setting, { limit: 3 }, compile, InvalidTestPolicy),
      ).toEqual({ limit: 3 });
    }
  });

  it('compiles the given document', () => {
    expect(
      policySetting('TEST_POLICY', '{"limit":7}', { limit: 3 }, compile, InvalidTestPolicy),
    ).toEqual({ limit: 7 });
  });

  it('names the variable when the document is not JSON', () => {
    expect(() => policySetting('TEST_POLICY', '{', {}, compile, InvalidTestPolicy)).toThrow(
      new ConfigError(['TEST_POLICY: must be a JSON document']),
    );
  });

  it('names every problem by its path under the variable', () => {
    try {
      policySetting('TEST_POLICY', '{"limit":"x"}', {}, compile, InvalidTestPolicy);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('TEST_POLICY.limit: must be a number');
    }
  });

  it('lets other failures through unchanged', () => {
    const broken = () => {
      throw new RangeError('boom');
    };
    expect(() => policySetting('TEST_POLICY', undefined, {}, broken, InvalidTestPolicy)).toThrow(
      RangeError,
    );
  });
});
