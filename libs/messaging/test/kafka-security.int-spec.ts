import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { checkKafka, createKafka, kafkaSecurityOptions, KafkaUnavailable } from '../src';
import { BROKERS } from './support';

jest.setTimeout(30_000);

/**
 * The local broker is plaintext (docs/deployment.md): these tests show that the TLS and SASL
 * settings reach kafkajs by what the real broker, and a TLS terminator in front of it, see.
 * The terminator uses a certificate made here, as Strimzi's cluster CA would sign the brokers'.
 */
describe('createKafka with the Kafka security settings', () => {
  let dir: string;
  let caFile: string;
  let terminator: Server;
  let port: number;
  const sockets = new Set<Socket>();
  let secureSessions = 0;
  let bytesFromBroker = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redress-kafka-tls-'));
    caFile = join(dir, 'ca.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        join(dir, 'tls.key'),
        '-out',
        caFile,
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    const [host, brokerPort] = (BROKERS[0] ?? '127.0.0.1:9092').split(':');
    terminator = createServer(
      { key: readFileSync(join(dir, 'tls.key')), cert: readFileSync(caFile) },
      (client: TLSSocket) => {
        secureSessions += 1;
        const broker = connect(Number(brokerPort), host);
        for (const socket of [client, broker]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        broker.on('data', (chunk: Buffer) => (bytesFromBroker += chunk.length));
        client.pipe(broker).pipe(client);
      },
    );
    // A plaintext client's bytes are not a TLS handshake: the terminator drops the connection.
    terminator.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', resolve));
    port = (terminator.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => terminator.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  function client(settings: Parameters<typeof kafkaSecurityOptions>[0]) {
    return createKafka({
      brokers: [`localhost:${port}`],
      clientId: 'messaging-test-tls',
      logger: () => undefined,
      ...kafkaSecurityOptions(settings),
    });
  }

  it('talks TLS to the broker with the CA of KAFKA_SSL_CA_FILE', async () => {
    const sessionsBefore = secureSessions;
    const bytesBefore = bytesFromBroker;

    // The broker then advertises its plaintext address, which a TLS client cannot use: the
    // probe fails after the first exchange, which went through the terminator.
    await checkKafka(client({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: caFile }), 5_000).catch(
      () => undefined,
    );

    expect(secureSessions).toBeGreaterThan(sessionsBefore);
    expect(bytesFromBroker).toBeGreaterThan(bytesBefore);
  });

  it('refuses a broker certificate that the configured CAs did not sign', async () => {
    const error: unknown = await checkKafka(client({ KAFKA_SSL: 'true' }), 5_000).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(KafkaUnavailable);
    expect((error as Error).message).toMatch(/self[- ]signed certificate/);
  });

  it('speaks plaintext without KAFKA_SSL, which a TLS listener cannot answer', async () => {
    const bytesBefore = bytesFromBroker;

    await expect(checkKafka(client({}), 3_000)).rejects.toBeInstanceOf(KafkaUnavailable);
    expect(bytesFromBroker).toBe(bytesBefore);
  });

  it('authenticates with SCRAM when KAFKA_SASL_* are set: the plaintext broker refuses it', async () => {
    const kafka = createKafka({
      brokers: BROKERS,
      clientId: 'messaging-test-sasl',
      logger: () => undefined,
      ...kafkaSecurityOptions({
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'redress-intake',
        KAFKA_SASL_PASSWORD: 'not-a-real-password',
      }),
    });

    const error: unknown = await checkKafka(kafka, 5_000).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(KafkaUnavailable);
    expect((error as Error).message).toMatch(/SASL/);
    expect((error as Error).message).not.toContain('not-a-real-password');
  });
});
