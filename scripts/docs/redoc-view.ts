// The bundled contract as Redoc renders it. Two JSON Schema forms that ajv and Prism need are ones Redoc 2.5 drops
// with a console warning, hiding rules from readers; this docs-only view rewrites them into forms Redoc shows.
// The contract itself (generated/openapi.*, the published openapi.yaml) keeps its exact schemas.
//
// 1. A property schema `false` ("this property must be absent", e.g. `@removed` on an addition) becomes a row
//    typed `never` whose description says so and names the form the property marks.
// 2. `allOf: [{$ref: A}, B]` where B narrows a property of A to one of its `anyOf`/`oneOf` branches (a nullable
//    restorePoint that is required and not null in an added result): Redoc merges both and warns about the
//    null branch, so A is inlined, its own allOf flattened, without that property, and B (inlined too when it is a
//    `$ref`) is the definition shown.
import { isDeepStrictEqual } from "node:util";

type Json = Record<string, unknown>;

const SCHEMA_REF = "#/components/schemas/";

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function schemaName(ref: unknown): string | undefined {
  return typeof ref === "string" && ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : undefined;
}

/** For each named schema, the other named schemas it is an alternative to (members of one oneOf/anyOf). */
function alternativesOf(node: unknown, found = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (Array.isArray(node)) {
    for (const item of node) alternativesOf(item, found);
    return found;
  }
  if (!isObject(node)) return found;
  for (const keyword of ["oneOf", "anyOf"]) {
    const members = node[keyword];
    if (!Array.isArray(members)) continue;
    const names = members
      .map((member) => (isObject(member) ? schemaName(member.$ref) : undefined))
      .filter((name) => name !== undefined);
    for (const name of names) {
      const others = found.get(name) ?? new Set<string>();
      for (const other of names) if (other !== name) others.add(other);
      found.set(name, others);
    }
  }
  for (const value of Object.values(node)) alternativesOf(value, found);
  return found;
}

/** The text shown for a property that must be absent from `owner`. */
export function absentPropertyText(owner: string, property: string, belongsTo: string | undefined): string {
  const rule = `**Must be absent.** A ${owner} never carries \`${property}\``;
  return belongsTo ? `${rule}; it marks a ${belongsTo}.` : `${rule}.`;
}

function definesProperty(schema: unknown, property: string): boolean {
  if (!isObject(schema)) return false;
  const properties = schema.properties;
  if (isObject(properties) && property in properties && properties[property] !== false) return true;
  return Array.isArray(schema.allOf) && schema.allOf.some((member) => definesProperty(member, property));
}

/** Replaces every `false` property schema inside `schema` (the component `owner`) with a described `never` row. */
function describeAbsentProperties(
  schema: unknown,
  owner: string,
  schemas: Json,
  alternatives: ReadonlySet<string>,
): void {
  if (Array.isArray(schema)) {
    for (const item of schema) describeAbsentProperties(item, owner, schemas, alternatives);
    return;
  }
  if (!isObject(schema)) return;
  const properties = schema.properties;
  if (isObject(properties)) {
    for (const [property, definition] of Object.entries(properties)) {
      if (definition !== false) continue;
      const belongsTo = [...alternatives].find((other) => definesProperty(schemas[other], property));
      properties[property] = { type: "never", description: absentPropertyText(owner, property, belongsTo) };
    }
  }
  for (const value of Object.values(schema)) describeAbsentProperties(value, owner, schemas, alternatives);
}

/** True when `narrower` is `broader` itself or one of its anyOf/oneOf branches. */
function narrows(narrower: unknown, broader: unknown): boolean {
  if (isDeepStrictEqual(narrower, broader)) return true;
  if (!isObject(broader)) return false;
  const branches = broader.anyOf ?? broader.oneOf;
  return Array.isArray(branches) && branches.some((branch) => isDeepStrictEqual(branch, narrower));
}

/** The named schema a `$ref` member stands for, or the member itself. */
function resolved(member: unknown, schemas: Json): unknown {
  const name = isObject(member) ? schemaName(member.$ref) : undefined;
  return name === undefined ? member : schemas[name];
}

/**
 * `schema` as one plain object schema: its allOf members (refs resolved, recursively) merged into its own
 * properties and required keys. Undefined when a member is not an object schema.
 */
function flattened(schema: unknown, schemas: Json): Json | undefined {
  if (!isObject(schema)) return undefined;
  const { allOf, ...own } = schema;
  if (allOf === undefined) return schema;
  if (!Array.isArray(allOf)) return undefined;
  const parts = allOf.map((member) => flattened(resolved(member, schemas), schemas));
  if (parts.some((part) => part === undefined)) return undefined;
  const properties: Json = {};
  const required = new Set<unknown>();
  for (const part of [...(parts as Json[]), own]) {
    if (isObject(part.properties)) Object.assign(properties, part.properties);
    if (Array.isArray(part.required)) for (const key of part.required) required.add(key);
  }
  return { type: "object", ...own, properties, ...(required.size > 0 ? { required: [...required] } : {}) };
}

/**
 * In `allOf: [{$ref: A}, …, B]`, inlines A (flattened) without the properties that a later member B narrows, and
 * B itself when it is a `$ref`. `schemas` are the contract's own, untouched by this view.
 */
function inlineNarrowedAllOf(schema: Json, schemas: Json): void {
  const members = schema.allOf;
  if (!Array.isArray(members)) return;
  members.forEach((member, index) => {
    if (!isObject(member) || schemaName(member.$ref) === undefined) return;
    const target = flattened(resolved(member, schemas), schemas);
    const targetProperties = target?.properties;
    if (!isObject(target) || !isObject(targetProperties)) return;
    /** The properties of the target that `other` narrows. */
    const narrowedBy = (other: Json | undefined): string[] => {
      const properties = other?.properties;
      if (!isObject(properties)) return [];
      return Object.keys(targetProperties).filter(
        (property) => property in properties && narrows(properties[property], targetProperties[property]),
      );
    };
    const narrowing = members
      .slice(index + 1)
      .map((other, offset) => ({ at: index + 1 + offset, schema: flattened(resolved(other, schemas), schemas) }))
      .filter((other) => narrowedBy(other.schema).length > 0);
    if (narrowing.length === 0) return;
    const narrowed = new Set(narrowing.flatMap((other) => narrowedBy(other.schema)));
    const properties = Object.fromEntries(
      Object.entries(targetProperties).filter(([property]) => !narrowed.has(property)),
    );
    const required = Array.isArray(target.required)
      ? target.required.filter((property) => !narrowed.has(property as string))
      : undefined;
    members[index] = { ...target, properties, ...(required ? { required } : {}) };
    for (const other of narrowing) members[other.at] = structuredClone(other.schema);
  });
}

/** A copy of the bundled document in the forms Redoc renders; `document` is not changed. */
export function redocView<T extends object>(document: T): T {
  const view = structuredClone(document) as Json;
  const components = isObject(view.components) ? view.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const alternatives = alternativesOf(view);
  // Inlined copies come from the contract's own schemas, so each owner describes its absent properties itself.
  const contractSchemas = structuredClone(schemas);
  for (const [name, schema] of Object.entries(schemas)) {
    if (isObject(schema)) inlineNarrowedAllOf(schema, contractSchemas);
    describeAbsentProperties(schema, name, contractSchemas, alternatives.get(name) ?? new Set());
  }
  return view as T;
}
