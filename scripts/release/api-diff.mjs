// The exported API's changes between two API Extractor doc models (`.api.json`, as
// scripts/release/api-report.mjs commits them in api-report/ and releases/<version>/), each
// classified as the policy reads it: 'breaking' or 'feature'. The rules (the table in
// CONTRIBUTING.md, "Releasing"):
// - an export or a member removed (a rename is a removal and an addition) -> breaking;
// - an export added, an optional member added -> feature; a required member added to an
//   interface (objects users build of it now need it) -> breaking;
// - a parameter removed, added as required, or made required -> breaking; an optional
//   parameter added, or a required one made optional -> feature;
// - a parameter's type that keeps every member of its union and adds some -> feature (widened);
//   any other change of it -> breaking (narrowed or changed);
// - a return type that keeps only members it had -> feature; any other change -> breaking;
// - a literal value of an exported constant changed (`DEFAULTS.maxRetries: 2` -> `0`) ->
//   breaking, named as a changed default; so is any value of an exported default (an export
//   named *DEFAULT*, as the built module has it: `exportedDefaults` in the model, which
//   scripts/release/api-report.mjs adds), computed ones included;
// - any other change of an existing export or member (a type alias, a property's type, an
//   `extends` clause, an enum value) -> breaking: the model cannot tell what users read from
//   what they write, so a change either way may break them.

const text = (tokens, range) =>
  (range ? tokens.slice(range.startIndex, range.endIndex) : tokens)
    .map((t) => t.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();

/** Every item of a model, by canonical reference: `Map<ref, { kind, name, parent, item }>`. */
function flatten(model) {
  const items = new Map();
  const walk = (node, parent) => {
    for (const member of node.members ?? []) {
      if (member.canonicalReference) items.set(member.canonicalReference, { ...member, parent });
      walk(member, member);
    }
  };
  for (const entry of model?.members ?? []) walk(entry, undefined);
  return items;
}

const label = (item) => {
  const owner = item.parent?.name;
  return owner ? `${owner}.${item.name}` : item.name;
};

/** `A | B | C` split at its top level (outside brackets and strings). */
function unionMembers(type) {
  const parts = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of type) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if ('([{<'.includes(ch)) depth++;
    else if (')]}>'.includes(ch)) depth--;
    else if (ch === '|' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts.filter(Boolean);
}

/** Whether every member of `narrow`'s union is one of `wide`'s. */
const within = (narrow, wide) => {
  const members = new Set(unionMembers(wide));
  return unionMembers(narrow).every((m) => members.has(m));
};

/** `key: literal` pairs of a type text (`{ maxRetries: 2; baseUrl: "…" }`), and a bare literal as ''. */
function literals(type) {
  const found = new Map();
  const literal = String.raw`("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d[\d_.eE+-]*n?|true|false|null)`;
  for (const m of type.matchAll(
    new RegExp(String.raw`(?:^|[{;,]\s*)(?:readonly\s+)?([\w$]+)\??:\s*${literal}\s*(?=[;,}])`, 'g'),
  ))
    found.set(m[1], m[2]);
  const bare = new RegExp(`^${literal}$`).exec(type.trim());
  if (bare) found.set('', bare[1]);
  return found;
}

/** The leaves of a JSON value: `Map<'name.key…', JSON text>`. */
function leaves(value, path, found = new Map()) {
  if (value && typeof value === 'object' && !Array.isArray(value))
    for (const [key, inner] of Object.entries(value)) leaves(inner, `${path}.${key}`, found);
  else found.set(path, JSON.stringify(value));
  return found;
}

function compareParameters(key, a, b, out) {
  const [pa, pb] = [a.parameters ?? [], b.parameters ?? []];
  const typeOf = (item, p) => text(item.excerptTokens, p.parameterTypeTokenRange);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    if (x && !y) out.push(['breaking', `${key}: parameter ${x.parameterName} removed`]);
    else if (!x && y)
      out.push(
        y.isOptional
          ? ['feature', `${key}: optional parameter ${y.parameterName} added`]
          : ['breaking', `${key}: parameter ${y.parameterName} added as required`],
      );
    else if (x && y) {
      if (x.isOptional && !y.isOptional) out.push(['breaking', `${key}: parameter ${y.parameterName} made required`]);
      if (!x.isOptional && y.isOptional) out.push(['feature', `${key}: parameter ${y.parameterName} made optional`]);
      const [ta, tb] = [typeOf(a, x), typeOf(b, y)];
      if (ta !== tb)
        out.push(
          within(ta, tb)
            ? ['feature', `${key}: parameter ${y.parameterName}'s type widened (${ta} -> ${tb})`]
            : ['breaking', `${key}: parameter ${y.parameterName}'s type narrowed or changed (${ta} -> ${tb})`],
        );
    }
  }
  if (a.returnTypeTokenRange && b.returnTypeTokenRange) {
    const [ra, rb] = [text(a.excerptTokens, a.returnTypeTokenRange), text(b.excerptTokens, b.returnTypeTokenRange)];
    if (ra !== rb)
      out.push(
        within(rb, ra)
          ? ['feature', `${key}: return type narrowed (${ra} -> ${rb})`]
          : ['breaking', `${key}: return type changed (${ra} -> ${rb})`],
      );
  }
  const [ga, gb] = [JSON.stringify(a.typeParameters ?? []), JSON.stringify(b.typeParameters ?? [])];
  if (ga !== gb) out.push(['breaking', `${key}: type parameters changed`]);
}

