// Test harness for the reference server: an in-process server, a typed openapi-fetch client over the generated
// `paths`, raw fetch for malformed input, and a conformance record: every answer seen is validated against the
// contract (status documented, body valid, Graph content type, request-id), and tests assert the record is clean.
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import createClient, { type Client } from "openapi-fetch";
import { parse as parseYaml } from "yaml";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { paths } from "../../generated/openapi.ts";
import { operations } from "../../src/contract/operations.ts";
import { formatViolations, validateResponseBody, validateSchema } from "../../src/contract/validators.ts";
import {
  startReferenceServer,
  type ReferenceServer,
  type ReferenceServerOptions,
} from "../../conformance/reference/server.ts";
import { matchRoute } from "../../conformance/reference/router.ts";

export const TOKEN = "test-secret-token-5c9e1d";
export const AUTH = { Authorization: `Bearer ${TOKEN}` } as const;
export const SESSIONS_PATH = "/solutions/backupRestore/exchangeRestoreSessions";

export interface Harness {
  server: ReferenceServer;
  api: Client<paths>;
  /** Raw request below the base URL (or to an absolute URL); the answer is checked like every other one. */
  raw(
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; body?: BodyInit; auth?: boolean },
  ): Promise<RawAnswer>;
  /** Problems found in answers so far (empty when every answer conformed). */
  problems: string[];
  close(): Promise<void>;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

function operationIdFor(
  method: string,
  pathBelowBase: string,
  served?: ReferenceServer["behavior"]["served"],
): string | undefined {
  const match = matchRoute(method.toUpperCase(), pathBelowBase, served);
  return match.kind === "operation" ? match.operationId : undefined;
}

/** Checks one answer against the contract; returns the problems found. */
export function checkAnswer(operationId: string | undefined, status: number, headers: Headers, text: string): string[] {
  const where = `${operationId ?? "(no operation)"} ${status}`;
  const problems: string[] = [];
  if (!headers.get("request-id")) problems.push(`${where}: no request-id header`);
  if (text === "") {
    if (status !== 204) problems.push(`${where}: empty body`);
    return problems;
  }
  const contentType = headers.get("content-type") ?? "";
  if (!/^application\/json(;|$)/.test(contentType)) problems.push(`${where}: content-type ${contentType}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...problems, `${where}: body is not JSON: ${text.slice(0, 100)}`];
  }
  if (!operationId) {
    const violations = validateSchema("GraphErrorResponse", body);
    if (violations.length) problems.push(`${where}: ${formatViolations(violations)}`);
    return problems;
  }
  const result = validateResponseBody(operationId, status, body);
  if (result.kind === "undocumented-status") {
    problems.push(`${where}: status not documented (${result.documented.join(", ")})`);
  } else if (result.kind === "checked" && result.violations.length) {
    problems.push(`${where}: ${result.schema}: ${formatViolations(result.violations)}`);
  }
  return problems;
}

export async function startHarness(options: ReferenceServerOptions = {}): Promise<Harness> {
  const server = await startReferenceServer(options);
  const problems: string[] = [];
  const api = createClient<paths>({ baseUrl: server.baseUrl, headers: AUTH });
  const templates = new Map(
    [...operations().values()].map((info) => [`${info.method.toUpperCase()} ${info.pathTemplate}`, info.operationId]),
  );
  api.use({
    async onResponse({ request, response, schemaPath }) {
      const operationId = templates.get(`${request.method} ${schemaPath}`);
      problems.push(...checkAnswer(operationId, response.status, response.headers, await response.clone().text()));
      return undefined;
    },
  });
  return {
    server,
    api,
    problems,
    async raw(method, path, init = {}) {
      const url = path.startsWith("http") ? path : `${server.baseUrl}${path}`;
      const headers = { ...(init.auth === false ? {} : AUTH), ...init.headers };
      const response = await fetch(url, {
        method,
        headers,
        body: init.body ?? null,
        ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
      } as RequestInit);
      const text = await response.text();
      const below = new URL(url).pathname.replace(/^\/v1\.0(?=\/)/, "");
      problems.push(
        ...checkAnswer(operationIdFor(method, below, server.behavior.served), response.status, response.headers, text),
      );
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    close: () => server.close(),
  };
}

/** The `value` of a spec example (spec/components/examples/NAME.yaml). */
export function example(name: string): any {
  const file = fileURLToPath(new URL(`../../spec/components/examples/${name}.yaml`, import.meta.url));
  return (parseYaml(readFileSync(file, "utf8")) as { value: unknown }).value;
}

/** Creates an empty draft session and returns its id. */
export async function createSession(harness: Harness): Promise<string> {
  const { data, response } = await harness.api.POST(SESSIONS_PATH, { body: {} });
  if (response.status !== 201 || !data) throw new Error(`create answered ${response.status}`);
  return data.id;
}

export function addItem(restorePointId: string, destinationType: "new" | "inPlace" = "new") {
  return { restorePoint: { id: restorePointId }, destinationType } as const;
}

export function removeItem(artifactId: string, reason: "changed" | "deleted" = "changed") {
  return { "@removed": { reason }, id: artifactId } as const;
}

export async function patch(harness: Harness, sessionId: string, items: unknown[]) {
  return harness.raw("PATCH", `${SESSIONS_PATH}/${sessionId}`, {
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ "mailboxRestoreArtifacts@delta": items }),
  });
}

/** Every artifact of a session, following @odata.nextLink; also the pages' sizes and links. */
export async function readAllArtifacts(harness: Harness, sessionId: string, top?: number) {
  const pages: Array<{ size: number; nextLink: string | undefined }> = [];
  const artifacts: any[] = [];
  let url: string | undefined = `${SESSIONS_PATH}/${sessionId}/mailboxRestoreArtifacts${top ? `?$top=${top}` : ""}`;
  while (url) {
    const answer: RawAnswer = await harness.raw("GET", url);
    if (answer.status !== 200) throw new Error(`list answered ${answer.status}: ${answer.text}`);
    artifacts.push(...answer.json.value);
    const nextLink: string | undefined = answer.json["@odata.nextLink"];
    pages.push({ size: answer.json.value.length, nextLink });
    if (pages.length > 100) throw new Error("more than 100 pages: the next links loop");
    url = nextLink;
  }
  return { artifacts, pages };
}

export const RFC3339_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * One harness shared by every test of a file (started before the first, closed after the last); each test fails
 * when an answer it got broke the contract. The returned object forwards to the running harness.
 */
export function useHarness(options: ReferenceServerOptions = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness(options);
  });
  afterAll(() => current?.close());
  afterEach(() => {
    expect(current?.problems).toEqual([]);
  });
  return new Proxy({} as Harness, {
    get(_, key) {
      if (!current) throw new Error("the harness is used before beforeAll started it");
      return Reflect.get(current, key);
    },
  });
}

/** Runs `test` against a harness of its own (for server options one test needs), checks its answers, closes it. */
export async function withHarness(
  options: ReferenceServerOptions,
  test: (local: Harness) => Promise<void>,
): Promise<void> {
  const local = await startHarness(options);
  try {
    await test(local);
    expect(local.problems).toEqual([]);
  } finally {
    await local.close();
  }
}
