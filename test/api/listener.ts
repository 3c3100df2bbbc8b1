import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A hub listener on loopback, as a subscriber runs one: it answers each event with the status
 * `answer` gives (201 by default), and records the events it accepted (under 300), in the order
 * they arrive; `refused` counts the others.
 */
export async function listener<E = unknown>(answer: () => number = () => 201) {
  const received: E[] = [];
  let refused = 0;
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const status = answer();
      if (status < 300) received.push(JSON.parse(text) as E);
      else refused++;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/listener`,
    received,
    refused: () => refused,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
