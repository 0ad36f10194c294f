import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cli } from "../aws/cli.js";

const template = (tableName: string): string =>
  JSON.stringify({ Resources: { Orders: { Type: "AWS::DynamoDB::Table", Properties: { TableName: tableName, KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] } } } }, null, 2);

function files(): { dir: string; old: string; next: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-tdiff-"));
  const old = path.join(dir, "OrdersProd.template.json");
  const next = path.join(dir, "next.json");
  writeFileSync(old, template("orders"));
  writeFileSync(next, template("orders-renamed"));
  return { dir, old, next };
}

test("changeset --template-diff fails on a replaced production table (exit 1), no AWS involved", async () => {
  const { dir, old, next } = files();
  const out = path.join(dir, "r.json");
  const saved = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9"; // anything contacting AWS would fail and exit 2
  try {
    expect(await cli(["changeset", "--template-diff", old, next, "--stack-name", "orders-prod", "--format", "json", "--output", out])).toBe(1);
  } finally {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
  }
  const json = JSON.parse(readFileSync(out, "utf8")) as { findings: { rule: string; subject: string; evidence: { file: string; line: number }[] }[] };
  expect(json.findings).toEqual([expect.objectContaining({ rule: "changeset-destroys-prod", subject: "orders-prod/Orders", evidence: [expect.objectContaining({ file: next, line: 6 })] })]);
});

test("changeset --template-diff: a staging stack passes, a missing file exits 2, one file is a usage error", async () => {
  const { dir, old, next } = files();
  expect(await cli(["changeset", "--template-diff", old, next, "--stack-name", "orders-staging", "--output", path.join(dir, "a.txt")])).toBe(0);
  expect(await cli(["changeset", "--template-diff", old, path.join(dir, "missing.json"), "--output", path.join(dir, "b.txt")])).toBe(2);
  expect(readFileSync(path.join(dir, "b.txt"), "utf8")).toContain("cannot read template");
  expect(await cli(["changeset", "--template-diff", old])).toBe(2);
});
