// A fetch that records every response the SDK receives: status, media type, body,
// and Prism's sl-violations header, so that tests can check each one.
export interface Recorded {
  method: string;
  url: string;
  status: number;
  mediaType: string;
  body: unknown;
  violations: { location: string[]; message: string }[];
}

export function recordingFetch(extraHeaders: Record<string, string> = {}) {
  const records: Recorded[] = [];
  const fetchImpl = async (input: string, init: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const sent = new Request(request);
    for (const [name, value] of Object.entries(extraHeaders)) sent.headers.set(name, value);
    const response = await fetch(sent);
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep the text */
    }
    records.push({
      method: request.method,
      url: request.url,
      status: response.status,
      mediaType: (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '',
      body,
      // The sl-violations header; with --errors, Prism answers 500 and lists them in the body's `validation`.
      violations: [
        ...JSON.parse(response.headers.get('sl-violations') ?? '[]'),
        ...(typeof body === 'object' && body !== null && Array.isArray((body as { validation?: unknown }).validation)
          ? (body as { validation: Recorded['violations'] }).validation
          : []),
      ],
    });
    return response;
  };
  return { fetch: fetchImpl, records };
}
