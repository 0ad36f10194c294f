#!/usr/bin/env node
// Differential fuzz of agent-guardrail's YAML reading against PyYAML, the reader cfn-lint uses and
// the closest stand-in for CloudFormation's (YAML 1.1). It generates CloudFormation-like templates
// with the lines where readers disagree (quotes escaped at a line end, strings and flow
// collections over lines at their key's column, comments, block scalars, tabs, explicit keys,
// document markers, CRLF), reads each with both, and prints:
//   - STRUCTURE: both read the text but see different keys. A key only we see, or only
//     CloudFormation sees, can hide a setting from a rule (a DeletionPolicy written inside a
//     string): each one is a bug to fix.
//   - PYYAML ONLY: PyYAML reads it and we refuse it (an input error where CloudFormation deploys).
//   - the count of texts only we read: CloudFormation refuses those, so they deploy nothing.
// Not part of `npm test` (CI has no Python): run it by hand after changing src/core/source/yaml*.
//
//   npm run build && node scripts/yaml-vs-pyyaml.mjs [texts=5000] [seed]
// Needs python3 with PyYAML (`python3 -c "import yaml"`). Exits 1 when it finds a difference.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { parseSource } = await import(pathToFileURL(path.join(root, "dist/core/source/parse.js")).href);

const COUNT = Number(process.argv[2] ?? 5000);
let seed = Number(process.argv[3] ?? Date.now() % 2147483647) || 1;
const startSeed = seed;
// Park–Miller: a run is replayed from its seed.
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const pick = (list) => list[Math.floor(random() * list.length)];

const VALUES = [
  "plain", "'it''s'", "'it''", '"say \\"hi\\""', '"x \\"', '"a\\\\"', "''", '""', "a b", "v # c", "[x, y]", "{k: v}", "[x,", "y]",
  "{k:", "v}", "yes", "on", "0777", "2012-10-17", "!Ref X", "!Sub 'a${B}'", "a #c", "x:y", "'a #b'", '"multi', 'line"', "null", "~",
  "'two", "words'", "plain continued", "Retain", "Delete",
];
const NEXT_LINES = [
  "plain", "more words", 'end"', "end'", "y]", "v}", "k: v", "DeletionPolicy: Retain", "# comment", "- item", "|", "  block",
  "\tk: v", "k:\tv", "? q", ": a", '"q": v', "'q': v", "k: v # x", "k: |", "  text", "k: >-", "--- ", "...", 'k: "a\\', '"',
  "k: 'a", "b'", "k: [a, 'b,", "c']", "k: {a: 'b}'}",
];

function template() {
  const lines = ["Resources:", "  R:", "    Type: AWS::S3::Bucket", "    Properties:"];
  const count = 2 + Math.floor(random() * 5);
  for (let i = 0; i < count; i++) {
    lines.push(`${" ".repeat(pick([4, 6, 6, 6, 6, 6]))}${pick([`K${i}`, "DeletionPolicy", `k${i}`])}: ${pick(VALUES)}`);
    if (random() < 1 / 3) lines.push(`${" ".repeat(pick([4, 6, 6, 8]))}${pick(NEXT_LINES)}`);
  }
  lines.push("    DeletionPolicy: Delete");
  return `${lines.join(random() < 1 / 8 ? "\r\n" : "\n")}\n`;
}

// PyYAML with every `!Tag` read as {"!Tag": value}, as cfn-lint's loader keeps short forms apart.
const PYTHON = `
import sys, json, yaml
class Loader(yaml.SafeLoader): pass
def tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode): value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode): value = loader.construct_sequence(node, deep=True)
    else: value = loader.construct_mapping(node, deep=True)
    return {"!" + suffix: value}
Loader.add_multi_constructor("!", tagged)
def plain(v):
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, list): return [plain(x) for x in v]
    return v if isinstance(v, (int, float, bool)) or v is None else str(v)
out = []
for text in json.load(sys.stdin):
    try: out.append({"value": plain(yaml.load(text, Loader=Loader))})
    except Exception as error: out.append({"error": str(error).split("\\n")[0]})
json.dump(out, sys.stdout)
`;

/** Every key's pointer, outside intrinsic functions (their forms differ between the two readers by design). */
function keys(value, at = "") {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (key === "Ref" || key.startsWith("Fn::") || key.startsWith("!")) return [];
    const pointer = `${at}/${key}`;
    return [pointer, ...keys(inner, pointer)];
  });
}

const texts = Array.from({ length: COUNT }, template);
const python = spawnSync("python3", ["-c", PYTHON], { input: JSON.stringify(texts), encoding: "utf8", maxBuffer: 1 << 30 });
if (python.status !== 0) {
  console.error(`python3 with PyYAML is needed: ${python.stderr.trim().split("\n").at(-1) ?? python.error?.message}`);
  process.exit(2);
}
const theirs = JSON.parse(python.stdout);
const counts = { both: 0, structure: 0, pyyamlOnly: 0, oursOnly: 0 };
texts.forEach((text, i) => {
  let ours;
  try {
    ours = { value: parseSource(text).value };
  } catch (error) {
    ours = { error: error.message };
  }
  const them = theirs[i];
  if ("value" in ours && "value" in them) {
    counts.both++;
    const [a, b] = [keys(ours.value).sort().join(" "), keys(them.value).sort().join(" ")];
    if (a !== b) {
      counts.structure++;
      console.log(`=== STRUCTURE\n${text}--- ours:   ${a}\n--- PyYAML: ${b}`);
    }
  } else if ("value" in them) {
    counts.pyyamlOnly++;
    console.log(`=== PYYAML ONLY (we: ${ours.error})\n${text}--- PyYAML: ${JSON.stringify(them.value)}`);
  } else if ("value" in ours) counts.oursOnly++;
});
console.log(`seed ${startSeed}: ${COUNT} texts, read by both ${counts.both}, different keys ${counts.structure}, read by PyYAML only ${counts.pyyamlOnly}, by us only ${counts.oursOnly} (CloudFormation refuses those)`);
process.exit(counts.structure + counts.pyyamlOnly > 0 ? 1 : 0);
