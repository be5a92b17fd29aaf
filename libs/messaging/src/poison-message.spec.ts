import { isPoisonMessage, PoisonMessage } from './poison-message';

describe('isPoisonMessage', () => {
  it('recognises a PoisonMessage, also one made by another copy of the lib', () => {
    const foreign = Object.assign(new Error('bad'), {
      [Symbol.for('@redress/messaging/PoisonMessage')]: true,
    });
    expect(isPoisonMessage(new PoisonMessage('bad'))).toBe(true);
    expect(isPoisonMessage(foreign)).toBe(true);
  });

  it('treats every other error as transient', () => {
    expect(isPoisonMessage(new Error('deadlock detected'))).toBe(false);
    expect(isPoisonMessage('PoisonMessage')).toBe(false);
    expect(isPoisonMessage(null)).toBe(false);
  });
});
