// A request as the simulator reads it, whichever face received it: a Fetch Request (`handle`,
// `fetch`, the MSW handlers) or node:http (the packaged server, which so builds no Request,
// no AbortSignal and no Response stream for an ordinary answer). And an answer as bytes: the
// one encoder of what the simulator answers, whether it becomes a Fetch Response or is written
// to a socket. Internal: nothing here is part of the package's API.
import { SIMULATOR_LIMITS, utf8Bytes } from './limits.js';
import type { Answer } from './problems.js';

/** Reads a request's headers: a Fetch `Headers`, or the Node server's (lowercase names, repeated ones joined). */
export interface HeaderReader {
  get(name: string): string | null;
  has(name: string): boolean;
  forEach(callback: (value: string, name: string) => void): void;
}

/** A body as read: up to the limit, `complete` false when more was sent. */
export interface BodyRead {
  bytes: Uint8Array;
  complete: boolean;
}

/** One request, as the core and its control layer read it. */
export interface Exchange {
  readonly method: string;
  readonly url: URL;
  readonly headers: HeaderReader;
  /** True when a non-empty body may come with it. */
  readonly hasBody: boolean;
  /** The body, up to SIMULATOR_LIMITS.requestBodyBytes (read once, however often it is asked for). */
  body(): Promise<BodyRead>;
  /** Aborts when the client is gone (a stall or a latency rule waits on it). */
  readonly signal: AbortSignal;
}

/** What the simulator makes of a request: an answer (HEAD's has no body), or a dropped connection. */
export type Outcome = { answer: Answer; head: boolean } | { drop: true };
export const DROP: Outcome = Object.freeze({ drop: true });

/** Answers an exchange: the one way in to the simulator, behind every face. */
export type Respond = (exchange: Exchange) => Promise<Outcome>;
/**
 * Where a simulator made by this package keeps its `Respond` (a symbol, so that it is in no
 * type and no listing of the simulator): the Node server reads it to skip the Fetch objects.
 */
export const RESPOND: unique symbol = Symbol.for('astra-app-backups.respond') as never;

/** Gives `simulator` its Respond, out of sight (not enumerable). */
export function setRespond(simulator: object, respond: Respond): void {
  Object.defineProperty(simulator, RESPOND, { value: respond, enumerable: false });
}

/** The Respond of a simulator made by this package; undefined for a test's stand-in. */
export const respondOf = (simulator: object): Respond | undefined => (simulator as { [RESPOND]?: Respond })[RESPOND];

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
      await reader.cancel().catch(() => undefined);
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
/** An answer in more parts than this (a long list) is encoded a slice at a time. */
const ONE_PIECE_PARTS = 3;

let encoder: TextEncoder | undefined;
/** The encoder, made on first use (no web global is touched as the module loads). */
const textEncoder = (): TextEncoder => {
  encoder ??= new TextEncoder();
  return encoder;
};

/** An answer of one piece, encoded: its headers (no Content-Length), and its body (null for none, or HEAD). */
export interface EncodedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | null;
  /** The body's length in bytes (GET's, for a HEAD); undefined when there is no body at all. */
  length?: number;
}

/**
 * The bytes of an answer of one piece; undefined for a long one (a list in many parts), which
 * toResponse encodes a slice at a time. With no body, the answer has no Content-Type.
 */
export function encodeAnswer(answer: Answer, head: boolean): EncodedAnswer | undefined {
  const parts = answer.text ?? (answer.body === undefined ? undefined : [JSON.stringify(answer.body)]);
  const headers = answer.headers;
  if (parts === undefined) {
    delete headers['content-type'];
    return { status: answer.status, headers, body: null };
  }
  if (parts.length > ONE_PIECE_PARTS) return undefined;
  const bytes = textEncoder().encode(parts.length === 1 ? (parts[0] as string) : parts.join(''));
  return { status: answer.status, headers, body: head ? null : bytes, length: bytes.byteLength };
}

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
        rest = text.slice(read);
        if (filled === 0) {
          // One part larger than the buffer: it goes out on its own.
          controller.enqueue(encoder.encode(rest));
          rest = undefined;
          part++;
          return;
        }
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
