/**
 * `diff` of a template whose resources a macro makes (`Transform: Count`, the sample macro of
 * aws-cloudformation/aws-cloudformation-templates; test/fixtures/cfn/macros/README.md). What is
 * deployed is what the macro returns, which the file does not show. Verdicts decided from the
 * macro's README before running:
 * - the same file on both sides: nothing changes, pass;
 * - `Count: 3` → `Count: 2`: the macro stops making `BucketToCopyA3`, which CloudFormation
 *   deletes: not a pass (input error at the head's Transform);
 * - the transform dropped: the deployed copies leave the template: not a pass (at the base's);
 * - a macro added to a template that had none: it may rewrite anything: not a pass;
 * - a nested template with a macro, changed under its parent: not a pass (at the nested file).
 * AWS's own transforms the gate follows (SAM, AWS::LanguageExtensions) stay errors-free.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gate } from "./gate.js";

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "cfn", "macros", "count-test.4e49074.yaml");
const original = readFileSync(fixture, "utf8");

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "ag-diff-macros-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes `text` as a template file of the work directory. */
function file(name: string, text: string): string {
  const at = path.join(work, name);
  writeFileSync(at, text);
  return at;
}

const diff = (base: string, head: string) => gate(work, base, head, ["--stack-name", "buckets-prod"]);

describe("diff: a template a macro rewrites (Transform: Count, real sample)", () => {
  it("the same template on both sides passes", async () => {
    const { code, out } = await diff(fixture, file("same.yaml", original));
    expect(out.errors).toEqual([]);
    expect(out.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it("a smaller Count (the macro stops making a bucket) is an input error at the head's Transform, not a pass", async () => {
    const head = file("count-2.yaml", original.replace("    Count: 3\n", "    Count: 2\n"));
    expect(readFileSync(head, "utf8")).not.toBe(original);
    const { code, out } = await diff(fixture, head);
    expect(code).toBe(2);
    expect(out.errors).toEqual([expect.objectContaining({ file: head, line: 12, message: expect.stringContaining("Transform Count") })]);
    expect(out.errors[0]?.message).toContain("agent-guardrail changeset");
  });

  it("dropping the transform is an input error at the base's Transform", async () => {
    const { code, out } = await diff(fixture, file("no-macro.yaml", original.replace("Transform: Count\n", "")));
    expect(code).toBe(2);
    expect(out.errors).toEqual([expect.objectContaining({ file: fixture, line: 12, message: expect.stringContaining("Transform Count") })]);
  });

  it("a macro added to a template that had none (in a list, after AWS::LanguageExtensions) is an input error at its entry", async () => {
    const plain = original.replace("Transform: Count\n", "");
    const head = file("added.yaml", original.replace("Transform: Count\n", "Transform: [AWS::LanguageExtensions, {Name: Explode}]\n"));
    const { code, out } = await diff(file("plain.yaml", plain), head);
    expect(code).toBe(2);
    expect(out.errors).toEqual([expect.objectContaining({ file: head, message: expect.stringContaining("Transform Explode") })]);
  });

  it("a nested template with a macro that changes under its unchanged parent is an input error at the nested file", async () => {
    const parent = JSON.stringify({ Resources: { Buckets: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "./buckets.yaml" } } } });
    for (const [side, text] of [["base", original], ["head", original.replace("    Count: 3\n", "    Count: 2\n")]] as const) {
      mkdirSync(path.join(work, side));
      writeFileSync(path.join(work, side, "parent.json"), parent);
      writeFileSync(path.join(work, side, "buckets.yaml"), text);
    }
    const { code, out } = await diff(path.join(work, "base", "parent.json"), path.join(work, "head", "parent.json"));
    expect(code).toBe(2);
    expect(out.errors).toEqual([expect.objectContaining({ file: path.join(work, "head", "buckets.yaml"), line: 12, message: expect.stringContaining("Transform Count") })]);
  });

  it("a nested template with a macro, unchanged, whose parent passes it a smaller count is an input error too", async () => {
    // The real template's BucketToCopyC has `Count: !Ref TestCount`: the parent's value decides how many buckets the macro makes.
    const parent = (count: string) => JSON.stringify({ Resources: { Buckets: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "./buckets.yaml", Parameters: { TestCount: count } } } } });
    for (const [side, count] of [["param-base", "3"], ["param-head", "2"]] as const) {
      mkdirSync(path.join(work, side));
      writeFileSync(path.join(work, side, "parent.json"), parent(count));
      writeFileSync(path.join(work, side, "buckets.yaml"), original);
    }
    expect(original).toContain("    Count: !Ref TestCount\n");
    const { code, out } = await diff(path.join(work, "param-base", "parent.json"), path.join(work, "param-head", "parent.json"));
    expect(code).toBe(2);
    expect(out.errors).toEqual([expect.objectContaining({ file: path.join(work, "param-head", "buckets.yaml"), line: 12, message: expect.stringContaining("Transform Count") })]);
  });

  it("AWS's transforms the gate follows are no error: SAM and AWS::LanguageExtensions", async () => {
    const sam = (memory: number) => `Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: index.handler\n      CodeUri: s3://bucket/code.zip\n      MemorySize: ${memory}\n`;
    const { code, out } = await diff(file("sam-base.yaml", sam(128)), file("sam-head.yaml", sam(256)));
    expect(out.errors).toEqual([]);
    expect(out.findings).toEqual([]);
    expect(code).toBe(0);
  });
});
