// Worker thread of the mutation run: receives a variant id, runs the suite against that variant (server and
// runner in this thread), posts the verdict back. One worker handles many variants, one at a time.
import { parentPort } from "node:worker_threads";
import { variantById } from "../mutants/index.ts";
import { verdictFor, type VerdictOptions } from "./variant-verdict.ts";

export interface WorkerRequest {
  id: string;
  options: VerdictOptions;
}

if (!parentPort) throw new Error("conformance/mutation/verdict-worker.ts runs as a worker thread");
const port = parentPort;
port.on("message", (request: WorkerRequest) => {
  void verdictFor(variantById(request.id), request.options).then((verdict) => port.postMessage(verdict));
});
