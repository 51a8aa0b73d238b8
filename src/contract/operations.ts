// Operation lookup in the bundled contract: method, path template, documented statuses and schemas.
import { loadOpenApiDocument, type OpenApiDocument } from "./document.ts";

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface DocumentedResponse {
  status: string;
  /** `#/components/schemas/X` of the JSON body, when the response has one. */
  schemaRef?: string;
  headers: string[];
}

export interface OperationInfo {
  operationId: string;
  method: HttpMethod;
  pathTemplate: string;
  requestSchemaRef?: string;
  responses: Map<string, DocumentedResponse>;
  /** The permissions (OAuth scopes) any one of which lets a caller use the operation, as its `security` says. */
  permissions: string[];
}

type Json = Record<string, unknown>;

function resolve(document: OpenApiDocument, node: unknown): Json {
  let current = node as Json;
  for (let hops = 0; typeof current?.$ref === "string" && hops < 10; hops++) {
    const pointer = (current.$ref as string).replace(/^#\//, "").split("/");
    let target: unknown = document;
    for (const segment of pointer) target = (target as Json)[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
    current = target as Json;
  }
  return current;
}

function jsonSchemaRef(content: unknown): string | undefined {
  const media = (content as Json | undefined)?.["application/json"] as Json | undefined;
  const schema = media?.schema as Json | undefined;
  if (!schema) return undefined;
  if (typeof schema.$ref === "string") return schema.$ref;
  throw new Error(`inline body schemas are not used by this contract: ${JSON.stringify(schema).slice(0, 80)}`);
}

function indexOperations(document: OpenApiDocument): Map<string, OperationInfo> {
  const byId = new Map<string, OperationInfo>();
  for (const [pathTemplate, pathItem] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Json | undefined;
      if (!operation) continue;
      const responses = new Map<string, DocumentedResponse>();
      for (const [status, raw] of Object.entries(operation.responses as Json)) {
        const response = resolve(document, raw);
        responses.set(status, {
          status,
          schemaRef: jsonSchemaRef(response.content),
          headers: Object.keys((response.headers as Json | undefined) ?? {}),
        });
      }
      const body = operation.requestBody ? resolve(document, operation.requestBody) : undefined;
      const security = (operation.security ?? document.security ?? []) as Array<Record<string, string[]>>;
      const permissions = [...new Set(security.flatMap((requirement) => Object.values(requirement).flat()))];
      byId.set(operation.operationId as string, {
        operationId: operation.operationId as string,
        method,
        pathTemplate,
        requestSchemaRef: body ? jsonSchemaRef(body.content) : undefined,
        responses,
        permissions,
      });
    }
  }
  return byId;
}

let cached: Map<string, OperationInfo> | undefined;

export function operations(): Map<string, OperationInfo> {
  cached ??= indexOperations(loadOpenApiDocument());
  return cached;
}

export function operation(operationId: string): OperationInfo {
  const found = operations().get(operationId);
  if (!found) throw new Error(`unknown operationId "${operationId}"; known: ${[...operations().keys()].join(", ")}`);
  return found;
}

/** Fills `{name}` placeholders of a path template; values are URI-encoded. */
export function expandPath(pathTemplate: string, parameters: Record<string, string>): string {
  return pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new Error(`path parameter "${name}" of ${pathTemplate} has no value`);
    return encodeURIComponent(value);
  });
}
