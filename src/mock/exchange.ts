// A request as the simulator reads it, whichever face received it: a Fetch Request (`handle`,
// `fetch`, the MSW handlers: fetch-face.ts) or node:http (the packaged server, which so builds
// no Request, no AbortSignal and no Response for an ordinary answer). And an answer of one
// piece as bytes: the one encoder of what the simulator answers, whether it becomes a Fetch
// Response or is written to a socket. Internal: nothing here is part of the package's API.
// It has no runtime import: the Node server (a file of its own in dist/) carries this file and
// no other part of the core.
import type { Answer } from './problems.js';

/** Reads a request's headers: a Fetch `Headers`, or the Node server's (lowercase names, repeated ones joined). */
export interface HeaderReader {
  get(name: string): string | null;
  has(name: string): boolean;
  forEach(callback: (value: string, name: string) => void): void;
}

/** A body as read: up to the face's cap, `complete` false when more was sent. */
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
  /**
   * The body, read once however often it is asked for, up to the face's cap: the Fetch face's is
   * SIMULATOR_LIMITS.requestBodyBytes, the server's its `maxBodyBytes` (it refuses a larger body
   * itself). The core refuses a body over requestBodyBytes whichever face read it.
   */
  body(): Promise<BodyRead>;
  /** Aborts when the client is gone (a stall or a latency rule waits on it). */
  readonly signal: AbortSignal;
}

/** What the simulator makes of a request: an answer (HEAD's has no body), or a dropped connection. */
export type Outcome = { answer: Answer; head: boolean } | { drop: true };

/** Answers an exchange: the one way in to the simulator, behind every face. */
export type Respond = (exchange: Exchange) => Promise<Outcome>;

/** What a simulator made by this package offers a face beside its API: the way in, and its Responses. */
export interface Direct {
  respond: Respond;
  /** The simulator's own `handle`: a face goes direct only while the simulator still has it (not a wrapper). */
  handle: (request: Request) => Promise<Response>;
  /** The Response of an answer (a long list is encoded a slice at a time as it is read). */
  toResponse(answer: Answer, head: boolean): Promise<Response>;
}

/**
 * Where a simulator made by this package keeps its Direct (a symbol, so that it is in no type
 * and no listing of the simulator): the Node server reads it to skip the Fetch objects. The
 * suffix is the shape's version: change it whenever Exchange, Outcome or Direct changes, so that
 * a server and a simulator from two copies of the package that differ go through Fetch instead.
 */
const DIRECT: unique symbol = Symbol.for('astra-app-backups.direct.v1') as never;

/** Gives `simulator` its Direct, out of sight (not enumerable). */
export function setDirect(simulator: object, direct: Direct): void {
  Object.defineProperty(simulator, DIRECT, { value: direct, enumerable: false });
}

/** The Direct of a simulator made by this package; undefined for a test's stand-in. */
export const directOf = (simulator: object): Direct | undefined => (simulator as { [DIRECT]?: Direct })[DIRECT];

/** An answer in more parts than this (a long list) is encoded a slice at a time. */
const ONE_PIECE_PARTS = 3;

let encoder: TextEncoder | undefined;
/** The encoder, made on first use (no web global is touched as the module loads). */
export const textEncoder = (): TextEncoder => {
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
