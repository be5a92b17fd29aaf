import { ConfigError, loadConfig } from '@redress/platform';
import { IntakeConfig, buildSettings } from './intake.config';

const b64 = (fill: number) => Buffer.alloc(32, fill).toString('base64');

function settings(env: Record<string, string>) {
  return buildSettings(
    loadConfig(IntakeConfig, {
      NODE_ENV: 'test',
      AUTH_JWT_SECRET: 'x'.repeat(32),
      INTAKE_DATA_KEY: b64(1),
      INTAKE_CUSTOMER_REF_KEY: b64(9),
      INTAKE_ACCESS_CODE_KEY: b64(7),
      ...env,
    }),
  );
}

describe('intake configuration of master keys', () => {
  it('names INTAKE_DATA_KEY k1 unless told otherwise', () => {
    const { masterKeys } = settings({});
    expect(masterKeys.currentId).toBe('k1');
    expect(masterKeys.current).toEqual(Buffer.alloc(32, 1));
  });

  it('keeps the keyring beside the current key, for reading', () => {
    const { masterKeys } = settings({
      INTAKE_DATA_KEY: b64(2),
      INTAKE_DATA_KEY_ID: 'k2',
      INTAKE_DATA_KEYRING: `k1:${b64(1)}`,
    });
    expect(masterKeys.currentId).toBe('k2');
    expect(masterKeys.ids).toEqual(['k1', 'k2']);
    expect(masterKeys.require('k1')).toEqual(Buffer.alloc(32, 1));
  });

  it.each([
    [{ INTAKE_DATA_KEY_ID: 'has space' }, /INTAKE_DATA_KEY_ID/],
    [{ INTAKE_DATA_KEYRING: 'k0' }, /INTAKE_DATA_KEYRING: entry 1/],
    [
      { INTAKE_DATA_KEYRING: `k1:${b64(3)}` },
      /INTAKE_DATA_KEYRING: key "k1" is INTAKE_DATA_KEY_ID/,
    ],
  ])('stops the start naming the variable for %j', (env, message) => {
    expect(() => settings(env)).toThrow(ConfigError);
    expect(() => settings(env)).toThrow(message);
  });
});
