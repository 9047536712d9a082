// The core's Fetch face: a Fetch Request as the Exchange the core reads, and an Answer as a
// Fetch Response (`handle`, `fetch`, the MSW handlers, and a long answer of the Node server).
import { type BodyRead, type Exchange, encodeAnswer, type Outcome, textEncoder } from './exchange.js';
import { SIMULATOR_LIMITS, utf8Bytes } from './limits.js';
import type { Answer } from './problems.js';

/** Reads a body stream up to `limit` bytes (the first `limit` are kept when there is more; the rest is not read). */
export async function readStream(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<BodyRead> {
  if (!stream) return { bytes: new Uint8Array(0), complete: true };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      complete = false;
      // Not awaited: a branch of a tee'd body (a clone) settles its cancel only once the other branch is done too.
      reader.cancel().catch(() => undefined);
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - at);
    bytes.set(part, at);
    at += part.byteLength;
  }
  return { bytes, complete };
}

/** The exchange of a Fetch Request; `signal` is the one to wait on (the Request's own unless a caller holds a stronger one). */
export function fromRequest(request: Request, signal: AbortSignal = request.signal): Exchange {
  let read: Promise<BodyRead> | undefined;
  return {
    method: request.method,
    url: new URL(request.url),
    headers: request.headers,
    hasBody: request.body !== null,
    body: () => {
      read ??= readStream(request.body, SIMULATOR_LIMITS.requestBodyBytes);
      return read;
    },
    signal,
  };
}

/** Lets other work run (timers, sockets): between the slices of a long answer. */
export const breathe = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The most bytes of an answer encoded at once, when it goes out in parts. */
const ENCODE_BYTES = 262_144;
/**
 * The Response of an answer; HEAD's carries GET's headers, `Content-Length` included, and no body.
 * A body built in parts (a long list) is encoded part by part, the event loop free between them.
 */
export async function toResponse(answer: Answer, head = false): Promise<Response> {
  const one = encodeAnswer(answer, head);
  if (one) {
    const headers =
      head && one.length !== undefined ? { ...one.headers, 'content-length': String(one.length) } : one.headers;
    return new Response(one.body as Uint8Array<ArrayBuffer> | null, { status: one.status, headers });
  }
  const parts = answer.text ?? [];
  const headers = answer.headers;
  if (head) {
    let size = 0;
    for (let i = 0; i < parts.length; i++) {
      if (i % 1_000 === 999) await breathe();
      size += utf8Bytes(parts[i] as string);
    }
    return new Response(null, { status: answer.status, headers: { ...headers, 'content-length': String(size) } });
  }
  // A long answer (a list) is encoded as it is read, a slice at a time with the event loop
  // free between slices: no copy of it is made in one piece, and other clients go on.
  const encoder = textEncoder();
  let part = 0;
  let rest: string | undefined;
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pulls++ > 0) await breathe();
      const buffer = new Uint8Array(ENCODE_BYTES);
      let filled = 0;
      while (part < parts.length) {
        const text = rest ?? (parts[part] as string);
        const { read, written } = encoder.encodeInto(text, buffer.subarray(filled));
        filled += written;
        if (read === text.length) {
          rest = undefined;
          part++;
          continue;
        }
        // The buffer is full (a part larger than it is cut here, and goes on in the next slice).
        rest = text.slice(read);
        break;
      }
      if (filled > 0) controller.enqueue(buffer.subarray(0, filled));
      if (part >= parts.length && rest === undefined) controller.close();
    },
  });
  return new Response(body, { status: answer.status, headers });
}

/** The Response of an outcome: a dropped connection is `Response.error()` (fetch rejects, a server closes the socket). */
export async function outcomeResponse(outcome: Outcome): Promise<Response> {
  return 'drop' in outcome ? Response.error() : toResponse(outcome.answer, outcome.head);
}
