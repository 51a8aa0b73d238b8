// Every example the bundled contract attaches to a request or response body, with the schema it must satisfy.
import type { OpenApiDocument } from "../../src/contract/document.ts";
import { HTTP_METHODS } from "../../src/contract/operations.ts";

type Json = Record<string, unknown>;

export interface MediaExample {
  /** Where it is used, e.g. `updateExchangeRestoreSession response 200 application/json`. */
  usage: string;
  /** Name in components.examples when referenced, else undefined (inline). */
  component?: string;
  exampleKey: string;
  schema: string;
  value: unknown;
}

const EXAMPLE_REF = /^#\/components\/examples\/(.+)$/;
const SCHEMA_REF = /^#\/components\/schemas\/(.+)$/;

function deref(document: OpenApiDocument, node: unknown): Json {
  let current = node as Json;
  for (let hops = 0; typeof current?.$ref === "string" && hops < 16; hops++) {
    let target: unknown = document;
    for (const segment of (current.$ref as string).replace(/^#\//, "").split("/")) {
      target = (target as Json)[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    current = target as Json;
  }
  return current;
}

function examplesOfMediaType(document: OpenApiDocument, usage: string, media: Json): MediaExample[] {
  const schemaRef = (media.schema as Json | undefined)?.$ref;
  const schemaMatch = typeof schemaRef === "string" ? SCHEMA_REF.exec(schemaRef) : null;
  if (!schemaMatch?.[1]) throw new Error(`${usage}: the body schema is not a $ref to components.schemas`);
  const schema = schemaMatch[1];
  const found: MediaExample[] = [];
  if (media.example !== undefined) found.push({ usage, exampleKey: "example", schema, value: media.example });
  for (const [exampleKey, raw] of Object.entries((media.examples as Json | undefined) ?? {})) {
    const ref = (raw as Json).$ref;
    const component = typeof ref === "string" ? EXAMPLE_REF.exec(ref)?.[1] : undefined;
    found.push({ usage, component, exampleKey, schema, value: deref(document, raw).value });
  }
  return found;
}

/** Walks every operation's request body and responses in the bundled document. */
export function mediaExamples(document: OpenApiDocument): MediaExample[] {
  const found: MediaExample[] = [];
  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Json | undefined;
      if (!operation) continue;
      const name = operation.operationId as string;
      const bodies: [string, Json][] = [];
      if (operation.requestBody) bodies.push([`${name} request`, deref(document, operation.requestBody)]);
      for (const [status, response] of Object.entries((operation.responses as Json | undefined) ?? {})) {
        bodies.push([`${name} response ${status}`, deref(document, response)]);
      }
      for (const [usage, body] of bodies) {
        for (const [mediaType, media] of Object.entries((body.content as Json | undefined) ?? {})) {
          found.push(...examplesOfMediaType(document, `${usage} ${mediaType}`, media as Json));
        }
      }
    }
  }
  return found;
}
