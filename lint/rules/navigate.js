// Walking an operation's request body and responses across files: Redocly resolves each $ref relative to the file
// that contains it, so every step carries its location along with the node.

/** @param {unknown} node */
export function isRef(node) {
  return node !== null && typeof node === "object" && typeof (/** @type {{$ref?: unknown}} */ (node).$ref) === "string";
}

/**
 * Follows a chain of $refs from `node` found at `location`. `refs` lists every $ref string on the way.
 * `node` is undefined when a reference does not resolve (the built-in no-unresolved-refs reports that).
 */
export function follow(ctx, node, location) {
  const refs = [];
  let current = node;
  let at = location;
  for (let hops = 0; isRef(current) && hops < 32; hops++) {
    refs.push(current.$ref);
    const resolved = ctx.resolve(current, at.source.absoluteRef);
    if (resolved.node === undefined || !resolved.location) return { node: undefined, location: at, refs };
    current = resolved.node;
    at = resolved.location;
  }
  return { node: current, location: at, refs };
}

/** A readable name for the operation being visited. */
export function operationName(operation, ctx) {
  return operation.operationId ?? `${String(ctx.key).toUpperCase()} operation`;
}

/** The operation's request body, resolved, or undefined when it has none. */
export function requestBodyOf(operation, ctx) {
  if (!operation.requestBody) return undefined;
  return follow(ctx, operation.requestBody, ctx.location.child(["requestBody"]));
}

/** Every documented response of the operation, resolved: `{ status, node, location }`. */
export function responsesOf(operation, ctx) {
  const responses = operation.responses && typeof operation.responses === "object" ? operation.responses : {};
  return Object.entries(responses).map(([status, raw]) => ({
    status,
    ...follow(ctx, raw, ctx.location.child(["responses", status])),
  }));
}

/** The media types of a resolved request body or response: `{ mediaType, node, location }`. */
export function mediaTypesOf(resolved) {
  const content = resolved.node?.content;
  if (!content || typeof content !== "object") return [];
  return Object.entries(content).map(([mediaType, node]) => ({
    mediaType,
    node,
    location: resolved.location.child(["content", mediaType]),
  }));
}

/**
 * Reports each problem location once per lint run: shared responses are reached from many operations, and one
 * complaint per place to fix is enough.
 */
export function oncePerLocation() {
  const seen = new Set();
  return (location) => {
    const key = `${location.source.absoluteRef}${location.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
