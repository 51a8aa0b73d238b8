// Where the rule an invalid request breaks comes from. The exploration derives invalid requests from the contract's
// request schemas (invalid-bodies.ts); each change at each place is named by one rule of the `invalidRequests` table
// in conformance/sources.yaml: the source that rules it out (Microsoft's docs, OData, or a contract decision, with the
// status and error code the docs name for it), or the question of readings.yaml whose readings the docs allow. A
// change no rule names is a configuration error: it never defaults to a docs source.
import { ConfigError } from "../vocabulary/config-error.ts";
import { readingRegistry } from "../vocabulary/reading-registry.ts";
import { isAdvisorySource, type InvalidRequestRule, sourceRegistry } from "../vocabulary/source-registry.ts";
import type { InvalidBody } from "./invalid-bodies.ts";

export type RequestKind = "create" | "patch";

export type InvalidRequestProvenance =
  | {
      kind: "rule";
      source: string;
      status: number;
      errorCode?: string;
      /** The rule is the contract's own decision: a server that accepts the request gets an advisory. */
      advisory: boolean;
    }
  | { kind: "reading"; question: string };

interface CompiledRule {
  rule: InvalidRequestRule;
  pattern: RegExp;
}

const compiled = new Map<string, CompiledRule[]>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The rules of one request, their pointers resolved for a workload's artifact list key. */
function rulesFor(request: RequestKind, itemsKey: string): CompiledRule[] {
  const key = `${request}\u0000${itemsKey}`;
  let rules = compiled.get(key);
  if (!rules) {
    rules = sourceRegistry()
      .invalidRequests()
      .filter((rule) => rule.request.includes(request))
      .map((rule) => ({
        rule,
        pattern: new RegExp(
          `^${rule.pointer
            .split("/")
            .map((segment) => (segment === "*" ? "[0-9]+" : escapeRegExp(segment.replaceAll("{items}", itemsKey))))
            .join("/")}$`,
        ),
      }));
    compiled.set(key, rules);
  }
  return rules;
}

/** The rule an invalid request breaks; throws ConfigError when no rule (or more than one) names it. */
export function provenanceOf(request: RequestKind, invalid: InvalidBody, itemsKey: string): InvalidRequestProvenance {
  const matching = rulesFor(request, itemsKey).filter(
    ({ rule, pattern }) => rule.kinds.includes(invalid.kind) && pattern.test(invalid.pointer),
  );
  if (matching.length !== 1) {
    throw new ConfigError(
      `${matching.length === 0 ? "no rule" : `${matching.length} rules`} of invalidRequests in conformance/sources.yaml name${matching.length === 1 ? "s" : ""} a ${request} request changed by ${invalid.kind} at ${invalid.pointer || "(body)"}: add exactly one, with the source that rules it out`,
    );
  }
  const { rule } = matching[0] as CompiledRule;
  if (rule.reading !== undefined) {
    readingRegistry().question(rule.reading);
    return { kind: "reading", question: rule.reading };
  }
  const source = sourceRegistry().get(rule.source ?? "").id;
  return {
    kind: "rule",
    source,
    status: rule.status ?? 400,
    ...(rule.errorCode === undefined ? {} : { errorCode: rule.errorCode }),
    advisory: isAdvisorySource(source),
  };
}
