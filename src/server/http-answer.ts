import type { ServerResponse } from 'node:http';

/** A whole answer: status, type and body, then the response ends. */
export function answer(res: ServerResponse, status: number, type: string, body: string) {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.end(body);
}
