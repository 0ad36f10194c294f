/**
 * The replacement gate over two real synthesized assemblies (test/cli/replacement-apps.ts). The
 * expected verdict of each scenario was written here, with its reason, before the gate was run.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cli } from "../aws/cli.js";
import { synthReplacementApp } from "./replacement-apps.js";

interface Out {
  findings: { rule: string; severity: string; subject: string; message: string; evidence: { file: string; line?: number; pointer: string }[] }[];
  errors: { file: string; message: string }[];
  notes?: string[];
}

let base: string;
let head: string;
let work: string;

beforeAll(() => {
  base = synthReplacementApp("base");
  head = synthReplacementApp("head");
  work = mkdtempSync(path.join(tmpdir(), "ag-diff-"));
});

async function run(args: string[]): Promise<{ code: number; out: Out }> {
  const file = path.join(work, `out-${Math.random().toString(36).slice(2)}.json`);
  const code = await cli([...args, "--format", "json", "--output", file]);
  return { code, out: JSON.parse(readFileSync(file, "utf8")) as Out };
}

const lineOf = (file: string, text: string): number => readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;

describe("diff BASE_CDK_OUT HEAD_CDK_OUT (real synthesized assemblies)", () => {
  let result: { code: number; out: Out };
  const find = (subject: RegExp) => result.out.findings.filter((f) => subject.test(f.subject));

  beforeAll(async () => {
    result = await run(["diff", base, head]);
  });

  test("exit 1 with no input errors", () => {
    expect(result.out.errors).toEqual([]);
    expect(result.code).toBe(1);
    expect(result.out.notes?.join(" ")).toMatch(/@aws-cdk\/cloudformation-diff \d/);
  });

  test("renamed table: TableName is WILL_REPLACE; evidence is the head template's TableName line; advice keeps the physical name", () => {
    // Verdict written first: error — TableName "Update requires: Replacement"; the old table and its data are deleted.
    const [f] = find(/^RenameTableProd\//);
    expect(f).toMatchObject({ severity: "error" });
    expect(f?.message).toContain("TableName (WILL_REPLACE)");
    expect(f?.message).toContain("keep TableName as deployed");
    expect(f?.message).toContain("removalPolicy: RemovalPolicy.RETAIN");
    const file = path.join(head, "RenameTableProd.template.json");
    expect(f?.evidence[0]).toMatchObject({ file, line: lineOf(file, '"TableName": "orders-v2"') });
    expect(f?.evidence[0]?.pointer).toMatch(/^\/Resources\/Orders[0-9A-F]{8}\/Properties\/TableName$/);
  });

  test("changed key schema: KeySchema is WILL_REPLACE (AttributeDefinitions alone would update)", () => {
    // Verdict written first: error — KeySchema forces replacement.
    const [f] = find(/^KeySchemaProd\//);
    expect(f?.severity).toBe("error");
    expect(f?.message).toContain("KeySchema (WILL_REPLACE)");
    expect(f?.evidence[0]?.pointer).toMatch(/\/Properties\/KeySchema$/);
  });

  test("changed logical id: the old table is removed (base line), the new id is named, overrideLogicalId advised", () => {
    // Verdict written first: error on the old logical id (Remove, DeletionPolicy Delete); the added table passes.
    const found = find(/^LogicalIdProd\//);
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f?.subject).toMatch(/^LogicalIdProd\/Orders[0-9A-F]{8}$/);
    expect(f?.message).toContain("removed");
    expect(f?.message).toMatch(/overrideLogicalId\("Orders[0-9A-F]{8}"\)/);
    expect(f?.message).toMatch(/adds OrdersTable[0-9A-F]{8}/);
    const file = path.join(base, "LogicalIdProd.template.json");
    expect(f?.evidence[0]).toMatchObject({ file, line: lineOf(file, `"${f?.subject.split("/")[1]}": {`) });
  });

  test("removed stack: one finding per stateful resource, one for the rest, all pointing into the base", () => {
    // Verdict written first: errors for the table and the bucket (stateful), one stack finding for the topic.
    const found = find(/^RemovedProd/);
    expect(found.map((f) => f.subject.replace(/[0-9A-F]{8}$/, "")).sort()).toEqual(["RemovedProd", "RemovedProd/Orders", "RemovedProd/Receipts"]);
    expect(found.every((f) => f.severity === "error")).toBe(true);
    expect(found.every((f) => f.evidence[0]?.file === path.join(base, "RemovedProd.template.json"))).toBe(true);
    expect(found.find((f) => f.subject === "RemovedProd")?.message).toContain("AWS::SNS::Topic");
  });

  test("ElastiCache Engine and an EFS access point's FileSystemId: types the old property list did not know", () => {
    // Verdicts written first: both error — Engine and FileSystemId are "Update requires: Replacement".
    expect(find(/^CacheProd\//).map((f) => [f.severity, /Engine \(WILL_REPLACE\)/.test(f.message)])).toEqual([["error", true]]);
    expect(find(/^FilesProd\//).map((f) => [f.subject, f.severity, /FileSystemId \(WILL_REPLACE\)/.test(f.message)])).toEqual([["FilesProd/Uploads", "error", true]]);
  });

  test("nested stack: its renamed table is reported with the nested template as evidence", () => {
    // Verdict written first: error — a nested stack of a production stack is production; TableName forces replacement.
    const found = find(/^NestedProd\//);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain("TableName (WILL_REPLACE)");
    expect(found[0]?.evidence[0]?.file).toMatch(/\.nested\.template\.json$/);
    expect(found[0]?.evidence[0]?.file?.startsWith(head)).toBe(true);
  });

  test("a renamed stack (new stackName, same construct) is a removal of the old stack", () => {
    // Verdict written first: error on the table — the old stack is left to be deleted, the new one starts empty.
    const found = find(/^accounts-prod\//);
    expect(found.map((f) => f.severity)).toEqual(["error"]);
    expect(found[0]?.message).toContain("is renamed to accounts-prod-v2");
    expect(found[0]?.evidence[0]?.file).toBe(path.join(base, "AccountsProd.template.json"));
  });

  test("safe changes (tags, provisioned capacity, an added topic) and a staging stack pass", () => {
    // Verdicts written first: no finding — in-place updates and an addition; a staging rename is out of scope.
    const metadata = (dir: string) => JSON.stringify((JSON.parse(readFileSync(path.join(dir, "SafeProd.template.json"), "utf8")) as { Resources: Record<string, unknown> }).Resources["CDKMetadata"]);
    expect(metadata(head)).toContain("AWS::CDK::Metadata");
    expect(metadata(head)).not.toEqual(metadata(base)); // the Analytics string changed, and is not judged
    expect(find(/^SafeProd/)).toEqual([]);
    expect(find(/Staging/)).toEqual([]);
  });

  test("a stack whose construct id changes and whose stackName stays is updated in place: only its renamed table fails", () => {
    // Verdict written first: one error, TableName WILL_REPLACE (evidence in the head template);
    // not "no longer in the head assembly" for the table and the topic: CloudFormation updates the
    // stack named ledger-prod whatever its construct id is.
    const found = find(/^ledger-prod\//);
    expect(found.map((f) => f.severity)).toEqual(["error"]);
    expect(found[0]?.message).toContain("TableName (WILL_REPLACE)");
    expect(found[0]?.evidence[0]?.file).toBe(path.join(head, "LedgerStackV2.template.json"));
    expect(result.out.findings.filter((f) => f.subject === "ledger-prod")).toEqual([]);
    expect(result.out.notes?.join(" ")).toContain("(1 by stack name: the construct id changed)");
  });

  test("a production stack retagged non-production cannot drop its table in the same change; the retag fails too", () => {
    // Verdict written first: two errors — the base's Environment=prod makes Ledger production as
    // deployed, so the table's removal fails whatever the head's tag says; and prod → dev is itself
    // an error (the next change would remove what is left unseen), evidence the head manifest's tags.
    const found = find(/^Ledger/);
    expect(found.map((f) => [f.severity, f.subject.replace(/[0-9A-F]{8}$/, "")])).toEqual([["error", "Ledger"], ["error", "Ledger/Entries"]]);
    expect(found[0]?.message).toContain("would stop being production: its environment tag names a non-production environment (as deployed it is production: tag Environment=prod)");
    const manifest = path.join(head, "manifest.json");
    expect(found[0]?.evidence[0]).toEqual({ file: manifest, line: lineOf(manifest, '"Environment": "dev"') - 1, pointer: "/artifacts/Ledger/properties/tags" });
    expect(found[1]?.message).toContain("in production stack Ledger would be removed");
  });

  test("a stack counted as production by default and tagged staging: one error for the stack; dev → test: nothing", () => {
    // Verdicts written first: Reports loses nothing, but its new tag makes it non-production (fail
    // closed before): one error. Scratch is non-production on both sides: its table's removal passes.
    const found = find(/^Reports/);
    expect(found.map((f) => [f.severity, f.subject])).toEqual([["error", "Reports"]]);
    expect(found[0]?.message).toContain("nothing says otherwise, so it counts as production (fail closed)");
    expect(find(/^Scratch/)).toEqual([]);
  });

  test("MAY_REPLACE (RDS MultiAZ) fails like Replacement: Conditional, and is a note with --allow-conditional", async () => {
    // Verdict written first: error by default; note (exit 0 for this stack) when conditional replacements are allowed.
    expect(find(/^DatabaseProd\//).map((f) => [f.severity, /MultiAZ \(MAY_REPLACE\)/.test(f.message)])).toEqual([["error", true]]);
    const allowed = await run(["diff", base, head, "--allow-conditional"]);
    expect(allowed.out.findings.filter((f) => f.subject.startsWith("DatabaseProd/")).map((f) => f.severity)).toEqual(["note"]);
  });

  test("changeset --template-diff accepts the two directories and gives the same findings", async () => {
    const same = await run(["changeset", "--template-diff", base, head]);
    expect(same.code).toBe(1);
    expect(same.out.findings.map((f) => f.subject).sort()).toEqual(result.out.findings.map((f) => f.subject).sort());
  });
});

describe("diff: bad inputs fail closed", () => {
  test("a head stack whose template is unreadable is an input error (exit 2), other stacks still judged", async () => {
    const broken = path.join(work, "broken-head");
    cpSync(head, broken, { recursive: true });
    writeFileSync(path.join(broken, "SafeProd.template.json"), '{ "Resources": ');
    const { code, out } = await run(["diff", base, broken]);
    expect(code).toBe(2);
    expect(out.errors).toEqual([expect.objectContaining({ file: path.join(broken, "SafeProd.template.json"), message: expect.stringContaining("cannot read template") })]);
    expect(out.findings.some((f) => f.subject.startsWith("RenameTableProd/"))).toBe(true);
    rmSync(broken, { recursive: true });
  });

  test("a missing nested template fails closed on the changed nested stack", async () => {
    const broken = path.join(work, "no-nested");
    cpSync(head, broken, { recursive: true });
    const nested = readFileSync(path.join(broken, "NestedProd.assets.json"), "utf8").match(/NestedProdData[^"]*\.nested\.template\.json/)?.[0];
    expect(nested).toBeDefined();
    rmSync(path.join(broken, nested ?? ""));
    const { code, out } = await run(["diff", base, broken]);
    expect(code).toBe(2);
    expect(out.errors.some((e) => e.file.endsWith(nested ?? "?"))).toBe(true);
    const parent = out.findings.filter((f) => f.subject.startsWith("NestedProd/"));
    expect(parent.map((f) => [f.severity, /nested stack's own changes were not read/.test(f.message)])).toEqual([["error", true]]);
  });

  test("an unreadable asset manifest is an input error, and the nested stack it hid fails closed", async () => {
    const broken = path.join(work, "bad-assets");
    cpSync(head, broken, { recursive: true });
    writeFileSync(path.join(broken, "NestedProd.assets.json"), "{ nope");
    const { code, out } = await run(["diff", base, broken]);
    expect(code).toBe(2);
    expect(out.errors.map((e) => e.file)).toEqual([path.join(broken, "NestedProd.assets.json")]);
    expect(out.findings.filter((f) => f.subject.startsWith("NestedProd/")).map((f) => /own changes were not read/.test(f.message))).toEqual([true]);
  });

  test("two template files: nested templates named by aws:asset:path metadata (what `cdk synth` writes)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ag-files-"));
    // The TemplateURL as synth writes it: an intrinsic ending in the asset's source hash (a literal URL is what CloudFormation deploys, and wins over metadata).
    const url = (hash: string) => ({ "Fn::Join": ["", ["https://s3.", { Ref: "AWS::URLSuffix" }, `/cdk-hnb659fds-assets-111111111111-eu-west-1/${hash.repeat(32)}.json`]] });
    const parent = (hash: string) => JSON.stringify({ Resources: { Data: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: url(hash) }, Metadata: { "aws:asset:path": `Data-${hash}.nested.template.json` } } } }, null, 1);
    const child = (name: string) => JSON.stringify({ Resources: { Ledger: { Type: "AWS::DynamoDB::Table", Properties: { TableName: name, KeySchema: [{ AttributeName: "id", KeyType: "HASH" }] } } } }, null, 1);
    writeFileSync(path.join(dir, "old.json"), parent("a1"));
    writeFileSync(path.join(dir, "Data-a1.nested.template.json"), child("ledger"));
    writeFileSync(path.join(dir, "new.json"), parent("b2"));
    writeFileSync(path.join(dir, "Data-b2.nested.template.json"), child("ledger-v2"));
    // Verdict written first: error on the nested table (TableName), evidence in the head's nested template.
    const { code, out } = await run(["diff", path.join(dir, "old.json"), path.join(dir, "new.json"), "--stack-name", "ledger-prod"]);
    expect(code).toBe(1);
    expect(out.findings.map((f) => [f.subject, f.evidence[0]?.file])).toEqual([["ledger-prod/Data/Ledger", path.join(dir, "Data-b2.nested.template.json")]]);
  });

  test("a directory that is not a cloud assembly, a file against a directory, a missing path", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "ag-empty-"));
    const notAssembly = await run(["diff", empty, head]);
    expect(notAssembly.code).toBe(2);
    expect(notAssembly.out.errors[0]?.message).toContain("not a readable cloud assembly");
    expect(await cli(["diff", path.join(head, "SafeProd.template.json"), head])).toBe(2);
    const missing = await run(["diff", path.join(work, "nope"), head]);
    expect(missing.code).toBe(2);
    expect(missing.out.errors[0]).toMatchObject({ file: path.join(work, "nope") });
  });
});

describe("diff of templates with Fn::ForEach (expanded as CloudFormation expands them)", () => {
  const loop = (tables: string) =>
    `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Tables:\n    - TableName\n    - ${tables}\n    - \${TableName}Table:\n        Type: AWS::DynamoDB::Table\n        Properties:\n          TableName: !Ref TableName\n`;

  test("a table the loop no longer makes is a removed production table; one it still makes is not", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ag-foreach-"));
    const [baseFile, headFile] = [path.join(dir, "orders-prod.yaml"), path.join(dir, "orders-prod.head.yaml")];
    writeFileSync(baseFile, loop("[orders, payments]"));
    writeFileSync(headFile, loop("[orders]"));
    const { code, out } = await run(["diff", baseFile, headFile]);
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    expect(out.findings.map((f) => [f.rule, f.subject.split("/").pop(), f.evidence[0]?.line, f.evidence[0]?.pointer])).toEqual([["changeset-destroys-prod", "paymentsTable", 7, "/Resources/paymentsTable"]]);
    // A collection known only at deployment: the head's one copy for any table (*Table) does not
    // stand for orders or payments by id, so both are removed (fail closed).
    writeFileSync(headFile, loop("!Ref TableNames"));
    const unknown = await run(["diff", baseFile, headFile]);
    expect(unknown.out.errors).toEqual([]);
    expect(unknown.code).toBe(1);
    expect(unknown.out.findings.map((f) => f.subject.split("/").pop())).toEqual(["ordersTable", "paymentsTable"]);
    rmSync(dir, { recursive: true });
  });
});
