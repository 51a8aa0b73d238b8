// Reading an answer's body with a cap on its size, shared by the client and the conformance runner: a body that
// declares more than the cap is not read at all, and one that streams past it is cancelled there, so a runaway or
// hostile answer costs at most the cap in memory. Read errors (a reset, a timeout) propagate to the caller.

export type CappedBody =
  | { ok: true; bytes: Uint8Array<ArrayBuffer> }
  /** Over the cap: by what the Content-Length declared (nothing read) or by what streamed in; `declaredBytes` is
   *  the Content-Length whenever the answer had a valid one. */
  | { ok: false; reason: "declared" | "streamed"; declaredBytes?: number; receivedBytes: number };

export async function readCappedBody(response: Response, maxBytes: number): Promise<CappedBody> {
  const header = response.headers.get("content-length");
  const declared = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
  if (declared !== undefined && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, reason: "declared", declaredBytes: declared, receivedBytes: 0 };
  }
  if (!response.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return {
        ok: false,
        reason: "streamed",
        ...(declared === undefined ? {} : { declaredBytes: declared }),
        receivedBytes: received,
      };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