function compareItem(a, b, out) {
  const key = `${label(b)} (${b.kind})`;
  if (a.kind !== b.kind) {
    out.push(['breaking', `${key}: was a ${a.kind}`]);
    return;
  }
  if ('parameters' in a || 'parameters' in b) {
    compareParameters(key, a, b, out);
    return;
  }
  const [ta, tb] = [text(a.excerptTokens), text(b.excerptTokens)];
  if (ta === tb && Boolean(a.isOptional) === Boolean(b.isOptional)) return;
  if (['PropertySignature', 'Property'].includes(b.kind) && !a.isOptional && b.isOptional)
    out.push(['breaking', `${key}: made optional (code reading it may get undefined)`]);
  if (['PropertySignature', 'Property'].includes(b.kind) && a.isOptional && !b.isOptional)
    out.push(['breaking', `${key}: made required`]);
  if (ta === tb) return;
  if (b.kind === 'Variable' || b.kind === 'Property' || b.kind === 'PropertySignature') {
    const range = b.kind === 'Variable' ? 'variableTypeTokenRange' : 'propertyTypeTokenRange';
    const [va, vb] = [literals(text(a.excerptTokens, a[range])), literals(text(b.excerptTokens, b[range]))];
    const changed = [...va].filter(([name, value]) => vb.has(name) && vb.get(name) !== value);
    if (changed.length) {
      for (const [name, value] of changed)
        out.push([
          'breaking',
          `${name ? `${label(b)}.${name}` : label(b)}: default value changed from ${value} to ${vb.get(name)}`,
        ]);
      return;
    }
  }
  out.push(['breaking', `${key}: changed (${ta} -> ${tb})`]);
}

/**
 * The classified differences between two doc models of one entry:
 * `[{ kind: 'breaking' | 'feature', change }]`. `entry` prefixes each change (e.g. `.`).
 */
export function diffModels(before, after, entry = '') {
  const [a, b] = [flatten(before), flatten(after)];
  const out = [];
  const prefix = entry ? `${entry} ` : '';
  for (const [ref, item] of a) {
    if (b.has(ref)) continue;
    // A member of something removed is said once, with its owner.
    if (item.parent && !b.has(item.parent.canonicalReference)) continue;
    out.push(['breaking', `${label(item)} (${item.kind}) removed${item.parent ? '' : ' from the exports'}`]);
  }
  for (const [ref, item] of b) {
    if (a.has(ref)) continue;
    if (item.parent && !a.has(item.parent.canonicalReference)) continue;
    const required =
      item.parent?.kind === 'Interface' &&
      ['PropertySignature', 'MethodSignature'].includes(item.kind) &&
      item.isOptional === false;
    out.push(
      required
        ? ['breaking', `${label(item)} (${item.kind}) added as required to an exported interface`]
        : ['feature', `${label(item)} (${item.kind}) added${item.parent ? '' : ' to the exports'}`],
    );
  }
  for (const [ref, item] of b) if (a.has(ref)) compareItem(a.get(ref), item, out);
  const [da, db] = [before?.exportedDefaults, after?.exportedDefaults];
  if (da && db)
    for (const name of Object.keys(da).filter((n) => n in db)) {
      const [la, lb] = [leaves(da[name], name), leaves(db[name], name)];
      for (const [path, value] of la)
        if (lb.has(path) && lb.get(path) !== value)
          out.push(['breaking', `${path}: default value changed from ${value} to ${lb.get(path)}`]);
    }
  const seen = new Set();
  return out
    .filter(([, change]) => !seen.has(change) && seen.add(change))
    .map(([kind, change]) => ({ kind, change: `API ${prefix}${change}` }));
}
