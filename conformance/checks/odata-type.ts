// odata-type: a session or artifact that names its type (`@odata.type`) in a success answer names its workload's
// own — a OneDrive collection holds oneDriveForBusinessRestoreSession entities and their driveRestoreArtifact
// artifacts, never another workload's. Types are compared without regard to case: the SharePoint pages spell the
// type `sharepointRestoreSession` where the CSDL says `sharePointRestoreSession` (ERRATA E36).
import type { Workload } from "../../src/contract/workloads.ts";
import { roleOf } from "../vocabulary/scenario.ts";
import { failed, pagePrefix, passed, shown, type Check } from "./check.ts";

const SOURCE = "odata-entity-type";

/** The qualified type name a `@odata.type` value names (`#microsoft.graph.x`, a URL ending in it, or `microsoft.graph.x`). */
function typeName(value: string): string {
  const fragment = value.includes("#") ? value.slice(value.lastIndexOf("#") + 1) : value;
  return fragment.toLowerCase();
}

function accepts(value: unknown, type: string): boolean {
  if (typeof value !== "string") return false;
  const name = typeName(value);
  return name === `microsoft.graph.${type}`.toLowerCase() || name === `graph.${type}`.toLowerCase();
}

interface Typed {
  pointer: string;
  entity: unknown;
  type: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The entities of an answer with the type each must have, by JSON pointer. */
function typedEntities(operationId: string, body: unknown, workload: Workload): Typed[] {
  if (!isObject(body)) return [];
  const role = roleOf(operationId);
  const each = (key: string, type: string): Typed[] => {
    const list = body[key];
    return Array.isArray(list) ? list.map((entity, index) => ({ pointer: `/${key}/${index}`, entity, type })) : [];
  };
  const session = { pointer: "", entity: body, type: workload.sessionType };
  switch (role) {
    case "create":
    case "get":
    case "activate":
      return [session, ...each(workload.artifactsKey, workload.artifactType)];
    case "update":
      return [session, ...each(workload.deltaKey, workload.artifactType)];
    case "list":
      return each("value", workload.sessionType);
    case "listArtifacts":
      return each("value", workload.artifactType);
    default:
      return [];
  }
}

export const odataType: Check = {
  name: "odata-type",
  description: "every @odata.type of a session or artifact names the workload's own type",
  usesExpectation: false,
  source: SOURCE,
  run({ response, operation, workload, redact }) {
    const problems: string[] = [];
    let typed = 0;
    for (const [index, page] of response.pages.entries()) {
      const status = page.exchange.status ?? 0;
      if (status < 200 || status >= 300 || page.decoded.kind !== "json") continue;
      for (const { pointer, entity, type } of typedEntities(operation.operationId, page.decoded.value, workload)) {
        if (!isObject(entity) || entity["@odata.type"] === undefined) continue;
        typed++;
        if (!accepts(entity["@odata.type"], type))
          problems.push(
            `${pagePrefix(index, response.pages.length)}${pointer}/@odata.type: received ${shown(entity["@odata.type"], redact)}, expected #microsoft.graph.${type} (the ${workload.title} workload's type)`,
          );
      }
    }
    if (problems.length > 0) return failed(problems.join("; "));
    return typed > 0 ? passed(`${typed} typed entit${typed === 1 ? "y" : "ies"}`) : null;
  },
};
