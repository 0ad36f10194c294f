/**
 * Every file a cloud assembly names is read only inside its directory: a stack's `templateFile`, a
 * nested stack's `aws:asset:path`, an asset manifest and a nested assembly's `directoryName` (and a
 * link among them). `cdk synth` writes each one inside cdk.out; a manifest or template committed in
 * a pull request must not make a CI scan or gate read, judge and quote in its errors other files of
 * the machine (docs/cli.md: what a nested template may make the scan read).
 * Verdicts decided before running: each such name is an input error naming the file that names it
 * (exit 2) and the file outside is not read (here it holds an agent role that may delete any table:
 * no finding of it may appear); what the assembly holds inside is still judged.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { agentTemplate } from "./agent-template.js";
import { gate } from "./gate.js";

interface JsonReport {
  findings: { rule: string; subject: string; evidence: { file?: string }[] }[];
  errors: { file: string; line: number | null; message: string }[];
}

const stack = (templateFile: string, extra: Record<string, unknown> = {}) => ({
  type: "aws:cloudformation:stack",
  environment: "aws://111111111111/us-east-1",
  properties: { templateFile, terminationProtection: true },
  ...extra,
});
const bucketTemplate = { Resources: { Assets: { Type: "AWS::S3::Bucket", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } } };

/** A work directory holding `outside.template.json` (an agent role that may delete any table) and a cdk.out beside it. */
function workDir(): { work: string; dir: string; outside: string } {
  const work = mkdtempSync(path.join(tmpdir(), "ag-outside-"));
  const outside = path.join(work, "outside.template.json");
  writeFileSync(outside, JSON.stringify(agentTemplate));
  const dir = path.join(work, "cdk.out");
  mkdirSync(dir);
  return { work, dir, outside };
}
const writeJson = (file: string, value: unknown) => writeFileSync(file, JSON.stringify(value, null, 2));

async function scan(dir: string): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(path.dirname(dir), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}
const outsideRead = (report: { findings: { evidence: { file?: string }[] }[] }, outside: string) => report.findings.some((f) => f.evidence.some((e) => e.file !== undefined && path.resolve(e.file) === outside));

describe("scan of a cdk.out that names files outside it", () => {
  it("a stack's templateFile outside the assembly: an input error, not read; the stack inside is still judged", async () => {
    const { dir, outside } = workDir();
    writeJson(path.join(dir, "Inside.template.json"), agentTemplate);
    writeJson(path.join(dir, "manifest.json"), { version: "48.0.0", artifacts: { Escape: stack("../outside.template.json"), Inside: stack("Inside.template.json") } });
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: path.join(dir, "manifest.json"), line: null, message: expect.stringMatching(/^stack Escape: its template file .*outside\.template\.json is outside the cloud assembly .*: not read \(fail closed\)$/) }]);
    expect(outsideRead(report, outside)).toBe(false);
    expect(report.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["agent-destructive-prod Inside/AgentRole"]);
  });

  it("a template file that is a link to a file outside: an input error, not read", async () => {
    const { dir, outside } = workDir();
    symlinkSync(outside, path.join(dir, "Linked.template.json"));
    writeJson(path.join(dir, "manifest.json"), { version: "48.0.0", artifacts: { Linked: stack("Linked.template.json") } });
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^stack Linked: its template file .*Linked\.template\.json is outside the cloud assembly/)]);
    expect(outsideRead(report, outside)).toBe(false);
  });

  it("a nested stack's aws:asset:path outside the assembly: an input error at the parent, not read", async () => {
    const { dir, outside } = workDir();
    writeJson(path.join(dir, "Parent.template.json"), {
      Resources: { ...bucketTemplate.Resources, Agents: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "https://s3.us-east-1.amazonaws.com/cdk-assets/0f1e.json" }, Metadata: { "aws:asset:path": "../outside.template.json" } } },
    });
    writeJson(path.join(dir, "manifest.json"), { version: "48.0.0", artifacts: { Parent: stack("Parent.template.json") } });
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors.map((e) => `${path.basename(e.file)} ${e.message}`)).toEqual([expect.stringMatching(/^Parent\.template\.json nested stack Agents: its template .*outside\.template\.json is outside the cloud assembly .*: not read \(fail closed\)$/)]);
    expect(outsideRead(report, outside)).toBe(false);
  });

  it("a nested assembly whose directoryName leads outside: an input error, its stacks not read", async () => {
    const { work, dir, outside } = workDir();
    const elsewhere = path.join(work, "elsewhere");
    mkdirSync(elsewhere);
    writeJson(path.join(elsewhere, "manifest.json"), { version: "48.0.0", artifacts: { Agent: stack("../outside.template.json") } });
    writeJson(path.join(dir, "Inside.template.json"), bucketTemplate);
    writeJson(path.join(dir, "manifest.json"), { version: "48.0.0", artifacts: { Inside: stack("Inside.template.json"), Stage: { type: "cdk:cloud-assembly", properties: { directoryName: "../elsewhere" } } } });
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: path.join(dir, "manifest.json"), line: null, message: expect.stringMatching(/^a nested assembly's directory .*elsewhere is outside the cloud assembly .*: not read \(fail closed\)$/) }]);
    expect(outsideRead(report, outside)).toBe(false);
  });
});

describe("diff of cloud assemblies that name files outside them", () => {
  it("the head's templateFile outside the assembly: an input error, not read", async () => {
    const { work } = workDir();
    const side = (name: string, templateFile: string, template?: unknown) => {
      const dir = path.join(work, name);
      mkdirSync(dir);
      if (template) writeJson(path.join(dir, templateFile), template);
      writeJson(path.join(dir, "manifest.json"), { version: "48.0.0", artifacts: { Orders: stack(templateFile) } });
      return dir;
    };
    const base = side("base.out", "Orders.template.json", bucketTemplate);
    const head = side("head.out", "../outside.template.json");
    const { code, out } = await gate(work, base, head);
    expect(code).toBe(2);
    expect(out.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^stack Orders: its template file .*outside\.template\.json is outside the cloud assembly .*: not read \(fail closed\)$/)]);
    expect(out.findings).toEqual([]);
  });

  it("a nested stack's aws:asset:path outside the head assembly: an input error, not read", async () => {
    const { work } = workDir();
    const parent = (nested: Record<string, unknown>) => ({ Resources: { ...bucketTemplate.Resources, Agents: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "https://s3.us-east-1.amazonaws.com/cdk-assets/0f1e.json" }, Metadata: nested } } });
    const side = (name: string, metadata: Record<string, unknown>) => {
      const dir = path.join(work, name);
      mkdirSync(dir);
      writeJson(path.join(dir, "Orders.template.json"), parent(metadata));
      writeJson(path.join(dir, "Agents.nested.template.json"), bucketTemplate);
      writeJson(path.join(dir, "manifest.json"), { version: "48.0.0", artifacts: { Orders: stack("Orders.template.json") } });
      return dir;
    };
    const base = side("base.out", { "aws:asset:path": "Agents.nested.template.json" });
    const head = side("head.out", { "aws:asset:path": "../outside.template.json" });
    const { code, out } = await gate(work, base, head);
    expect(code).toBe(2);
    expect(out.errors.map((e) => e.message)).toEqual([expect.stringMatching(/nested stack Agents .*its template .*outside\.template\.json is outside the cloud assembly .*: not read \(fail closed\)$/)]);
  });
});
