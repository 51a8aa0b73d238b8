import {
  addArtifact,
  createRestoreClient,
  deltaBody,
  GraphRequestError,
  removeArtifact,
  splitDeltaResult,
  unwrap,
} from "exchange-restore-contract";

// token: a string, a function returning one, or an @azure/identity credential such as
// new ClientSecretCredential(tenantId, clientId, clientSecret) (asked for https://graph.microsoft.com/.default).
const client = createRestoreClient({
  baseUrl: process.env.GRAPH_BASE_URL ?? "https://graph.microsoft.com/v1.0",
  token: process.env.GRAPH_TOKEN ?? "",
  retry: { maxAttempts: 4, maxTotalWaitMs: 60_000 },
});

// An Exchange session. OneDrive and SharePoint sessions work the same way, with their own names:
// deltaHelpers("onedrive") builds the driveRestoreArtifacts@delta bodies of
// PATCH /solutions/backupRestore/oneDriveForBusinessRestoreSessions/{oneDriveForBusinessRestoreSessionId}, and
// deltaHelpers("sharepoint") the siteRestoreArtifacts@delta bodies of PATCH …/sharePointRestoreSessions/{…Id};
// a body sent to another workload's path does not compile.
// Checked before sending: 1 to 50 items, no restore point or artifact twice (DeltaBodyError names the index).
const body = deltaBody([
  ...[
    "1b014d8c-71fe-4d00-a01a-31850bc5b32c",
    "2b014d8c-71fe-4d00-a01a-31850bc5b32c",
    "3b014d8c-71fe-4d00-a01a-31850bc5b32c",
  ].map((restorePointId) => addArtifact(restorePointId, "inPlace")),
  addArtifact("4b014d8c-71fe-4d00-a01a-31850bc5b32c", "inPlace"),
  removeArtifact("99954f18-c8ec-4b62-85bf-cdf3b70b140e"),
  removeArtifact("4267e382-71a9-4c07-bef7-bda97e09c0d2"),
  removeArtifact("3667e382-71a9-4c07-bef7-bda97e09c0d2", "changed"),
]);

try {
  const result = await client.PATCH("/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}", {
    params: { path: { exchangeRestoreSessionId: "2b814d8c-71fd-4d00-a01a-31850bc5b32c" } },
    body,
  });
  // unwrap: the typed answer, or a GraphRequestError for a non-2xx status.
  const { added, removed, failed } = splitDeltaResult(unwrap(result), body);
  for (const artifact of added) console.log(`added ${artifact.restorePointId} as artifact ${artifact.artifactId}`);
  for (const artifact of removed)
    console.log(`removed ${artifact.artifactId}${artifact.echoed ? "" : " (not echoed)"}`);
  for (const failure of failed) {
    const subject = failure.operation === "add" ? failure.restorePointId : failure.artifactId;
    console.log(
      `could not ${failure.operation} ${subject}: ${failure.responseCode} ${failure.code}: ${failure.message}`,
    );
  }
} catch (error) {
  if (!(error instanceof GraphRequestError)) throw error;
  console.error(`PATCH refused: HTTP ${error.status} ${error.code ?? ""} ${error.serviceMessage ?? error.message}`);
  console.error(`request-id ${error.requestId ?? "?"}, client-request-id ${error.clientRequestId ?? "?"}`);
  process.exitCode = 1;
}
