/**
 * `aws cloudformation get-template --stack-name orders-prod > orders-prod.json`: the deployed
 * template inside the CLI's answer ({TemplateBody, StagesAvailable}; the CLI writes a JSON
 * template's body as an object, a YAML one's as text). Fixtures and the verdicts decided before
 * running: test/fixtures/cfn/cli-answers/README.md. The answer is judged as the template it
 * holds, with pointers into the answer (/TemplateBody/...) and its lines.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { main } from "../../src/cli/main.js";

interface JsonReport {
  findings: { rule: string; subject: string; actions?: string[]; evidence: { file?: string; line?: number; pointer?: string }[] }[];
  errors: { file: string; line: number | null; message: string }[];
  summary: { inputs: number };
  notes?: string[];
}

const fixtures = path.resolve("test/fixtures/cfn/cli-answers");
const jsonTemplate = JSON.parse(readFileSync(path.join(fixtures, "orders-prod.template.json"), "utf8")) as unknown;
const yamlTemplate = readFileSync(path.join(fixtures, "orders-prod.cdk-synth.yaml"), "utf8");

async function scan(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-answers-out-")), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

function write(name: string, text: string): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-answers-"));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

const agentFinding = (report: JsonReport) => report.findings.find((f) => f.rule === "agent-destructive-prod");

test("a JSON template's answer: judged as the template, cited inside the answer at the statement's line", async () => {
  const text = JSON.stringify({ TemplateBody: jsonTemplate, StagesAvailable: ["Original", "Processed"] }, null, 4);
  const { file } = write("orders-prod.json", text);
  const { code, report } = await scan([file]);
  expect(report.errors).toEqual([]);
  expect(code).toBe(1);
  const finding = agentFinding(report);
  expect(finding?.actions).toContain("dynamodb:DeleteTable");
  const statement = finding?.evidence.find((e) => e.pointer?.endsWith("/PolicyDocument/Statement/0"));
  expect(statement?.pointer).toMatch(/^\/TemplateBody\/Resources\/ClaudeAgentRoleDefaultPolicy[0-9A-F]+\/Properties\/PolicyDocument\/Statement\/0$/);
  // The statement's opening brace, right after `"Statement": [`.
  expect(text.split("\n")[(statement?.line ?? 0) - 2]).toMatch(/"Statement": \[$/);
  expect(report.findings.filter((f) => f.rule === "prod-resource-unprotected").map((f) => f.subject)).toEqual([expect.stringMatching(/^orders-prod/)]);
});

test("a YAML template's answer (the body as text), named or walked, in JSON or --output yaml: judged, cited at the body's line", async () => {
  for (const [name, text] of [
    ["orders-prod.json", JSON.stringify({ StagesAvailable: ["Original", "Processed"], TemplateBody: yamlTemplate }, null, 4)],
    ["orders-prod.yaml", stringify({ StagesAvailable: ["Original", "Processed"], TemplateBody: yamlTemplate })],
  ] as const) {
    const { dir, file } = write(name, text);
    const bodyLine = text.split("\n").findIndex((l) => l.includes("TemplateBody")) + 1;
    for (const target of [file, dir]) {
      const { code, report } = await scan([target]);
      expect(report.errors).toEqual([]);
      expect(code).toBe(1);
      expect(report.summary.inputs).toBe(1);
      const statement = agentFinding(report)?.evidence.find((e) => e.pointer?.endsWith("/PolicyDocument/Statement/0"));
      expect(statement).toMatchObject({ file, line: bodyLine, pointer: expect.stringMatching(/^\/TemplateBody\/Resources\//) });
    }
  }
});

test("an answer whose body is no template, or text that does not parse: an input error at the body, other inputs still judged", async () => {
  const { dir } = write("other.template.json", JSON.stringify(jsonTemplate));
  const cases = [
    ["empty.json", JSON.stringify({ TemplateBody: {}, StagesAvailable: ["Original"] }, null, 2), "is not a CloudFormation template"],
    ["broken.json", JSON.stringify({ TemplateBody: "Resources:\n  A: [unclosed\n", StagesAvailable: ["Original"] }, null, 2), "cannot be read"],
    ["number.json", JSON.stringify({ TemplateBody: 3 }, null, 2), "is not a CloudFormation template"],
  ] as const;
  for (const [name, text] of cases) writeFileSync(path.join(dir, name), text);
  const { code, report } = await scan([dir]);
  expect(code).toBe(2);
  expect(report.errors).toEqual(
    cases.map(([name, , why]) => ({ file: path.join(dir, name), line: 2, message: expect.stringContaining(`aws cloudformation get-template output: its TemplateBody ${why}`) })).sort((a, b) => a.file.localeCompare(b.file)),
  );
  expect(agentFinding(report)?.evidence[0]?.file).toBe(path.join(dir, "other.template.json"));
});

test("a file with TemplateBody beside other keys (a stack set's properties, a deploy script's settings) is not an answer", async () => {
  const { file } = write("stack-set.json", JSON.stringify({ StackSetName: "baseline", PermissionModel: "SERVICE_MANAGED", TemplateBody: jsonTemplate }, null, 2));
  const { code, report } = await scan([file]);
  expect(code).toBe(2);
  expect(report.errors).toEqual([expect.objectContaining({ file, message: expect.stringContaining("not a recognized input") })]);
});
