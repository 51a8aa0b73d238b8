// Redocly CLI plugin: the lint rules specific to this contract (configured in ./ruleset.yaml).
import { AnnotationSpelling } from "./rules/annotation-spelling.js";
import { ErrorEnvelope } from "./rules/error-envelope.js";
import { OperationExamples } from "./rules/operation-examples.js";
import { ThrottlingRetryAfter } from "./rules/throttling-retry-after.js";

export default function graphContractPlugin() {
  return {
    id: "graph-contract",
    rules: {
      oas3: {
        "operation-examples": OperationExamples,
        "error-envelope": ErrorEnvelope,
        "annotation-spelling": AnnotationSpelling,
        "throttling-retry-after": ThrottlingRetryAfter,
      },
    },
  };
}
