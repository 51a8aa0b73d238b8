// The CLI as users and the conformance runner start it: first stdout line is the base URL, one log line per
// request without the token, SIGTERM/SIGINT exit 0, bad flags exit 2.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/repo-root.ts";

const MAIN = join(repoRoot, "conformance/reference/main.ts");
const SECRET = "cli-secret-token-91f3a7";
const children = new Set<ChildProcess>();

afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  children.clear();
});

interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[]): Cli {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = once(child, "exit").then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

async function firstLine(cli: Cli): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (!cli.stdout().includes("\n")) {
    if (cli.child.exitCode !== null) throw new Error(`exited early: ${cli.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no first line: ${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return cli.stdout().split("\n")[0]!;
}

async function waitForLogLines(cli: Cli, count: number): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const lines = cli.stdout().split("\n").slice(1).filter(Boolean);
    if (lines.length >= count || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("npm run reference", () => {
  it("prints the base URL first, serves, logs each request without the token, and exits 0 on SIGTERM", async () => {
    const cli = run(["--port", "0"]);
    const baseUrl = await firstLine(cli);
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0$/);
    const headers = { authorization: `Bearer ${SECRET}`, "content-type": "application/json" };
    const created = await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions`, {
      method: "POST",
      headers,
      body: "{}",
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const patched = await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions/${id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({
        "mailboxRestoreArtifacts@delta": [
          { restorePoint: { id: "1b014d8c-71fe-4d00-a01a-31850bc5b32c" }, destinationType: "new" },
        ],
      }),
    });
    expect(patched.status).toBe(200);
    await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions?access_token=${SECRET}`, { headers });
    const unauthorized = await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions`);
    expect(unauthorized.status).toBe(401);

    const lines = await waitForLogLines(cli, 4);
    expect(lines[0]).toMatch(/^POST \/v1\.0\/solutions\/backupRestore\/exchangeRestoreSessions 201 \d+\.\dms$/);
    expect(lines[1]).toMatch(
      new RegExp(`^PATCH /v1\\.0/solutions/backupRestore/exchangeRestoreSessions/${id} 200 \\d+\\.\\dms$`),
    );
    expect(lines[2]).toMatch(/access_token=\[redacted\] 200/);
    expect(lines[3]).toMatch(/ 401 /);

    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).not.toContain(SECRET);
    expect(cli.stderr()).not.toContain(SECRET);
    await expect(fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions`)).rejects.toThrow();
  });

  it("logs no credential from a query or a path: SAS and presigned signatures, OAuth values, JWTs, bearer values", async () => {
    const cli = run(["--port", "0"]);
    const baseUrl = await firstLine(cli);
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.LEAKjwt";
    const queries = [
      "sv=2024&sig=LEAKsig",
      "X-Amz-Signature=LEAKamz&X-Amz-Credential=LEAKcred",
      "refresh_token=LEAKrefresh",
      "client_assertion=LEAKassertion",
      `$filter=${jwt}`,
      "q=Bearer%20LEAKbearer",
    ];
    for (const query of queries)
      await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions?${query}`, {
        headers: { authorization: "Bearer t" },
      });
    await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions/${jwt}`, {
      headers: { authorization: "Bearer t" },
    });
    const lines = await waitForLogLines(cli, queries.length + 1);
    expect(lines).toHaveLength(queries.length + 1);
    expect(lines.join("\n")).not.toContain("LEAK");
    expect(lines[0]).toMatch(/\?sv=2024&sig=\[redacted\] 200 /);
    expect(lines[1]).toMatch(/\?X-Amz-Signature=\[redacted\]&X-Amz-Credential=\[redacted\] 200 /);
    expect(lines[4]).toMatch(/\?\$filter=\[redacted\] 200 /);
    expect(lines[5]).toMatch(/\?q=Bearer \[redacted\] 200 /);
    expect(lines[6]).toMatch(/exchangeRestoreSessions\/\[redacted\] 404 /);
    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
  });

  it("honours --page-size, --restore-points, --fault and the activation timeline, and exits 0 on SIGINT", async () => {
    const cli = run([
      "--page-size",
      "2",
      "--restore-points",
      "rp-1,rp-2,rp-3",
      "--fault",
      "TooManyRequests:listExchangeRestoreSessions:1",
      "--active-after-ms",
      "0",
      "--completed-after-ms",
      "0",
      "--quiet",
    ]);
    const baseUrl = await firstLine(cli);
    const headers = { authorization: "Bearer t", "content-type": "application/json" };
    const created = await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        mailboxRestoreArtifacts: ["rp-1", "rp-2", "rp-3"].map((id) => ({
          restorePoint: { id },
          destinationType: "new",
        })),
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const page = (await (
      await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions/${id}/mailboxRestoreArtifacts`, {
        headers,
      })
    ).json()) as any;
    expect(page.value).toHaveLength(2);
    expect(page["@odata.nextLink"]).toBeDefined();
    const throttled = await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions`, { headers });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("1");
    expect((await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions`, { headers })).status).toBe(200);
    const activated = await fetch(`${baseUrl}/solutions/backupRestore/restoreSessions/${id}/activate`, {
      method: "POST",
      headers,
    });
    expect(((await activated.json()) as { status: string }).status).toBe("completed");
    expect(cli.stdout().split("\n").filter(Boolean)).toEqual([baseUrl]);
    cli.child.kill("SIGINT");
    expect(await cli.exit).toBe(0);
  });

  it("reads --restore-points from a file and adds the --restore-point alias to the same list", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "reference-cli-rp-")), "points.txt");
    writeFileSync(file, "# known here\nrp-file\n");
    const cli = run(["--restore-points", file, "--restore-point", "rp-flag", "--quiet"]);
    const baseUrl = await firstLine(cli);
    const headers = { authorization: "Bearer t", "content-type": "application/json" };
    const create = (id: string) =>
      fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions`, {
        method: "POST",
        headers,
        body: JSON.stringify({ mailboxRestoreArtifacts: [{ restorePoint: { id }, destinationType: "new" }] }),
      });
    expect((await create("rp-file")).status).toBe(201);
    expect((await create("rp-flag")).status).toBe(201);
    expect((await create("1b014d8c-71fe-4d00-a01a-31850bc5b32c")).status).toBe(400);
    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
  });

  it("knows 51 real-length ids given as one comma list (2.7 kB)", async () => {
    const ids = Array.from(
      { length: 51 },
      (_, index) => `ffd2687a-f507-4a82-9dff-2fa78cfd${String(index).padStart(4, "0")}_1801645000_12_2`,
    );
    const cli = run(["--restore-points", ids.join(","), "--quiet"]);
    const baseUrl = await firstLine(cli);
    const created = await fetch(`${baseUrl}/solutions/backupRestore/exchangeRestoreSessions`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: JSON.stringify({
        mailboxRestoreArtifacts: ids.slice(0, 50).map((id) => ({ restorePoint: { id }, destinationType: "new" })),
      }),
    });
    expect(created.status).toBe(201);
    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
  });

  it("refuses a JSON object list file and an endless device at once, naming them in one line (exit 2)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "reference-cli-rp-object-")), "points.json");
    writeFileSync(file, '{"not": "an array"}');
    const object = run(["--restore-points", file]);
    expect(await object.exit).toBe(2);
    expect(object.stderr()).toBe(
      `error: --restore-points: ${file}: expected a JSON array of restore-point ids, found a JSON object\n`,
    );
    const endless = run(["--restore-points", "/dev/zero"]);
    expect(await endless.exit).toBe(2);
    expect(endless.stderr()).toMatch(/^error: --restore-points: \/dev\/zero is larger than 4 MiB/);
  });

  it.each([
    [["--port", "abc"], /--port must be an integer from 0 to 65535/],
    [["--port", "70000"], /--port must be an integer from 0 to 65535/],
    [["--page-size", "0"], /--page-size must be an integer from 1 to 999/],
    [["--completed-after-ms", "-1"], /--completed-after-ms must be an integer from 0 to 86400000/],
    [["--max-connections", "0"], /--max-connections must be an integer from 1 to 1000000/],
    [["--restore-points", " , "], /" , ": entry 1 of 2 is empty/],
    [["--restore-points", "missing/points.json"], /missing\/points\.json: no such file/],
    [["--fault", "Nope"], /unknown fault "Nope"/],
    [["--fault", "TooManyRequests:noSuchOperation"], /unknown operation "noSuchOperation"/],
    [["--bogus"], /unknown option '--bogus'/],
    [["extra"], /too many arguments/],
  ])("exits 2 for %j with a clear message", async (args, message) => {
    const cli = run(args);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toMatch(message);
    expect(cli.stdout()).toBe("");
  });

  it("exits 2 when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const cli = run(["--port", String(port)]);
      expect(await cli.exit).toBe(2);
      expect(cli.stderr()).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    } finally {
      blocker.close();
    }
  });

  it("--help documents every flag and exits 0", async () => {
    const cli = run(["--help"]);
    expect(await cli.exit).toBe(0);
    for (const flag of [
      "--port",
      "--page-size",
      "--restore-points",
      "--restore-point",
      "--active-after-ms",
      "--completed-after-ms",
      "--idle-timeout-ms",
      "--headers-timeout-ms",
      "--request-timeout-ms",
      "--max-connections",
      "--fault",
      "--quiet",
    ])
      expect(cli.stdout()).toContain(flag);
    expect(cli.stdout()).toContain(
      "a value with / or \\, ending in .json or .txt, or starting with . must name a file",
    );
    expect(cli.stdout()).toMatch(/Behind a proxy: every absolute URL in an answer \(@odata\.nextLink/);
    for (const header of ["Forwarded", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix", "Host"])
      expect(cli.stdout()).toContain(header);
  });
});
