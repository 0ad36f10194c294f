import { cpSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync, mkdirSync } from "node:fs";
import { execFileSync, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { jest } from "@jest/globals";
import { main } from "../../src/cli/main.js";

interface JsonReport {
  findings: { rule: string; subject: string; actions?: string[]; evidence: { file?: string; line?: number; pointer?: string }[] }[];
  errors: { file: string; line: number | null; message: string }[];
  summary: { inputs: number; findings: number; errors: number; suppressed: number };
}

const agentTemplate = {
  AWSTemplateFormatVersion: "2010-09-09",
  Resources: {
    OrdersTable: {
      Type: "AWS::DynamoDB::Table",
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: { TableName: "orders-prod", DeletionProtectionEnabled: true, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] },
    },
    KiroAgentRole: {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "kiro-agent-prod",
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        Policies: [
          {
            PolicyName: "agent",
            PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: { "Fn::GetAtt": ["OrdersTable", "Arn"] } }] },
          },
        ],
      },
    },
  },
};

function workspace(): string {
  return mkdtempSync(path.join(tmpdir(), "ag-scan-"));
}

async function scanJson(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(workspace(), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

describe("scan on bad input: clear error naming the file, exit 2, the rest still scanned", () => {
  let dir: string;
  beforeEach(() => {
    dir = workspace();
    writeFileSync(path.join(dir, "prod.template.json"), JSON.stringify(agentTemplate, null, 2));
  });

  const expectGoodTemplateStillScanned = (report: JsonReport) => {
    const finding = report.findings.find((f) => f.rule === "agent-destructive-prod");
    expect(finding?.actions).toContain("dynamodb:DeleteTable");
    expect(finding?.evidence[0]?.file).toBe(path.join(dir, "prod.template.json"));
    expect(finding?.evidence[0]?.line).toBeGreaterThan(1);
  };

  it("malformed JSON", async () => {
    writeFileSync(path.join(dir, "broken.json"), '{\n  "Resources": {\n    "A": \n  }\n}\n');
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "broken.json"), line: 4 })]);
    expectGoodTemplateStillScanned(report);
  });

  it("malformed YAML", async () => {
    writeFileSync(path.join(dir, "broken.yaml"), "Resources:\n  Role:\n    Type: AWS::IAM::Role\n   Properties: [\n");
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors[0]?.file).toBe(path.join(dir, "broken.yaml"));
    expect(report.errors[0]?.line).toBeGreaterThanOrEqual(3);
    expectGoodTemplateStillScanned(report);
  });

  it("a template with an unknown intrinsic is an error, and its role is still flagged (wildcard)", async () => {
    const odd = structuredClone(agentTemplate) as typeof agentTemplate;
    (odd.Resources.KiroAgentRole.Properties.Policies[0]!.PolicyDocument.Statement[0] as { Resource: unknown }).Resource = { "Fn::Frobnicate": ["x"] };
    writeFileSync(path.join(dir, "odd.template.json"), JSON.stringify(odd, null, 2));
    const { code, report } = await scanJson([path.join(dir, "odd.template.json")]);
    expect(code).toBe(2);
    expect(report.errors[0]?.message).toMatch(/Fn::Frobnicate/);
    expect(report.errors[0]?.line).toBeGreaterThan(1);
    expect(report.findings.some((f) => f.rule === "agent-destructive-prod")).toBe(true);
  });

  it("a policy statement without Effect is an error, never a pass", async () => {
    writeFileSync(path.join(dir, "policy.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Action: "s3:DeleteBucket", Resource: "*" }] }, null, 2));
    const { code, report } = await scanJson([path.join(dir, "policy.json")]);
    expect(code).toBe(2);
    expect(report.errors[0]).toMatchObject({ file: path.join(dir, "policy.json") });
    expect(report.errors[0]?.message).toMatch(/Effect/);
    expect(report.errors[0]?.line).toBe(4);
  });

  it("a 50 MB file", async () => {
    const big = path.join(dir, "huge.json");
    writeFileSync(big, "");
    truncateSync(big, 50 * 1024 * 1024);
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: big, message: expect.stringMatching(/50\.0 MB, over the 25\.0 MB limit/) as unknown })]);
    expectGoodTemplateStillScanned(report);
  });

  it("a directory with unreadable files", async () => {
    mkdirSync(path.join(dir, "nested"));
    symlinkSync(path.join(dir, "gone.json"), path.join(dir, "nested", "dangling.json"));
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors[0]).toMatchObject({ file: path.join(dir, "nested", "dangling.json"), message: expect.stringMatching(/cannot read/) as unknown });
    expectGoodTemplateStillScanned(report);
  });

  // Linux keeps a file name as bytes: one written in Latin-1 (an archive made on Windows, `café`
  // as 63 61 66 e9) has no UTF-8 text, and the walk's name for it (U+FFFD in place of the byte)
  // names no file: "no such file or directory (or a broken link)" for a file that is there.
  it("a file whose name is not UTF-8 is an error saying so (it is there), the rest still scanned", async () => {
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from(".template.yaml")]), "Resources: {}\n");
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "caf\uFFFD.template.yaml"), message: "its name is not UTF-8 text: not read (fail closed); rename it in UTF-8" })]);
    expectGoodTemplateStillScanned(report);
  });

  it("links named like inputs that lead to a directory of the tree are not followed: the walk ends (it did not)", async () => {
    mkdirSync(path.join(dir, "infra"));
    symlinkSync(".", path.join(dir, "infra", "loop.json"));
    symlinkSync("..", path.join(dir, "infra", "up.template.yaml"));
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    expectGoodTemplateStillScanned(report);
    // Each template once: the tree was not walked again through the links.
    expect(report.summary.inputs).toBe(1);
  });

  it("a directory given twice, or inside another one given, is walked once: each template is judged once", async () => {
    mkdirSync(path.join(dir, "infra"));
    writeFileSync(path.join(dir, "infra", "logs.template.json"), JSON.stringify({ Resources: { Logs: { Type: "AWS::S3::Bucket", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } } }));
    const { code, report } = await scanJson([dir, path.join(dir, "infra"), dir]);
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    expect(report.summary.inputs).toBe(2);
    expect(report.findings.filter((f) => f.rule === "agent-destructive-prod")).toHaveLength(1);
    expectGoodTemplateStillScanned(report);
  });

  it("links that lead back to each other are an error each, saying so", async () => {
    symlinkSync("b.json", path.join(dir, "a.json"));
    symlinkSync("a.json", path.join(dir, "b.json"));
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors.map((e) => [path.basename(e.file), e.message])).toEqual([
      ["a.json", "cannot read: a link that leads back to itself (ELOOP)"],
      ["b.json", "cannot read: a link that leads back to itself (ELOOP)"],
    ]);
    expectGoodTemplateStillScanned(report);
  });

  it("a named pipe met while walking is an error, not a read that waits forever; given by name it is read", async () => {
    const pipe = path.join(dir, "pipe.template.json");
    execFileSync("mkfifo", [pipe]);
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: pipe, line: null, message: "not a regular file (a named pipe, socket or device): not read (fail closed); give it by name to read it" }]);
    expectGoodTemplateStillScanned(report);
    // By name (as `scan <(cat template.json)` passes one), it is read: a writer fills it.
    const writer = spawn("sh", ["-c", `cat "${path.join(dir, "prod.template.json")}" > "${pipe}"`]);
    const named = await scanJson([pipe]);
    writer.kill();
    expect(named.report.errors).toEqual([]);
    expect(named.report.summary.inputs).toBe(1);
  });

  it("templates nested tens of thousands of levels deep (JSON and YAML) are an error each saying so, never an internal error", async () => {
    const deep = 30_000;
    const tags = `${"[".repeat(deep)}${"]".repeat(deep)}`;
    writeFileSync(path.join(dir, "deep.json"), `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"Tags":${tags}}}}}`);
    writeFileSync(path.join(dir, "deep.yaml"), `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: ${tags}\n`);
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors.map((e) => [path.basename(e.file), e.message])).toEqual([
      ["deep.yaml", "cannot be parsed: nested too deeply: thousands of levels, more than the reader's stack holds"],
      ["deep.json", "could not be evaluated (ran out of stack: the input nests tens of thousands of levels deep, or a reference loop was followed); nothing in it was checked"],
    ]);
    expectGoodTemplateStillScanned(report);
  });

  it("a named file that is no known input", async () => {
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x", version: "1.0.0" }));
    const { code, report } = await scanJson([path.join(dir, "package.json"), path.join(dir, "prod.template.json")]);
    expect(code).toBe(2);
    expect(report.errors[0]?.message).toMatch(/not a recognized input/);
    expectGoodTemplateStillScanned(report);
  });

  it("an adoption dashboard in a format no reader knows, found in a directory, is an error; a package.json beside it is skipped", async () => {
    const openlit = readFileSync(new URL("../fixtures/dashboards/real/openlit-dashboard-coding-agents-layout.json", import.meta.url), "utf8");
    writeFileSync(path.join(dir, "coding-agents.json"), openlit);
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "copilot-helper", description: "GitHub Copilot usage in the status bar" }));
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "coding-agents.json"), message: expect.stringMatching(/^looks like a dashboard of Claude Code, Cursor, OpenAI Codex use .* \(fail closed\)/) })]);
    expectGoodTemplateStillScanned(report);
  });

  // Kibana's export is JSON Lines (.ndjson): such files were not opened while walking, so a Kibana
  // adoption dashboard passed a repository scan (liaocCM/claude-otel's es-stack/kibana export).
  it("a Kibana saved-objects export (.ndjson) of an adoption dashboard, found in a directory, is an error at the dashboard's line; a JSON Lines data file beside it is skipped", async () => {
    const kibana = readFileSync(new URL("../fixtures/dashboards/handmade/kibana-claude-code-rollout.ndjson", import.meta.url), "utf8");
    mkdirSync(path.join(dir, "kibana"));
    writeFileSync(path.join(dir, "kibana", "export.ndjson"), kibana);
    writeFileSync(path.join(dir, "kibana", "copilot-usage.jsonl"), ['{"day":"2026-11-02","user_login":"octocat","loc_added_sum":80}', '{"day":"2026-11-03","user_login":"hubot","loc_added_sum":11}', ""].join("\n"));
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "kibana", "export.ndjson"), line: 4, message: expect.stringMatching(/^looks like a dashboard of Claude Code use .* \(fail closed\)/) })]);
    expectGoodTemplateStillScanned(report);
  });

  // A split export (elastic-package's kibana/<type>/<id>.json): every file was no input, so a
  // Copilot adoption dashboard passed a repository scan with exit 0.
  it("a Kibana split export of an adoption dashboard, found in a directory, is an error at the dashboard's file; its panels' files name no tool and are skipped", async () => {
    cpSync(fileURLToPath(new URL("../fixtures/dashboards/handmade/kibana-split/kibana", import.meta.url)), path.join(dir, "kibana"), { recursive: true });
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "kibana", "dashboard", "copilot-rollout.json"), message: expect.stringMatching(/^looks like a Kibana dashboard of GitHub Copilot whose panels are saved objects kept in other files .* \(fail closed\)/) })]);
    expectGoodTemplateStillScanned(report);
  });

  it("a JSON Lines file with a record that is not JSON, named, is an error at that record's line", async () => {
    writeFileSync(path.join(dir, "export.ndjson"), '{"type":"lens","attributes":{"title":"Sessions"}}\n{"type":"dashboard","attributes":{"title":"Claude Code"\n');
    const { code, report } = await scanJson([path.join(dir, "export.ndjson"), path.join(dir, "prod.template.json")]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "export.ndjson"), line: 2, message: expect.stringMatching(/^invalid JSON Lines at line 2: /) })]);
    expectGoodTemplateStillScanned(report);
  });

  // A file of several JSON values, one per line, is read as JSON Lines (a Kibana export): one whose
  // record is a template or policy was an input's parse error before, and must not become no input.
  it("a walked .json file of several policy documents, one per line, is an error at the first one's line, not skipped", async () => {
    const statement = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
    writeFileSync(path.join(dir, "policies.json"), `${JSON.stringify({ note: "agent policies" })}\n${JSON.stringify(statement)}\n${JSON.stringify(statement)}\n`);
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "policies.json"), line: 2, message: expect.stringMatching(/^holds a policy document as one JSON value per line.*fail closed/) })]);
    expectGoodTemplateStillScanned(report);
  });

  it("a path that does not exist", async () => {
    const { code, report } = await scanJson([path.join(dir, "nope"), dir]);
    expect(code).toBe(2);
    expect(report.errors[0]?.file).toBe(path.join(dir, "nope"));
    expectGoodTemplateStillScanned(report);
  });

  it("nothing to scan is not a pass", async () => {
    const empty = workspace();
    const { code, report } = await scanJson([empty]);
    expect(code).toBe(2);
    expect(report.errors[0]?.message).toMatch(/no inputs found/);
  });

  it("a broken config file is reported with its line; the scan still runs", async () => {
    const config = path.join(dir, "agent-guardrail.yml");
    writeFileSync(config, "production:\n  acounts: ['111111111111']\n");
    const { code, report } = await scanJson([path.join(dir, "prod.template.json"), "--config", config]);
    expect(code).toBe(2);
    expect(report.errors[0]).toMatchObject({ file: config, line: 2 });
    expect(report.errors[0]?.message).toMatch(/unknown key "production.acounts"/);
    expectGoodTemplateStillScanned(report);
  });

  it("exits 1 on findings, 0 with --fail-on never", async () => {
    expect((await scanJson([path.join(dir, "prod.template.json")])).code).toBe(1);
    expect((await scanJson([path.join(dir, "prod.template.json"), "--fail-on", "never"])).code).toBe(0);
  });
});

