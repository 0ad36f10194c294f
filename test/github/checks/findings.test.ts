/** Findings as check-run output: where an annotation lands, what it names, and when there is none. */
import MarkdownIt from "markdown-it";
import type { Finding } from "../../../src/core/finding.js";
import type { Decision } from "../../../src/core/review/facts.js";
import { checkAdoptionDashboards } from "../../../src/github/checks/adoption-dashboards.js";
import { errorAnnotation, errorSummaryLine, findingAnnotations, findingSummaryLines } from "../../../src/github/checks/findings.js";
import { blobUrl, markdownText } from "../../../src/github/checks/markdown.js";
import { twoPersonOutcome } from "../../../src/github/checks/two-person-review.js";

const f = (over: Partial<Finding>): Finding => ({ rule: "agent-destructive-prod", severity: "error", message: "Role kiro can delete", subject: "s", evidence: [], suppressed: null, ...over });
const files = new Set(["infra/a.json"]);

describe("findingAnnotations", () => {
  it("lands on the first evidence with a line in a changed file, lists up to 20 actions and 10 other pieces of evidence", () => {
    const actions = Array.from({ length: 22 }, (_, i) => `s3:Action${i}`);
    const others = Array.from({ length: 12 }, (_, i) => ({ arn: `arn:aws:iam::1:role/r${i}` }));
    const [a] = findingAnnotations(f({ actions, evidence: [{ file: "elsewhere.json", line: 3 }, { file: "infra/a.json" }, { file: "infra/a.json", line: 7, pointer: "/Resources/R", note: "agent" }, ...others] }), files);
    expect(a).toMatchObject({ path: "infra/a.json", start_line: 7, end_line: 7, annotation_level: "failure", title: "agent-destructive-prod" });
    expect(a?.message).toContain(`\nActions: ${actions.slice(0, 20).join(", ")}, … (22 in all)`);
    expect(a?.message).toContain("\nAt /Resources/R (agent)");
    expect(a?.message).toContain("\n- elsewhere.json:3");
    expect(a?.message).toContain("\n- … 4 more");
  });

  it("falls back to line 1 of a changed file, carries a note without pointer, maps warning and note levels", () => {
    expect(findingAnnotations(f({ severity: "warning", evidence: [{ file: "infra/a.json", note: "whole file" }] }), files)).toEqual([
      { path: "infra/a.json", start_line: 1, end_line: 1, annotation_level: "warning", title: "agent-destructive-prod", message: "Role kiro can delete\nwhole file" },
    ]);
    expect(findingAnnotations(f({ severity: "note", evidence: [{ file: "infra/a.json", line: 2 }] }), files)[0]?.annotation_level).toBe("notice");
  });

  it("names every other piece of evidence, one per line, when there are at most 10", () => {
    const [a] = findingAnnotations(f({ evidence: [{ file: "infra/a.json", line: 4 }, { file: "elsewhere.json", line: 3 }, { arn: "arn:aws:iam::1:role/r" }] }), files);
    expect(a?.message).toBe("Role kiro can delete\nAlso:\n- elsewhere.json:3\n- arn:aws:iam::1:role/r");
  });

  it("none for a suppressed finding or one whose evidence is in no changed file", () => {
    expect(findingAnnotations(f({ evidence: [{ file: "infra/a.json", line: 2 }], suppressed: { reason: "reviewed in OPS-1", by: "config" } }), files)).toEqual([]);
    expect(findingAnnotations(f({ evidence: [{ arn: "arn:aws:iam::1:role/r" }, { file: "other.json", line: 1 }] }), files)).toEqual([]);
  });
});

describe("summary lines and links", () => {
  it("link file evidence at the head SHA (path segments encoded), plain text otherwise", () => {
    const html = "https://github.com/acme/platform";
    expect(blobUrl(html, "abc", "infra/my stack.json", 4)).toBe("https://github.com/acme/platform/blob/abc/infra/my%20stack.json#L4");
    expect(blobUrl(html, "abc", "a.json")).toBe("https://github.com/acme/platform/blob/abc/a.json");
    expect(blobUrl(html, "abc", "infra/#1?.json")).toBe("https://github.com/acme/platform/blob/abc/infra/%231%3F.json");
    const lines = findingSummaryLines(f({ evidence: [{ file: "a.json", line: 2 }, { arn: "arn:x" }], suppressed: { reason: "ok for now", by: "config" } }), (file, line) => blobUrl(html, "abc", file, line));
    expect(lines).toEqual(["- **suppressed by config: ok for now** `agent-destructive-prod` s: Role kiro can delete", "  - [a.json:2](https://github.com/acme/platform/blob/abc/a.json#L2)", "  - arn:x"]);
    expect(findingSummaryLines(f({ evidence: [{ file: "a.json" }] }))).toEqual(["- **error** `agent-destructive-prod` s: Role kiro can delete", "  - a.json"]);
  });

  it("an input error without a line is annotated on line 1", () => {
    expect(errorAnnotation({ file: "a.json", message: "cannot parse" })).toEqual({ path: "a.json", start_line: 1, end_line: 1, annotation_level: "failure", title: "cannot be evaluated", message: "cannot parse" });
  });
});

