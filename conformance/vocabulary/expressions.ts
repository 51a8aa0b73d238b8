// Runtime expressions in scenario data (Arazzo-style): `$pool[i]` / `$pool[i:j]` (restore-point ids),
// `$steps.<step>.outputs.<name>[i|i:j]`, `$absent.<name>` (a fresh GUID per run that names nothing),
// `$response.body#/pointer` and `$workload.<name>` (a name of the step's workload: deltaKey, artifactsKey, …). A
// string that is exactly an expression becomes its value (any type); `{$…}` inside a longer string (or an object
// key of a body) is replaced by the value's text.
import type { Workload } from "../../src/contract/workloads.ts";

/** The workload names a scenario may use as `$workload.<name>`. */
export const WORKLOAD_EXPRESSION_NAMES = ["name", "deltaKey", "artifactsKey", "sessionType", "artifactType"] as const;
export type WorkloadExpressionName = (typeof WORKLOAD_EXPRESSION_NAMES)[number];

export type Slice = { start: number; end?: number };

export type Expression =
  | { kind: "pool"; slice: Slice }
  | { kind: "step"; step: string; output: string; slice?: Slice }
  | { kind: "absent"; name: string }
  | { kind: "response"; pointer: string }
  | { kind: "workload"; name: WorkloadExpressionName };

const SLICE = String.raw`\[(\d+)(?::(\d+))?\]`;
const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => Expression]> = [
  [new RegExp(String.raw`^\$pool${SLICE}$`), (m) => ({ kind: "pool", slice: slice(m[1], m[2]) })],
  [
    new RegExp(String.raw`^\$steps\.([a-z0-9-]+)\.outputs\.([A-Za-z][A-Za-z0-9]*)(?:${SLICE})?$`),
    (m) => ({
      kind: "step",
      step: m[1] as string,
      output: m[2] as string,
      ...(m[3] === undefined ? {} : { slice: slice(m[3], m[4]) }),
    }),
  ],
  [/^\$absent\.([A-Za-z][A-Za-z0-9]*)$/, (m) => ({ kind: "absent", name: m[1] as string })],
  [/^\$response\.body#((?:\/.*)?)$/, (m) => ({ kind: "response", pointer: m[1] as string })],
  [
    new RegExp(String.raw`^\$workload\.(${WORKLOAD_EXPRESSION_NAMES.join("|")})$`),
    (m) => ({ kind: "workload", name: m[1] as WorkloadExpressionName }),
  ],
];

function slice(start: string | undefined, end: string | undefined): Slice {
  return end === undefined ? { start: Number(start) } : { start: Number(start), end: Number(end) };
}

export class ExpressionError extends Error {}

/** The expression a string is, undefined for a plain string; throws on a `$…` string that is no known expression. */
export function parseExpression(text: string): Expression | undefined {
  if (!text.startsWith("$")) return undefined;
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(text);
    if (match) return build(match);
  }
  throw new ExpressionError(
    `"${text}" is not an expression (known: $pool[i], $pool[i:j], $steps.<step>.outputs.<name>, $absent.<name>, $response.body#/pointer, $workload.<${WORKLOAD_EXPRESSION_NAMES.join("|")}>)`,
  );
}

const EMBEDDED = /\{(\$[^{}]+)\}/g;

/** The expressions embedded as `{$…}` in a longer string. */
export function embeddedExpressions(text: string): Expression[] {
  return [...text.matchAll(EMBEDDED)].map((match) => parseExpression(match[1] as string) as Expression);
}

/** Every expression in a value (deep, object keys' embedded ones included), for static checks before a run. */
export function expressionsIn(value: unknown): Expression[] {
  if (typeof value === "string") {
    const whole = parseExpression(value);
    return whole ? [whole] : embeddedExpressions(value);
  }
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, item]) => [...embeddedExpressions(key), ...expressionsIn(item)]);
  return [];
}

export interface ExpressionScope {
  pool: readonly string[];
  outputs: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  absent(name: string): string;
  /** The current answer's JSON body, when expressions are evaluated after a response. */
  responseBody?: unknown;
  /** Why an earlier step produced no value for an output, by `step.output`. */
  missingOutputs?: ReadonlyMap<string, string>;
  /** The workload of the step (`$workload.<name>`). */
  workload?: Workload;
}

