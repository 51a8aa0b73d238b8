// Invalid request bodies derived from the contract's own schemas: walk a valid body alongside its schema and, at
// each place, make the one change the schema rules out there (a wrong JSON type, a required member dropped, an
// unknown member or annotation, an array where an object belongs and the reverse, null, empty, one item over the
// limit, a value outside an enum or const). Every candidate is confirmed invalid by the compiled validator, so each
// is invalid in exactly one way, and the list follows the contract when the contract changes. Where each kind of
// change at each place comes from (the docs, OData, or the contract's own decision) is data: `invalidRequests` in
// conformance/sources.yaml, read by explore/request-provenance.ts.
import { loadOpenApiDocument } from "../../src/contract/document.ts";
import { validateSchema, validatorFor } from "../../src/contract/validators.ts";

export type InvalidKind =
  | "wrong-type"
  | "missing-member"
  | "unknown-member"
  | "unknown-annotation"
  | "array-for-object"
  | "object-for-array"
  | "null"
  | "empty"
  | "over-limit"
  | "value-not-allowed"
  | "key-cased"
  | "key-misspelt"
  | "key-without-annotation";

export interface InvalidBody {
  kind: InvalidKind;
  /** JSON pointer of the place changed ("" for the whole body). */
  pointer: string;
  /** One line: what was changed, e.g. `/mailboxRestoreArtifacts@delta/0/restorePoint: an array where an object belongs`. */
  description: string;
  body: unknown;
}

/** Supplies `count` valid, distinct items for the array at `pointer` (for over-limit bodies); undefined if it cannot. */
export type ItemFiller = (pointer: string, count: number) => unknown[] | undefined;

type Schema = Record<string, unknown>;
type Path = Array<string | number>;

const REF_PREFIX = "#/components/schemas/";
const UNKNOWN_MEMBER = "unexpectedMember";
/** An instance annotation no vocabulary defines (OData: a consumer ignores annotations it does not know). */
const UNKNOWN_ANNOTATION = "@Custom.Note";

function componentSchemas(): Record<string, Schema> {
  return loadOpenApiDocument().components.schemas as Record<string, Schema>;
}

function refName(schema: Schema): string | undefined {
  const ref = schema.$ref;
  return typeof ref === "string" && ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

/** The schema a value is judged by: refs followed, and of a oneOf the branch the (valid) value matches. */
function effectiveSchema(schema: Schema, value: unknown): Schema {
  let current = schema;
  for (let depth = 0; depth < 16; depth++) {
    const name = refName(current);
    if (name !== undefined) {
      current = componentSchemas()[name] ?? {};
      continue;
    }
    const branches = current.oneOf as Schema[] | undefined;
    if (Array.isArray(branches)) {
      const matching = branches.find((branch) => {
        const branchName = refName(branch);
        return branchName !== undefined && validatorFor(branchName)(value);
      });
      if (!matching) return current;
      current = matching;
      continue;
    }
    return current;
  }
  return current;
}

function pointerOf(path: Path): string {
  return path.map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

const REMOVE = Symbol("remove");

function replaced(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return copy;
}

function typeOf(schema: Schema, value: unknown): "object" | "array" | "string" | "number" | "other" {
  const declared = schema.type;
  if (declared === "object" || (declared === undefined && schema.properties !== undefined)) return "object";
  if (declared === "array") return "array";
  if (declared === "string" || typeof schema.const === "string") return "string";
  if (declared === "integer" || declared === "number") return "number";
  if (Array.isArray(value)) return "array";
  if (value !== null && typeof value === "object") return "object";
  return typeof value === "string" ? "string" : "other";
}

function allowsNull(schema: Schema): boolean {
  const declared = schema.type;
  return declared === "null" || (Array.isArray(declared) && declared.includes("null"));
}

/** The required member's name cased differently, misspelt, and (for an annotated name) without its annotation. */
function renamings(name: string): Array<[InvalidKind, string]> {
  const at = name.indexOf("@");
  const base = at < 0 ? name : name.slice(0, at);
  const annotation = at < 0 ? "" : name.slice(at);
  const capital = `${base.charAt(0).toUpperCase()}${base.slice(1)}${annotation}`;
  const renamed: Array<[InvalidKind, string]> = [
    ["key-cased", capital],
    ["key-cased", name.toLowerCase()],
    ["key-misspelt", `${base.slice(0, -1)}${annotation}`],
  ];
  if (annotation) {
    renamed.push(["key-cased", `${base}${annotation.toUpperCase()}`], ["key-without-annotation", base]);
  }
  return renamed.filter(
    ([, candidate], index, all) => candidate !== name && all.findIndex(([, other]) => other === candidate) === index,
  );
}

/** `root` with the member `name` of the object at `path` renamed (its value and place kept). */
function renamedMember(root: unknown, path: Path, name: string, renamed: string): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const part of path) parent = parent[part] as Record<string | number, unknown>;
  const entries = Object.entries(parent).map(([key, value]) => [key === name ? renamed : key, value] as const);
  for (const key of Object.keys(parent)) delete parent[key];
  for (const [key, value] of entries) parent[key] = value;
  return copy;
}

