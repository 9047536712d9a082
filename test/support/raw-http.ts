// One HTTP request over node:http, for what fetch cannot send or show: a Host of the test's
// choosing, a body with GET, a header given twice, and the answer's header lines in the order
// they came (`rawHeaders`).
import { request as httpRequest } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Names and values in turn, as they came. */
  rawHeaders: string[];
  body: string;
}

/**
 * Sends one request. `headers` as a record, or as [name, value] pairs so that a name may
 * repeat (sent as they are: Host and Content-Length are then added here unless given).
 */
export function rawRequest(
  url: string,
  {
    method = 'GET',
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string> | [string, string][]; body?: string | Buffer } = {},
): Promise<RawAnswer> {
  let sent: Record<string, string> | string[];
  if (Array.isArray(headers)) {
    const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
    const framing: [string, string][] = [];
    if (!has('host')) framing.push(['Host', new URL(url).host]);
    if (body !== undefined && !has('content-length')) framing.push(['Content-Length', String(Buffer.byteLength(body))]);
    sent = [...framing, ...headers].flat();
  } else sent = headers;
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: sent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}
