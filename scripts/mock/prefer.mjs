// `Prefer: code=NNN` and `Prefer: example=NAME`, as Prism's mock reads them: answer
// the spec's documented example instead of the simulated state. `example=NAME` alone
// is enough: it is answered with the status that example is documented under.

/** Parses `Prefer: code=404, example=resourceNotFound` into { code, example, dynamic }. */
export function parsePrefer(header) {
  const prefer = {};
  for (const part of String(header ?? '').split(/[,;]/)) {
    const [key, ...rest] = part.split('=');
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    const name = key?.trim().toLowerCase();
    if (name === 'code' || name === 'example' || name === 'dynamic') prefer[name] = value;
  }
  return prefer;
}

/** Follows a local `$ref` (`#/components/...`) of the bundled spec. */
function resolve(spec, node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 10; hops++) {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((at, key) => at?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
  }
  return current;
}

/**
 * The documented answer an operation gives for `prefer`, or a reason why there is none.
 * Returns { status, contentType, body } or { error }.
 */
export function documentedAnswer(spec, operation, prefer) {
  const responses = Object.entries(operation.responses ?? {}).map(([status, r]) => [status, resolve(spec, r)]);
  let chosen;
  if (prefer.code !== undefined) {
    chosen = responses.find(([status]) => status === prefer.code);
    if (!chosen)
      return {
        error: `Prefer: code=${prefer.code} is not documented for ${operation.operationId}; documented: ${responses.map(([s]) => s).join(', ')}`,
      };
  }
  const candidates = chosen ? [chosen] : responses;
  for (const [status, response] of candidates) {
    const content = Object.entries(response.content ?? {});
    if (content.length === 0) {
      if (prefer.example === undefined) return { status: Number(status) };
      continue;
    }
    // The resource's own media type first, as the live API answers.
    content.sort(([a], [b]) => Number(b.includes('astra')) - Number(a.includes('astra')));
    for (const [contentType, media] of content) {
      const examples = Object.entries(media.examples ?? {}).map(([name, e]) => [name, resolve(spec, e)]);
      const found = prefer.example === undefined ? examples[0] : examples.find(([name]) => name === prefer.example);
      if (found) return { status: Number(status), contentType, body: found[1].value };
    }
  }
  const names = [
    ...new Set(
      candidates.flatMap(([, r]) => Object.values(r.content ?? {}).flatMap((m) => Object.keys(m.examples ?? {}))),
    ),
  ];
  return {
    error: `${prefer.example === undefined ? `status ${prefer.code} has no example` : `no example named ${JSON.stringify(prefer.example)}`} for ${operation.operationId}${prefer.code ? ` under ${prefer.code}` : ''}; its examples: ${names.join(', ')}`,
  };
}
