import { EventEmitter } from 'node:events';
import { answerClientErrors, clientErrorResponse } from './client-error';

function bodyOf(response: string): Record<string, unknown> {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
}

describe('requests the HTTP parser refuses', () => {
  it('answers headers over the limit with a 431 problem naming the headers', () => {
    const response = clientErrorResponse('HPE_HEADER_OVERFLOW');
    expect(response).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(response).toContain('Content-Type: application/problem+json; charset=utf-8');
    expect(bodyOf(response)).toMatchObject({ status: 431, errors: [{ field: 'headers' }] });
  });

  it('answers a malformed request with a 400 problem', () => {
    expect(bodyOf(clientErrorResponse('HPE_INVALID_METHOD'))).toMatchObject({
      status: 400,
      errors: [{ field: 'request' }],
    });
  });

  it('writes the answer to a socket that can take it, and drops a reset one', () => {
    const server = new EventEmitter();
    answerClientErrors(server as never);
    const writable = { writable: true, end: jest.fn(), destroy: jest.fn() };
    server.emit(
      'clientError',
      Object.assign(new Error('x'), { code: 'HPE_HEADER_OVERFLOW' }),
      writable,
    );
    expect(writable.end).toHaveBeenCalledWith(expect.stringMatching(/^HTTP\/1\.1 431/));
    const reset = { writable: true, end: jest.fn(), destroy: jest.fn() };
    server.emit('clientError', Object.assign(new Error('x'), { code: 'ECONNRESET' }), reset);
    expect(reset.end).not.toHaveBeenCalled();
    expect(reset.destroy).toHaveBeenCalled();
  });
});
