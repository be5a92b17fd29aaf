import { MasterKeyMissing, MasterKeys, parseKeyring } from './master-keys';

const key = (fill: number) => Buffer.alloc(32, fill);
const b64 = (fill: number) => key(fill).toString('base64');

describe('master keys', () => {
  it('reads a keyring of id:base64 pairs', () => {
    const { keys, problems } = parseKeyring(` k1:${b64(1)}, 2026-q4:${b64(2)} ,`);
    expect(problems).toEqual([]);
    expect(keys).toEqual([
      ['k1', key(1)],
      ['2026-q4', key(2)],
    ]);
  });

  it('names the variable and the entry of every problem, never a key', () => {
    const { problems } = parseKeyring(
      `k1:${b64(1)},nokey,bad id:${b64(2)},k2:c2hvcnQ=,k1:${b64(3)}`,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^INTAKE_DATA_KEYRING: entry 2 must be id:base64/),
      expect.stringMatching(/^INTAKE_DATA_KEYRING: entry 3 must be id:base64/),
      'INTAKE_DATA_KEYRING: key "k2" must be base64 of exactly 32 bytes (got 5)',
      'INTAKE_DATA_KEYRING: key id "k1" appears twice',
    ]);
    expect(problems.join(' ')).not.toContain(b64(2));
  });

  it('wraps with the current key and unwraps with any configured one', () => {
    const keys = new MasterKeys('k2', [
      ['k2', key(2)],
      ['k1', key(1)],
    ]);
    expect(keys.current).toEqual(key(2));
    expect(keys.require('k1')).toEqual(key(1));
    expect(keys.ids).toEqual(['k1', 'k2']);
    expect(() => keys.require('k0')).toThrow(MasterKeyMissing);
    expect(() => keys.require('k0')).toThrow(/"k0".*INTAKE_DATA_KEYRING/);
  });

  it('refuses a current id without a key, and one id for two keys', () => {
    expect(() => new MasterKeys('k3', [['k1', key(1)]])).toThrow(/current master key "k3"/);
    expect(
      () =>
        new MasterKeys('k1', [
          ['k1', key(1)],
          ['k1', key(2)],
        ]),
    ).toThrow(/names two keys/);
  });
});