describe("usage errors exit 2", () => {
  let stderr: ReturnType<typeof jest.spyOn>;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  it("unknown option, bad --format, bad --max-file-size", async () => {
    expect(await main(["scan", "--frobnicate"])).toBe(2);
    expect(await main(["scan", ".", "--format", "xml"])).toBe(2);
    expect(await main(["scan", ".", "--max-file-size", "lots"])).toBe(2);
    expect(await main(["no-such-command"])).toBe(2);
    const printed = stderr.mock.calls.map((c: unknown[]) => String(c[0])).join("");
    expect(printed).toMatch(/unknown option '--frobnicate'/);
    expect(printed).toMatch(/--max-file-size takes a size in MB/);
    expect(printed).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("a JSON template that gives a name twice", () => {
  it("cites the occurrence CloudFormation deploys (the last), not the one a reviewer would read first", async () => {
    const dir = workspace();
    const role = (actions: string): string =>
      [
        "{",
        '      "Type": "AWS::IAM::Role",',
        '      "Properties": {',
        '        "RoleName": "kiro-agent-prod",',
        '        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "sts:AssumeRole"}]},',
        '        "Policies": [{"PolicyName": "agent", "PolicyDocument": {"Version": "2012-10-17", "Statement": [',
        `          {"Effect": "Allow", "Action": "${actions}", "Resource": "*"}`,
        "        ]}}]",
        "      }",
        "    }",
      ].join("\n");
    // Two resources under one logical id (cfn-lint issue 35): CloudFormation deploys the last.
    const text = `{\n  "Resources": {\n    "KiroAgentRole": ${role("dynamodb:GetItem")},\n    "KiroAgentRole": ${role("dynamodb:*")}\n  }\n}\n`;
    writeFileSync(path.join(dir, "prod.template.json"), text);
    const { report } = await scanJson([dir]);
    const finding = report.findings.find((f) => f.rule === "agent-destructive-prod");
    expect(finding?.actions).toContain("dynamodb:DeleteTable");
    const lines = text.split("\n");
    const deployed = lines.indexOf('          {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}') + 1;
    const secondRole = lines.lastIndexOf('    "KiroAgentRole": {') + 1;
    expect(deployed).toBeGreaterThan(secondRole);
    expect(finding?.evidence.map((e) => [e.pointer, e.line])).toEqual([
      ["/Resources/KiroAgentRole/Properties/Policies/0/PolicyDocument/Statement/0", deployed],
      ["/Resources/KiroAgentRole", secondRole],
    ]);
  });
});
