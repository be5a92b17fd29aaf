import type { FastifyRequest } from 'fastify';
import { routeOf } from './http-metrics';

function req(url?: unknown, is404 = false): FastifyRequest {
  return { routeOptions: { url }, is404 } as unknown as FastifyRequest;
}

describe('routeOf', () => {
  it('labels a request with its route pattern', () => {
    expect(routeOf(req('/complaints/:id'))).toBe('/complaints/:id');
    expect(routeOf(req('/cases/:id'))).toBe('/cases/:id');
  });

  it('labels requests that no handler matched as unmatched', () => {
    expect(routeOf(req(undefined, true))).toBe('unmatched');
    expect(routeOf(req('*', true))).toBe('unmatched');
    expect(routeOf(req(42))).toBe('unmatched');
  });
});
