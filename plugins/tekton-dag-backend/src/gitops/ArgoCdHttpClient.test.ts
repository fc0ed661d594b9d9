import http from 'http';
import type { AddressInfo } from 'net';
import { readAnswer } from './ArgoCdHttpClient';

/** A server whose answers never end: it writes as fast as the client reads, until it goes. */
async function endlessServer(status: number) {
  const chunk = `{"message":"${'x'.repeat(64 * 1024)}`;
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
    };
    res.on('drain', pump);
    pump();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

const answerOf = (url: string) =>
  new Promise<Awaited<ReturnType<typeof readAnswer>>>((resolve, reject) =>
    http
      .get(url, res => readAnswer(res).then(resolve, reject))
      .on('error', reject),
  );

describe('readAnswer', () => {
  it('reads an endless error answer only up to 64 KiB, keeping its start as the message', async () => {
    const { server, url } = await endlessServer(502);
    try {
      const answer = await answerOf(url);
      expect(answer.status).toBe(502);
      expect(answer.body.message).toMatch(/^\{"message":"x{100}/);
      expect(answer.body.message.length).toBeLessThanOrEqual(200);
    } finally {
      server.close();
    }
  });

  it('refuses a success answer over 64 MiB instead of holding it', async () => {
    const { server, url } = await endlessServer(200);
    try {
      await expect(answerOf(url)).rejects.toThrow(
        'the answer was larger than 67108864 bytes',
      );
    } finally {
      server.close();
    }
  });
});