describe("text from the pull request in a summary renders as that text, on its line", () => {
  // GitHub renders summaries as GitHub Flavored Markdown with some HTML; markdown-it with HTML on is the stand-in.
  const md = new MarkdownIt({ html: true });
  const decode = (html: string) => html.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  /** The rendered HTML of a summary, and its text with every tag removed. */
  const rendered = (markdown: string) => {
    const html = md.render(markdown);
    return { html, text: decode(html.replace(/<[^>]*>/g, "")) };
  };
  const hostile = [
    "prod.json\n\n# ✅ agent-guardrail: all checks passed\n<!--",
    "[approved by security](https://evil.example/approve)",
    "![](https://evil.example/pixel.png)",
    "**PASS** `reviewed` ~~old~~ _x_ | a | b |",
    "&lt;details&gt; <details><summary>ok</summary>",
    "$\\color{green}{\\text{PASS}}$ \\ {}",
    "orders\u202egnp.json\u0007",
  ];
  /** The hostile text as a reader sees it: on one line, its control characters as escapes. */
  const asShown = (text: string) => text.replaceAll("\n", "\\n").replaceAll("\u202e", "\\u202e").replaceAll("\u0007", "\\u0007");
  /** No element but the list, paragraphs and the check's own bold and code; no link or image but the check's. */
  const onlyOurMarkup = (html: string) => {
    expect(html).not.toMatch(/<(h\d|img|details|summary|del|s|em|table|script)\b|<!--|href="https:\/\/evil|src=/);
  };

  it.each(hostile)("a finding whose subject, message and file hold %j", (text) => {
    const lines = findingSummaryLines(f({ subject: text, message: `Role ${text} can delete`, evidence: [{ file: text, line: 2 }], suppressed: null }), (file, line) => blobUrl("https://github.com/acme/platform", "abc", file, line));
    const { html, text: shown } = rendered(lines.join("\n"));
    onlyOurMarkup(html);
    const literal = asShown(text);
    expect(shown).toContain(`${literal}: Role ${literal} can delete`);
    expect(shown).toContain(`${literal}:2`);
    expect((html.match(/<li>/g) ?? []).length).toBe(2); // the finding and its one piece of evidence
  });

  it.each(hostile)("an input error on a file named %j", (text) => {
    const { html, text: shown } = rendered(errorSummaryLine({ file: text, line: 3, message: `cannot parse ${text}` }));
    onlyOurMarkup(html);
    expect(html.match(/<li>/g)).toHaveLength(1);
    expect(shown.trim()).toBe(asShown(`${text}:3: cannot parse ${text}`));
  });

  it("the two-person summary's infrastructure files and reasons", () => {
    const file = hostile[0] as string;
    const decision: Decision = { conclusion: "failure", guarded: true, reasons: [`infrastructure file changed: ${hostile[1]}`], approvals: [], missing: 2, evidence: { reviewIds: [], commitShas: [], files: [file] } };
    const facts = { repo: "acme/platform", number: 7, headSha: "9f2c1e7aa" } as Parameters<typeof twoPersonOutcome>[0];
    const { html, text } = rendered(twoPersonOutcome(facts, decision, "https://github.com/acme/platform").summary);
    expect(html).not.toMatch(/<h\d|<!--|href="https:\/\/evil/);
    expect(html).toContain('href="https://github.com/acme/platform/blob/9f2c1e7aa/prod.json%0A%0A%23%20%E2%9C%85%20agent-guardrail%3A%20all%20checks%20passed%0A%3C!--"');
    expect(text).toContain(`infrastructure file changed: ${hostile[1]}`);
    expect(text).toContain("Re-run offline"); // nothing after the file name was hidden
  });

  it("the dashboards check's list of files", async () => {
    const name = "dash/`<b>on call</b>`.json"; // a backtick in the name ends a code span around it
    const out = await checkAdoptionDashboards({ policy: (await import("../../../src/policy/load.js")).resolvePolicy(), files: [{ path: name, status: "added" }], filesComplete: true, read: () => Promise.resolve('{"title":"Latency","panels":[]}'), catalogue: () => { throw new Error("not needed"); } });
    const { html, text } = rendered(out.summary);
    expect(html).not.toMatch(/<b>|<code>/);
    expect(text).toContain(`Dashboard files evaluated at the head: ${name}.`);
  });

  it("markdownText leaves plain words as they are, and escapes the `$` GitHub would render as math (markdown-it does not)", () => {
    expect(markdownText("Role kiro-agent can delete table/orders-prod (dynamodb:DeleteTable).")).toBe("Role kiro-agent can delete table/orders-prod (dynamodb:DeleteTable).");
    expect(markdownText("$\\color{green}{PASS}$")).toBe("\\$\\\\color\\{green\\}\\{PASS\\}\\$");
  });
});
