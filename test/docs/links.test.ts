/**
 * README.md and docs/ are one set of documents (issue 17): every relative link in them resolves
 * to a file or directory of the repository, and a `#fragment` into a Markdown file names one of
 * its headings (GitHub's anchors); none links to itself. README keeps no leftover build markers.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const documents = ["README.md", ...readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** Markdown text without fenced code blocks (and without inline code, unless kept: headings use it). */
function prose(text: string, keepInlineCode = false): string {
  const unfenced = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  return keepInlineCode ? unfenced : unfenced.replace(/`[^`\n]*`/g, "");
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of prose(markdown, true).split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** Relative link targets: inline links and images, and reference definitions. */
function links(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] as string);
  const references = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1] as string);
  return [...inline, ...references].filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** The relative links of `doc` (a path from the repository root) that resolve to nothing. */
function brokenLinks(doc: string, text: string): string[] {
  const broken: string[] = [];
    for (const target of links(text)) {
      const [file = "", fragment] = target.split("#");
      const resolved = file === "" ? path.join(root, doc) : path.resolve(path.dirname(path.join(root, doc)), decodeURIComponent(file));
      if (!resolved.startsWith(root) || !existsSync(resolved)) {
        broken.push(`${target} (no such file)`);
        continue;
      }
      // Text moved from README into the document it linked to keeps a link to itself.
      if (file !== "" && !fragment && resolved === path.join(root, doc)) {
        broken.push(`${target} (this document itself)`);
        continue;
      }
      if (fragment && statSync(resolved).isFile() && resolved.endsWith(".md") && !anchors(readFileSync(resolved, "utf8")).has(fragment)) {
        broken.push(`${target} (no heading #${fragment})`);
      }
    }
  return broken;
}

describe("README.md and docs/", () => {
  it.each(documents)("%s: every relative link resolves", (doc) => {
    expect(brokenLinks(doc, readFileSync(path.join(root, doc), "utf8"))).toEqual([]);
  });

  it("reports a missing file, a missing heading and a link out of the repository", () => {
    const text = "[ok](cli.md#exit-codes) [file](nope.md) [heading](cli.md#no-such-heading) [out](../../etc/passwd) [self](#nowhere) [itself](cli.md)";
    expect(brokenLinks("docs/cli.md", text)).toEqual([
      "nope.md (no such file)",
      "cli.md#no-such-heading (no heading #no-such-heading)",
      "../../etc/passwd (no such file)",
      "#nowhere (no heading #nowhere)",
      "cli.md (this document itself)",
    ]);
  });

  it("finds links, anchors and broken targets as GitHub does", () => {
    const sample = "# Title\n\n## How to read a finding\n\nSee [a](docs/x.md#y), ![i](img.png), `[not](code.md)` and [web](https://example.com).\n\n```\n[fenced](nope.md)\n```\n\n[ref]: other.md\n";
    expect(links(sample)).toEqual(["docs/x.md#y", "img.png", "other.md"]);
    expect([...anchors(sample)]).toEqual(["title", "how-to-read-a-finding"]);
    expect(anchors("## `scan`\n## In GitHub Actions\n## Exit codes\n## Exit codes")).toEqual(new Set(["scan", "in-github-actions", "exit-codes", "exit-codes-1"]));
  });

  it("README keeps no leftover build marker", () => {
    expect(readFileSync(path.join(root, "README.md"), "utf8")).not.toMatch(/<!--\s*SECTIONS\s*-->/);
  });
});