/** Reads an RFC 6901 JSON pointer; `undefined` when it names nothing. */
export function readPointer(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  let current = value;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(key)) return undefined;
      current = current[Number(key)];
    } else if (current !== null && typeof current === "object" && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  return current;
}

function applySlice(value: unknown, part: Slice, what: string): unknown {
  if (!Array.isArray(value)) throw new ExpressionError(`${what} is not a list, so it cannot be indexed`);
  if (part.end === undefined) {
    if (part.start >= value.length)
      throw new ExpressionError(`${what} has ${value.length} entries; [${part.start}] is past the end`);
    return value[part.start];
  }
  if (part.end > value.length)
    throw new ExpressionError(`${what} has ${value.length} entries; [${part.start}:${part.end}] is past the end`);
  return value.slice(part.start, part.end);
}

export function evaluate(expression: Expression, scope: ExpressionScope): unknown {
  switch (expression.kind) {
    case "pool":
      return applySlice(scope.pool, expression.slice, "the restore-point pool");
    case "absent":
      return scope.absent(expression.name);
    case "workload":
      if (!scope.workload) throw new ExpressionError(`$workload.${expression.name}: the step runs in no workload`);
      return scope.workload[expression.name];
    case "response": {
      if (scope.responseBody === undefined)
        throw new ExpressionError(`$response.body#${expression.pointer}: the answer has no JSON body`);
      const value = readPointer(scope.responseBody, expression.pointer);
      if (value === undefined) throw new ExpressionError(`the answer has nothing at ${expression.pointer || "(root)"}`);
      return value;
    }
    case "step": {
      const outputs = scope.outputs.get(expression.step);
      const name = `$steps.${expression.step}.outputs.${expression.output}`;
      if (!outputs || !(expression.output in outputs)) {
        const why = scope.missingOutputs?.get(`${expression.step}.${expression.output}`);
        throw new ExpressionError(
          `${name} has no value (step ${expression.step} did not produce it${why ? `: ${why}` : ""})`,
        );
      }
      const value = outputs[expression.output];
      return expression.slice ? applySlice(value, expression.slice, name) : value;
    }
  }
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Replaces the `{$…}` expressions embedded in a text (an object key, a longer string) by their values' text. */
export function resolveEmbedded(text: string, scope: ExpressionScope): string {
  return text.replace(EMBEDDED, (_, inner: string) => asText(evaluate(parseExpression(inner) as Expression, scope)));
}

/** Resolves every expression in a value (deep, object keys included). Generators are left for the request builder. */
export function resolveValue(value: unknown, scope: ExpressionScope): unknown {
  if (typeof value === "string") {
    const whole = parseExpression(value);
    if (whole) return evaluate(whole, scope);
    return resolveEmbedded(value, scope);
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, scope));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [resolveEmbedded(key, scope), resolveValue(item, scope)]),
    );
  }
  return value;
}

/** Resolves an id-list field (an expression or a list of them) to a flat list of strings. */
export function resolveIdList(value: string | readonly string[], scope: ExpressionScope, what: string): string[] {
  const parts = typeof value === "string" ? [value] : value;
  const ids: string[] = [];
  for (const part of parts) {
    const resolved = resolveValue(part, scope);
    for (const id of Array.isArray(resolved) ? resolved : [resolved]) {
      if (typeof id !== "string" || id === "")
        throw new ExpressionError(`${what}: ${JSON.stringify(part)} gives ${JSON.stringify(id)}, not an id`);
      ids.push(id);
    }
  }
  return ids;
}

/** How many restore points the pool must hold for these expressions (the highest index used, plus one). */
export function poolEntriesNeeded(expressions: readonly Expression[]): number {
  let needed = 0;
  for (const expression of expressions) {
    if (expression.kind !== "pool") continue;
    needed = Math.max(needed, expression.slice.end ?? expression.slice.start + 1);
  }
  return needed;
}
