import type { IncomingMessage } from 'node:http';
import { routeOf } from './http-metrics';

function req(route?: { path: unknown }, baseUrl = ''): IncomingMessage {
  return { route, baseUrl } as unknown as IncomingMessage;
}

describe('routeOf', () => {
  it('labels a request with its route pattern', () => {
    expect(routeOf(req({ path: '/complaints/:id' }), 200)).toBe('/complaints/:id');
    expect(routeOf(req({ path: '/complaints/:id' }), 404)).toBe('/complaints/:id');
    expect(routeOf(req({ path: '/:id' }, '/cases'), 200)).toBe('/cases/:id');
  });

  it('labels requests that no handler matched as unmatched', () => {
    expect(routeOf(req(), 404)).toBe('unmatched');
    expect(routeOf(req({ path: '/{*path}' }), 404)).toBe('unmatched');
    expect(routeOf(req({ path: 42 }), 400)).toBe('unmatched');
  });
});
