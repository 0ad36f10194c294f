import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

const examples = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../examples/pull-requests");
const out = () => path.join(mkdtempSync(path.join(tmpdir(), "ag-review-")), "out.json");

async function review(file: string): Promise<{ code: number; json: { findings: { rule: string; evidence: { reviewId?: number }[] }[]; errors: { file: string; line: number | null; message: string }[]; notes?: string[] } }> {
  const output = out();
  const code = await main(["review", "--facts", file, "--format", "json", "--output", output]);
  return { code, json: JSON.parse(readFileSync(output, "utf8")) };
}

describe("agent-guardrail review --facts", () => {
  it("fails an agent infrastructure PR whose second approval is by the requester (exit 1)", async () => {
    const { code, json } = await review(path.join(examples, "copilot-infra-one-approval.json"));
    expect(code).toBe(1);
    expect(json.findings[0]?.rule).toBe("two-person-review");
    expect(json.notes).toEqual(expect.arrayContaining(["alice-ops (review 2401967711) does not count: co-authored commit 9f2c1e7"]));
  });

  it("passes with two independent approvals (exit 0)", async () => {
    const { code, json } = await review(path.join(examples, "copilot-infra-two-approvals.json"));
    expect(code).toBe(0);
    expect(json.findings).toEqual([]);
    expect(json.notes?.[0]).toMatch(/PASS/);
  });

  it("passes when a reviewer's only commit is a clean \"Update branch\" merge (cleanMerges), and fails without that proof (exit 1)", async () => {
    const example = path.join(examples, "copilot-infra-updated-branch.json");
    const { code, json } = await review(example);
    expect(code).toBe(0);
    expect(json.notes).toContain("merge commit c41d5e8 holds only its parents' content (a clean update of the branch): making it does not make anyone a writer");
    const dir = mkdtempSync(path.join(tmpdir(), "ag-facts-"));
    const { cleanMerges: _proof, ...unproven } = JSON.parse(readFileSync(example, "utf8")) as Record<string, unknown>;
    const file = path.join(dir, "facts.json");
    writeFileSync(file, JSON.stringify(unproven, null, 2));
    const without = await review(file);
    expect(without.code).toBe(1);
    expect(without.json.notes).toContain("bob-sre (review 2402110931) does not count: authored commit c41d5e8");
  });

  it("a malformed facts file is an error naming the file and line (exit 2), never a pass", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ag-facts-"));
    const facts = JSON.parse(readFileSync(path.join(examples, "copilot-infra-two-approvals.json"), "utf8")) as Record<string, unknown>;
    delete facts["filesComplete"];
    const file = path.join(dir, "facts.json");
    writeFileSync(file, JSON.stringify(facts, null, 2));
    const { code, json } = await review(file);
    expect(code).toBe(2);
    expect(json.errors[0]).toMatchObject({ file });
    expect(json.errors[0]?.message).toMatch(/filesComplete/);
    writeFileSync(file, "{\n  \"repo\": \"acme/platform\",\n  \"number\": 3,,\n}");
    const broken = await review(file);
    expect(broken.code).toBe(2);
    expect(broken.json.errors[0]?.line).toBe(3);
  });

  it("replays saved facts without the newer optional fields, and decides on them when present (a retarget after the approvals fails)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ag-facts-"));
    const facts = JSON.parse(readFileSync(path.join(examples, "copilot-infra-two-approvals.json"), "utf8")) as Record<string, unknown>;
    for (const key of ["baseChangedAt", "bodyRevisions", "triggers", "commitSignatures", "infraRoots"]) expect(facts).not.toHaveProperty(key);
    const file = path.join(dir, "facts.json");
    writeFileSync(file, JSON.stringify({ ...facts, baseChangedAt: "2099-01-01T00:00:00Z", bodyRevisions: ["earlier text"], triggers: [], commitSignatures: {}, infraRoots: [] }, null, 2));
    const { code, json } = await review(file);
    expect(code).toBe(1);
    expect(json.notes?.join("\n")).toContain("before the base branch changed (2099-01-01T00:00:00Z)");
    writeFileSync(file, JSON.stringify({ ...facts, triggers: [{ login: "x", kind: "telepathy", text: "", at: "" }] }, null, 2));
    const bad = await review(file);
    expect(bad.code).toBe(2);
    expect(bad.json.errors[0]?.message).toMatch(/triggers/);
  });
});
