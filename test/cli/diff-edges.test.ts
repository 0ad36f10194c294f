/**
 * `diff` over two template files, for the branches the assemblies of diff.test.ts do not reach:
 * a nested template that changed while its parent's Stack resource did not, a resource without a
 * Type, and an UpdateReplacePolicy that only one side keeps. Expected verdicts are written from
 * the templates, before running.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cli } from "../aws/cli.js";

interface Out {
  findings: { rule: string; severity: string; subject: string; message: string; evidence: { file: string; line?: number; pointer: string }[] }[];
  errors: { file: string; line?: number; message: string }[];
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "ag-diff-edges-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function diff(base: string, head: string): Promise<{ code: number; out: Out }> {
  const file = path.join(work, `out-${Math.random().toString(36).slice(2)}.json`);
  const code = await cli(["diff", base, head, "--stack-name", "ledger-prod", "--format", "json", "--output", file]);
  return { code, out: JSON.parse(readFileSync(file, "utf8")) as Out };
}
const json = (value: unknown) => JSON.stringify(value, null, 1);
const table = (name: string, extra: Record<string, unknown> = {}) => ({ Type: "AWS::DynamoDB::Table", Properties: { TableName: name, KeySchema: [{ AttributeName: "id", KeyType: "HASH" }] }, ...extra });

describe("diff of template files: branches the assemblies do not reach", () => {
  it("a nested template that changed under an unchanged Stack resource (same asset path): its renamed table is an error", async () => {
    // Same parent text on both sides; the nested file of the same name differs between the two folders.
    const parent = json({ Resources: { Data: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "https://bucket/data.json" }, Metadata: { "aws:asset:path": "Data.nested.template.json" } } } });
    for (const [side, name] of [["base", "ledger"], ["head", "ledger-v2"]] as const) {
      mkdirSync(path.join(work, side), { recursive: true });
      writeFileSync(path.join(work, side, "parent.json"), parent);
      writeFileSync(path.join(work, side, "Data.nested.template.json"), json({ Resources: { Ledger: table(name) } }));
    }
    const { code, out } = await diff(path.join(work, "base", "parent.json"), path.join(work, "head", "parent.json"));
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
    expect(out.findings.map((f) => [f.severity, f.subject, f.evidence[0]?.file])).toEqual([["error", "ledger-prod/Data/Ledger", path.join(work, "head", "Data.nested.template.json")]]);
    expect(out.findings[0]?.message).toContain("TableName (WILL_REPLACE)");
  });

  it("a head resource without a Type is an input error with its line (exit 2), not a removal judged or ignored", async () => {
    writeFileSync(path.join(work, "typed.json"), json({ Resources: { Ledger: table("ledger"), Queue: { Type: "AWS::SQS::Queue" } } }));
    const untyped = json({ Resources: { Ledger: table("ledger"), Queue: { Properties: {} } } });
    writeFileSync(path.join(work, "untyped.json"), untyped);
    const { code, out } = await diff(path.join(work, "typed.json"), path.join(work, "untyped.json"));
    expect(code).toBe(2);
    expect(out.errors).toContainEqual({ file: path.join(work, "untyped.json"), line: untyped.split("\n").findIndex((l) => l.includes('"Queue"')) + 1, message: "resource Queue has no Type" });
  });

  it("UpdateReplacePolicy Retain on the base only: a replacement deletes the old table (error); on both sides it is kept (note)", async () => {
    const write = (file: string, name: string, policy?: string) => writeFileSync(path.join(work, file), json({ Resources: { Ledger: table(name, policy ? { UpdateReplacePolicy: policy, DeletionPolicy: policy } : {}) } }));
    write("kept.json", "ledger", "Retain");
    write("dropped.json", "ledger-v2", "Delete");
    write("kept-v2.json", "ledger-v2", "Retain");
    const dropped = await diff(path.join(work, "kept.json"), path.join(work, "dropped.json"));
    expect(dropped.code).toBe(1);
    expect(dropped.out.findings.map((f) => [f.severity, f.subject])).toEqual([["error", "ledger-prod/Ledger"]]);
    expect(dropped.out.findings[0]?.message).toContain("UpdateReplacePolicy Delete");
    const kept = await diff(path.join(work, "kept.json"), path.join(work, "kept-v2.json"));
    expect(kept.code).toBe(0);
    expect(kept.out.findings.map((f) => [f.severity, f.subject])).toEqual([["note", "ledger-prod/Ledger"]]);
    expect(kept.out.findings[0]?.message).toContain("kept by UpdateReplacePolicy Retain");
  });

  it("a path through a file (ENOTDIR) is an input error naming it and its code (exit 2), nothing judged", async () => {
    writeFileSync(path.join(work, "plain.json"), json({ Resources: { Ledger: table("ledger") } }));
    const through = path.join(work, "plain.json", "head.json");
    const { code, out } = await diff(path.join(work, "plain.json"), through);
    expect(code).toBe(2);
    expect(out.findings).toEqual([]);
    expect(out.errors).toEqual([{ file: through, line: null, message: "cannot read template or cloud assembly: ENOTDIR" }]);
  });

  it("a base template that cannot be parsed: an input error (exit 2), the head's table is not judged as added", async () => {
    writeFileSync(path.join(work, "broken.json"), '{ "Resources": { "Ledger": ');
    writeFileSync(path.join(work, "whole.json"), json({ Resources: { Ledger: table("ledger") } }));
    const { code, out } = await diff(path.join(work, "broken.json"), path.join(work, "whole.json"));
    expect(code).toBe(2);
    expect(out.findings).toEqual([]);
    expect(out.errors.map((e) => e.file)).toEqual([path.join(work, "broken.json")]);
  });

  it("two cloud assemblies that list no stack: an input error (exit 2), never a clean pass", async () => {
    for (const side of ["empty-base", "empty-head"]) {
      mkdirSync(path.join(work, side));
      writeFileSync(path.join(work, side, "manifest.json"), json({ version: "36.0.0", artifacts: {} }));
    }
    const file = path.join(work, "out-empty.json");
    const code = await cli(["diff", path.join(work, "empty-base"), path.join(work, "empty-head"), "--format", "json", "--output", file]);
    expect(code).toBe(2);
    expect((JSON.parse(readFileSync(file, "utf8")) as Out).errors).toEqual([{ file: path.join(work, "empty-head", "manifest.json"), line: null, message: "neither cloud assembly lists a stack" }]);
  });
});
