import { createServer, type AddressInfo, type Socket } from 'node:net';
import { checkKafka, createKafka, KafkaUnavailable } from '../src';
import { testKafka } from './support';

jest.setTimeout(30_000);

describe('checkKafka', () => {
  it('resolves while the broker answers', async () => {
    await expect(checkKafka(testKafka())).resolves.toBeUndefined();
  });

  it('rejects quickly with KafkaUnavailable when nothing listens on the broker address', async () => {
    // Port 1 (tcpmux) is closed on any machine that runs these tests.
    const kafka = createKafka({
      brokers: ['127.0.0.1:1'],
      clientId: 'messaging-test-unreachable',
      logger: () => undefined,
    });
    const before = Date.now();

    const error: unknown = await checkKafka(kafka, 2_000).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(KafkaUnavailable);
    expect((error as KafkaUnavailable).message).toMatch(/^Kafka at 127\.0\.0\.1:1 is not ready: /);
    expect(Date.now() - before).toBeLessThan(5_000);
  });

  it('gives up after the timeout when a broker accepts connections but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const kafka = createKafka({
        brokers: [`127.0.0.1:${port}`],
        clientId: 'messaging-test-silent',
        logger: () => undefined,
      });
      const before = Date.now();

      await expect(checkKafka(kafka, 500)).rejects.toBeInstanceOf(KafkaUnavailable);

      expect(Date.now() - before).toBeLessThan(3_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