/** Every single-change invalid variant of `body` (valid against `components.schemas[schemaName]`). */
export function invalidBodies(schemaName: string, body: unknown, fill?: ItemFiller): InvalidBody[] {
  const candidates: InvalidBody[] = [];
  const add = (kind: InvalidKind, path: Path, what: string, value: unknown) => {
    const pointer = pointerOf(path);
    candidates.push({
      kind,
      pointer,
      description: `${pointer || "(body)"}: ${what}`,
      body: replaced(body, path, value),
    });
  };
  const walk = (rawSchema: Schema, value: unknown, path: Path) => {
    const schema = effectiveSchema(rawSchema, value);
    const type = typeOf(schema, value);
    if (type === "object" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      add("wrong-type", path, "a number where an object belongs", 42);
      add("array-for-object", path, "an array where an object belongs", [record]);
      if (!allowsNull(schema)) add("null", path, "null where an object belongs", null);
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      if (required.length > 0 && Object.keys(record).length > 0) add("empty", path, "an empty object", {});
      for (const name of required) {
        if (!(name in record)) continue;
        add("missing-member", [...path, name], `required member "${name}" left out`, REMOVE);
        // The body's own key misspelt or cased differently (items' members are covered by the changes above).
        if (path.length > 0) continue;
        for (const [kind, renamed] of renamings(name))
          candidates.push({
            kind,
            pointer: pointerOf(path),
            description: `${pointerOf(path) || "(body)"}: "${name}" sent as "${renamed}"`,
            body: renamedMember(body, path, name, renamed),
          });
      }
      if (schema.additionalProperties === false) {
        add("unknown-member", [...path, UNKNOWN_MEMBER], `an unknown member "${UNKNOWN_MEMBER}"`, true);
        add("unknown-annotation", [...path, UNKNOWN_ANNOTATION], `an unknown annotation "${UNKNOWN_ANNOTATION}"`, "x");
      }
      const properties = (schema.properties ?? {}) as Record<string, Schema | boolean>;
      for (const [name, member] of Object.entries(record)) {
        const memberSchema = properties[name];
        if (memberSchema && typeof memberSchema === "object") walk(memberSchema, member, [...path, name]);
      }
      return;
    }
    if (type === "array" && Array.isArray(value)) {
      add("wrong-type", path, "a string where an array belongs", "not an array");
      add("object-for-array", path, "an object where an array belongs", { item: value[0] ?? {} });
      if (!allowsNull(schema)) add("null", path, "null where an array belongs", null);
      if (typeof schema.minItems === "number" && schema.minItems > 0) add("empty", path, "an empty array", []);
      if (typeof schema.maxItems === "number") {
        const items = fill?.(pointerOf(path), schema.maxItems + 1);
        if (items)
          add("over-limit", path, `${schema.maxItems + 1} items, one over the limit of ${schema.maxItems}`, items);
      }
      const itemSchema = schema.items;
      if (itemSchema && typeof itemSchema === "object")
        value.forEach((item, index) => {
          walk(itemSchema as Schema, item, [...path, index]);
        });
      return;
    }
    if (type === "string") {
      add("wrong-type", path, "a number where a string belongs", 42);
      if (!allowsNull(schema)) add("null", path, "null where a string belongs", null);
      if (typeof schema.minLength === "number" && schema.minLength > 0) add("empty", path, "an empty string", "");
      if (Array.isArray(schema.enum))
        add(
          "value-not-allowed",
          path,
          `"notAValue", not one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`,
          "notAValue",
        );
      if (typeof schema.const === "string")
        add(
          "value-not-allowed",
          path,
          `"#microsoft.graph.driveItem" instead of ${JSON.stringify(schema.const)}`,
          "#microsoft.graph.driveItem",
        );
    }
  };
  walk({ $ref: `${REF_PREFIX}${schemaName}` }, body, []);
  return candidates.filter((candidate) => validateSchema(schemaName, candidate.body).length > 0);
}

/** The class of a derived change (its kind at its place, array indices left out): what coverage counts. */
export function derivationClass(invalid: InvalidBody): string {
  return `${invalid.kind} ${invalid.pointer.replace(/\/\d+(?=\/|$)/g, "/*")}`;
}

/**
 * The change a command sends: the first time it runs, the class its part has sent least (PartCoverage); when it runs
 * again (fast-check replays it while shrinking), a change of the same class. `remember` keeps the class chosen.
 */
export function coveredDerivation(
  candidates: readonly InvalidBody[],
  chosen: string | undefined,
  choose: (classes: string[]) => number | undefined,
): { invalid: InvalidBody; chosen: string } | undefined {
  const classes = candidates.map(derivationClass);
  const wanted = chosen ?? classes[choose(classes) ?? -1];
  const index = wanted === undefined ? -1 : classes.indexOf(wanted);
  const invalid = candidates[index];
  return invalid && wanted !== undefined ? { invalid, chosen: wanted } : undefined;
}

function topSchema(): Schema {
  const parameter = (loadOpenApiDocument().components as { parameters?: Record<string, { schema?: Schema }> })
    .parameters?.top;
  return parameter?.schema ?? {};
}

/** Values of the `$top` query option its parameter schema rules out: below the minimum, above the maximum, not an integer. */
export function invalidTopValues(): string[] {
  const schema = topSchema();
  const values: string[] = [];
  if (typeof schema.minimum === "number") values.push(String(schema.minimum - 1));
  if (typeof schema.maximum === "number") values.push(String(schema.maximum + 1));
  if (schema.type === "integer") values.push("abc");
  return values;
}

/** The largest `$top` the parameter's schema allows. */
export function maximumTop(): number {
  const maximum = topSchema().maximum;
  if (typeof maximum !== "number") throw new Error("the contract's $top parameter has no maximum");
  return maximum;
}
