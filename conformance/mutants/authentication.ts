// Mutants that break authentication: serving without a token, a 401 without its envelope.
import { rewriteAnswers } from "./hooks.ts";
import { mutant, type ServerVariant } from "./server-variant.ts";

export const AUTHENTICATION_MUTANTS: readonly ServerVariant[] = [
  mutant("no-auth-required", "requests without a bearer token are served", { requireAuth: false }),
  mutant("unauthorized-empty-body", "401 answers have no body (no error envelope)", {
    transformResponse: rewriteAnswers({ status: 401 }, (response) => {
      const { "content-type": _dropped, ...headers } = response.headers;
      return { status: 401, headers };
    }),
  }),
];
