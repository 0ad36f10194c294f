/**
 * A broken cdk.out is an input error naming manifest.json (exit 2), never an empty pass: a manifest
 * that does not parse, one that lists no stacks, a stack without a templateFile, a template file
 * that is missing, a nested assembly without its directory. The manifests follow what `cdk synth`
 * writes (cloud-assembly schema: version, artifacts with type/environment/properties).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { agentTemplate } from "./agent-template.js";

interface JsonReport {
  findings: { rule: string; subject: string }[];
  errors: { file: string; line: number | null; message: string }[];
  summary: { inputs: number };
}

const stackArtifact = (templateFile: string | undefined) => ({
  type: "aws:cloudformation:stack",
  environment: "aws://unknown-account/unknown-region",
  properties: { ...(templateFile ? { templateFile } : {}), terminationProtection: true, validateOnSynth: false },
  displayName: "OrdersProd",
});


function cdkOut(manifest: unknown, files: Record<string, unknown> = {}): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "ag-cdkout-")), "cdk.out");
  mkdirSync(dir);
  writeFileSync(path.join(dir, "manifest.json"), typeof manifest === "string" ? manifest : JSON.stringify({ version: "48.0.0", ...(manifest as object) }, null, 2));
  for (const [name, value] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(value, null, 2));
  return dir;
}

async function scan(dir: string): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(path.dirname(dir), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

describe("scan of a broken cdk.out", () => {
  it("a manifest that does not parse: an error with its line", async () => {
    const dir = cdkOut('{\n  "version": "48.0.0",\n  "artifacts": {\n    "OrdersProd": {,\n  }\n}\n');
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: path.join(dir, "manifest.json"), line: 4, message: expect.any(String) }]);
  });

  it("a manifest that lists no stacks", async () => {
    const dir = cdkOut({ artifacts: { Tree: { type: "cdk:tree", properties: { file: "tree.json" } } } });
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: path.join(dir, "manifest.json"), line: null, message: "cloud assembly lists no stacks" }]);
  });

  it("a stack without templateFile, next to a good stack that is still evaluated", async () => {
    const dir = cdkOut({ artifacts: { Broken: stackArtifact(undefined), OrdersProd: stackArtifact("OrdersProd.template.json") } }, { "OrdersProd.template.json": agentTemplate });
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: path.join(dir, "manifest.json"), line: null, message: "stack Broken has no templateFile" }]);
    expect(report.findings.map((f) => f.rule)).toEqual(["agent-destructive-prod"]);
  });

  it("a template file the manifest names but that is missing", async () => {
    const dir = cdkOut({ artifacts: { OrdersProd: stackArtifact("OrdersProd.template.json") } });
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: path.join(dir, "OrdersProd.template.json"), line: null, message: "cannot read: no such file or directory (or a broken link)" }]);
  });

  it("a nested assembly without its directoryName; a nested assembly with one is read", async () => {
    const dir = cdkOut({ artifacts: { "assembly-Lost": { type: "cdk:cloud-assembly", properties: {} }, "assembly-Prod": { type: "cdk:cloud-assembly", properties: { directoryName: "assembly-Prod" } } } });
    const inner = path.join(dir, "assembly-Prod");
    mkdirSync(inner);
    writeFileSync(path.join(inner, "manifest.json"), JSON.stringify({ version: "48.0.0", artifacts: { ProdOrders: stackArtifact("ProdOrders.template.json") } }));
    writeFileSync(path.join(inner, "ProdOrders.template.json"), JSON.stringify(agentTemplate));
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: path.join(dir, "manifest.json"), line: null, message: "nested assembly assembly-Lost has no directoryName" }]);
    expect(report.findings.map((f) => f.subject)).toEqual(["ProdOrders/AgentRole"]);
  });
});

describe("scan: walking and options", () => {
  it("a nested assembly that points back at its parent is read once", async () => {
    const dir = cdkOut({ artifacts: { OrdersProd: stackArtifact("OrdersProd.template.json"), "assembly-Self": { type: "cdk:cloud-assembly", properties: { directoryName: "." } } } }, { "OrdersProd.template.json": agentTemplate });
    const { code, report } = await scan(dir);
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => f.subject)).toEqual(["OrdersProd/AgentRole"]);
  });

  it("files found while walking that are no input are counted in a note, not errors", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "ag-walk-")), "repo");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x" }));
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: {} }));
    writeFileSync(path.join(dir, "agent.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }));
    const out = path.join(path.dirname(dir), "r.json");
    expect(await main(["scan", dir, "--format", "json", "--output", out])).toBe(0);
    const json = JSON.parse(readFileSync(out, "utf8")) as { notes?: string[]; errors: unknown[]; summary: { inputs: number } };
    expect(json.errors).toEqual([]);
    expect(json.summary.inputs).toBe(1);
    expect(json.notes).toEqual(["2 files found while walking directories are not a recognized input and were skipped"]);
  });

  it("a template with one resource lacking a Type is not skipped while walking: the resource is an input error (exit 2), the rest is evaluated", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "ag-walk-")), "repo");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "clean.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }));
    const template = { Resources: { ...agentTemplate.Resources, Placeholder: { Properties: { BucketName: "tbd" } } } };
    writeFileSync(path.join(dir, "agent.template.json"), JSON.stringify(template, null, 2));
    const out = path.join(path.dirname(dir), "r.json");
    expect(await main(["scan", dir, "--format", "json", "--output", out])).toBe(2);
    const json = JSON.parse(readFileSync(out, "utf8")) as JsonReport & { notes?: string[] };
    expect(json.notes).toBeUndefined();
    expect(json.summary.inputs).toBe(2);
    expect(json.errors).toEqual([
      { file: path.join(dir, "agent.template.json"), line: expect.any(Number), message: "resource Placeholder has no Type (CloudFormation rejects the template): it is not evaluated (fail closed)" },
    ]);
    expect(json.findings.map((f) => f.rule)).toContain("agent-destructive-prod");
  });

  it("unknown YAML tags while walking: a CI pipeline or a docs config that uses its own tags is skipped; a template that does is an input error at the tag's line (exit 2), still evaluated", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "ag-walk-")), "repo");
    mkdirSync(dir);
    writeFileSync(path.join(dir, ".gitlab-ci.yml"), "deploy:\n  script:\n    - !reference [.setup, script]\n    - rain deploy\n");
    writeFileSync(path.join(dir, "mkdocs.yml"), "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n");
    const template = [
      "Resources:",
      "  AgentRole:",
      "    Type: AWS::IAM::Role",
      "    Properties:",
      "      RoleName: coding-agent",
      "      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }",
      "      Policies:",
      "        - PolicyName: all",
      "          PolicyDocument:",
      "            Version: '2012-10-17'",
      "            Statement:",
      "              - { Effect: Allow, Action: '*', Resource: '*' }",
      "              - Effect: Allow",
      "                Action: s3:GetObject",
      "                Resource: !Sbu 'arn:aws:s3:::${Bucket}/*'",
      "",
    ].join("\n");
    writeFileSync(path.join(dir, "orders-prod.template.yaml"), template);
    const out = path.join(path.dirname(dir), "r.json");
    expect(await main(["scan", dir, "--format", "json", "--output", out])).toBe(2);
    const json = JSON.parse(readFileSync(out, "utf8")) as JsonReport & { notes?: string[] };
    expect(json.notes).toEqual(["2 files found while walking directories are not a recognized input and were skipped"]);
    expect(json.errors).toEqual([
      { file: path.join(dir, "orders-prod.template.yaml"), line: 15, message: "unknown tag !Sbu: neither a CloudFormation short form (!Ref, !Sub, !GetAtt, ...) nor a YAML type, so the value it tags cannot be read (fail closed)" },
    ]);
    expect(json.findings.map((f) => f.rule)).toContain("agent-destructive-prod");
    // Named on the command line, the same template is refused at the same line.
    expect(await main(["scan", path.join(dir, "orders-prod.template.yaml"), "--format", "json", "--output", out])).toBe(2);
    const named = JSON.parse(readFileSync(out, "utf8")) as JsonReport;
    expect(named.errors.map((e) => [e.line, e.message.split(":")[0]])).toEqual([[15, "unknown tag !Sbu"]]);
  });

  it("walked files that cannot be parsed: skipped when nothing in them names an input (Kubernetes, Helm), an input error when something does", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "ag-walk-")), "repo");
    mkdirSync(path.join(dir, "chart", "templates"), { recursive: true });
    // Two documents, as `kubectl apply -f` takes them; `resources:` in Kubernetes' spelling.
    writeFileSync(path.join(dir, "deploy.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          resources:\n            limits: { cpu: 500m }\n");
    writeFileSync(path.join(dir, "chart", "templates", "service.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include \"web.fullname\" . }}\n  labels:\n    {{- include \"web.labels\" . | nindent 4 }}\n");
    // A template and a policy broken mid-edit: what they are is still plain from their text.
    writeFileSync(path.join(dir, "orders.template.yaml"), "Resources:\n  Orders:\n    Type: [AWS::DynamoDB::Table\n");
    writeFileSync(path.join(dir, "agent-policy.json"), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}\n');
    // Its name in escapes, and a flow mapping closed at its key's indentation, which the yaml package
    // refuses and more lenient parsers take: not skipped for want of the word "Resources".
    writeFileSync(path.join(dir, "escaped.yaml"), '"\\x52esources":\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies: [{\n        "PolicyName": "all"\n      }]\n');
    const out = path.join(path.dirname(dir), "r.json");
    expect(await main(["scan", dir, "--format", "json", "--output", out])).toBe(2);
    const json = JSON.parse(readFileSync(out, "utf8")) as JsonReport & { notes?: string[] };
    expect(json.errors.map((e) => path.basename(e.file)).sort()).toEqual(["agent-policy.json", "escaped.yaml", "orders.template.yaml"]);
    expect(json.notes).toEqual(["2 files found while walking directories are not a recognized input and were skipped"]);
    // Named on the command line, a manifest (read as kubectl reads its documents) that holds no input is an error.
    expect(await main(["scan", path.join(dir, "deploy.yaml"), "--format", "json", "--output", out])).toBe(2);
    expect((JSON.parse(readFileSync(out, "utf8")) as JsonReport).errors.map((e) => e.message)).toEqual([expect.stringContaining("not a recognized input")]);
    // So is a file that cannot be parsed, whatever it holds.
    expect(await main(["scan", path.join(dir, "chart", "templates", "service.yaml"), "--format", "json", "--output", out])).toBe(2);
    expect((JSON.parse(readFileSync(out, "utf8")) as JsonReport).errors.map((e) => e.message)).toEqual([expect.stringContaining("invalid YAML")]);
  });

  it("one file that is no input: the note in the singular; only such files: 'no inputs found' is an error (exit 2), never a clean pass", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "ag-walk-")), "repo");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x" }));
    const only = path.join(path.dirname(dir), "only.json");
    expect(await main(["scan", dir, "--format", "json", "--output", only])).toBe(2);
    const none = JSON.parse(readFileSync(only, "utf8")) as { notes?: string[]; errors: { file: string; message: string }[] };
    expect(none.notes).toEqual(["1 file found while walking directories is not a recognized input and was skipped"]);
    expect(none.errors).toEqual([{ file: dir, line: null, message: "no inputs found to scan (templates, cdk.out, policies, authorization details, dashboards)" }]);
  });

  it("--max-file-size must be a positive number of MB", async () => {
    const write = process.stderr.write.bind(process.stderr);
    let stderr = "";
    process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
    try {
      expect(await main(["scan", ".", "--max-file-size", "0"])).toBe(2);
      expect(await main(["scan", ".", "--max-file-size", "lots"])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr).toContain('--max-file-size takes a size in MB, got "lots"');
  });
});
