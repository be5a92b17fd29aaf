import { randomUUID } from 'node:crypto';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import { startIntake, tokenFor } from './intake-app';

/**
 * Issue 14: an import's memory stays flat whatever the file's size. 60,000 generated rows (more
 * with IMPORT_MEMORY_ROWS; the benchmark's import part streams 1,000,000) are streamed (gzip)
 * through a real socket; heapUsed is sampled while the service works through them. Kept to a
 * size that lets the suite stay short: 200,000 rows took 7.7 minutes of it.
 */
const ROWS = Number(process.env.IMPORT_MEMORY_ROWS ?? 60_000);
const MAX_HEAP_GROWTH_MB = 100;

let app: INestApplication;

beforeAll(async () => {
  ({ app } = await startIntake({ env: { INTAKE_IMPORT_BATCH_SIZE: '500' } }));
  await app.listen(0, '127.0.0.1');
}, 90_000);

afterAll(async () => {
  await app?.close();
}, 60_000);

function* csvRows(prefix: string): Generator<string> {
  yield 'sourceId,receivedAt,channel,customer.name,customer.phone,subject.type,subject.productSku,description\n';
  for (let i = 0; i < ROWS; i += 1) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const phone = `137${String(i).padStart(8, '0')}`;
    yield `${prefix}-${i},${day}/03/2024 10:${String(i % 60).padStart(2, '0')},hotline,Customer ${i},${phone},product,SKU-${i % 500},"Row ${i}: the lid was broken, call ${phone}"\n`;
  }
}

/**
 * The heap that is still in use: a full collection first, so garbage not yet collected (which V8
 * lets grow with the heap's limit) does not count as growth.
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
function liveHeap(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

it(`imports ${ROWS} rows with the heap flat (< ${MAX_HEAP_GROWTH_MB} MB growth)`, async () => {
  const before = liveHeap();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, liveHeap());
  }, 10_000);
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/complaints/imports',
        headers: {
          authorization: `Bearer ${tokenFor({ roles: ['admin'] })}`,
          'content-type': 'text/csv',
          'content-encoding': 'gzip',
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    Readable.from(csvRows(`mem-${randomUUID()}`))
      .pipe(createGzip())
      .pipe(req);
  });
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerThousand = ((cpu.user + cpu.system) / 1000 / ROWS) * 1000;
  const growthMb = (peak - before) / 1024 / 1024;
  process.stdout.write(
    `import of ${ROWS} rows: ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s), heap growth ${growthMb.toFixed(1)} MB, CPU ${Math.round(cpuMsPerThousand)} ms per 1,000 rows (service and client)\n`,
  );
  expect(body.status).toBe(200);
  expect(JSON.parse(body.text)).toMatchObject({ rows: ROWS, imported: ROWS, rejected: 0 });
  expect(growthMb).toBeLessThan(MAX_HEAP_GROWTH_MB);
}, 1_800_000);
