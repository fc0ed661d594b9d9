import { parseStreamLine } from './ArgoCdApplicationStream';

const application = { metadata: { name: 'shop-api', namespace: 'argocd' } };

describe('parseStreamLine', () => {
  it('reads grpc-gateway JSON lines and Server-Sent Events data lines alike', () => {
    const event = { type: 'MODIFIED', application };
    expect(parseStreamLine(JSON.stringify({ result: event }))).toEqual({
      event,
    });
    expect(
      parseStreamLine(`data: ${JSON.stringify({ result: event })}`),
    ).toEqual({ event });
    expect(
      parseStreamLine(`data:${JSON.stringify({ result: event })}`),
    ).toEqual({ event });
  });

  it('passes over framing, keep-alives and events it does not know', () => {
    for (const line of [
      '',
      '   ',
      ': keep-alive',
      'event: message',
      'id: 7',
      'retry: 1000',
      'data:',
      '{"result":{"type":"BOOKMARK","application":{"metadata":{"name":"a"}}}}',
      '{"result":{"type":"ADDED"}}',
    ])
      expect(parseStreamLine(line)).toBeUndefined();
  });

  it('reads errors, in grpc-gateway’s shapes', () => {
    expect(
      parseStreamLine(
        '{"error":{"grpc_code":16,"http_code":401,"message":"invalid session","http_status":"Unauthorized"}}',
      ),
    ).toEqual({ error: 'invalid session' });
    expect(parseStreamLine('data: {"error":"stream closed"}')).toEqual({
      error: 'stream closed',
    });
  });

  it('throws on a line that is not JSON', () => {
    expect(() => parseStreamLine('{"result":')).toThrow();
  });
});
