import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A hub listener on loopback, as a subscriber runs one: it records every event it is sent, in
 * the order they arrive, and answers 201.
 */
export async function listener<E = unknown>() {
  const received: E[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(text) as E);
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/listener`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}
