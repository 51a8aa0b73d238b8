// The checks, in the order they run on every step. A step's report lists them in this order; when `transport`
// fails nothing else is judged, and checks that need a JSON body skip steps that have none.
import { bodyAssertions } from "./body-assertions.ts";
import { byteOrderMark } from "./byte-order-mark.ts";
import { contentType } from "./content-type.ts";
import { deltaResults } from "./delta-results.ts";
import { errorCode } from "./error-code.ts";
import { errorEnvelope } from "./error-envelope.ts";
import { jsonBody } from "./json-body.ts";
import { odataType } from "./odata-type.ts";
import { paging } from "./paging.ts";
import { responseSchema } from "./response-schema.ts";
import { retryAfter } from "./retry-after.ts";
import { state } from "./state.ts";
import { statusCode } from "./status-code.ts";
import { transport } from "./transport.ts";
import type { Check } from "./check.ts";

export const CHECKS: readonly Check[] = [
  // the exchange itself
  transport,
  retryAfter,
  statusCode,
  contentType,
  jsonBody,
  byteOrderMark,
  // the contract's shapes
  responseSchema,
  errorEnvelope,
  errorCode,
  odataType,
  paging,
  // what the step asserts
  bodyAssertions,
  deltaResults,
  // what the server now holds
  state,
];

export type { Check, CheckContext, Verdict } from "./check.ts";
