/** `review --facts FILE` on broken facts: an error naming the file, the key and its line; never a decision. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readFacts } from "../../src/cli/review.js";

const example = fileURLToPath(new URL("../../examples/pull-requests", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "ag-facts-"));
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe("readFacts", () => {
  const facts = JSON.parse(readFileSync(path.join(example, "copilot-infra-one-approval.json"), "utf8")) as Record<string, unknown>;

  it("an unknown key: its name and line", async () => {
    const text = JSON.stringify({ ...facts, approvedBy: ["alice"] }, null, 2);
    const file = write("unknown.json", text);
    const line = text.split("\n").findIndex((l) => l.includes('"approvedBy"')) + 1;
    expect(await readFacts(file)).toEqual({ error: { file, line, message: 'not valid PullFacts: unknown key "approvedBy"' } });
  });

  it("a field of the wrong type: its path and line", async () => {
    const text = JSON.stringify({ ...facts, filesComplete: "yes" }, null, 2);
    const file = write("type.json", text);
    const { error } = await readFacts(file);
    expect(error?.message).toMatch(/^not valid PullFacts: "filesComplete": /);
    expect(error?.line).toBe(text.split("\n").findIndex((l) => l.includes('"filesComplete"')) + 1);
  });

  it("a missing required field and an unreadable file", async () => {
    const { filesComplete: _dropped, ...rest } = facts;
    void _dropped;
    expect((await readFacts(write("missing.json", JSON.stringify(rest)))).error?.message).toMatch(/^not valid PullFacts: "filesComplete": /);
    expect(await readFacts(path.join(dir, "absent.json"))).toEqual({ error: { file: path.join(dir, "absent.json"), message: "cannot read: no such file or directory (or a broken link)" } });
  });
});
