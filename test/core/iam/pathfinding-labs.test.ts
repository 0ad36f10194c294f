/**
 * DataDog/pathfinding-labs: the IAM principals of its Terraform labs (test/fixtures/pathfinding-labs,
 * README there), each lab evaluated whole (every user and role with its policies, attached AWS
 * managed policies, boundary and trust) with one principal as the agent, against the verdict
 * decided from reading the lab (verdicts.yaml): every lab's starting principal is flagged for
 * agent-privilege-escalation; the tool-testing principals that can do nothing are not.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { PolicySource, Principal } from "../../../src/core/iam/model.js";
import { catalogue, policy, PROD_ACCOUNT } from "./helpers.js";

const ROOT = new URL("../../fixtures/pathfinding-labs/", import.meta.url);
const FILE = "test/fixtures/pathfinding-labs/labs.json";

interface LabPrincipal {
  kind: "user" | "role";
  name: string;
  policies?: { name: string; document: unknown }[];
  managed?: string[];
  boundary?: unknown;
  trust?: unknown;
}
interface Lab {
  scenario: string;
  principals: Record<string, LabPrincipal>;
}
interface Verdict {
  scenario: string;
  agent: string;
  escalates: boolean;
  reason: string;
}

const labs = JSON.parse(readFileSync(new URL("labs.json", ROOT), "utf8")) as Lab[];
const verdicts = (parse(readFileSync(new URL("verdicts.yaml", ROOT), "utf8")) as { labs: Verdict[] }).labs;

function principal(lab: number, key: string, p: LabPrincipal, agent: boolean): Principal {
  const at = (pointer: string) => ({ file: FILE, pointer: `/${lab}/principals/${key}${pointer}` });
  const source = (name: string, document: unknown, pointer: string): PolicySource => ({ name, document, evidence: at(pointer) });
  const arn = `arn:aws:iam::${PROD_ACCOUNT}:${p.kind}/${p.name}`;
  const boundary = p.boundary;
  return {
    kind: p.kind,
    subject: arn,
    name: p.name,
    arn,
    account: PROD_ACCOUNT,
    tags: {},
    policies: (p.policies ?? []).map((x, i) => source(x.name, x.document, `/policies/${i}/document`)),
    ...(p.managed?.length ? { unresolvedPolicies: p.managed.map((m, i) => ({ arn: m, evidence: at(`/managed/${i}`) })) } : {}),
    ...(typeof boundary === "string" ? { boundary: "unresolved" as const, boundaryArn: { arn: boundary, evidence: at("/boundary") } } : {}),
    ...(boundary && typeof boundary === "object" ? { boundary: source("boundary", boundary, "/boundary") } : {}),
    ...(p.trust ? { trustPolicy: source("trust", p.trust, "/trust") } : {}),
    evidence: at(""),
    ...(agent ? { assumeAgent: "pathfinding-labs fixture: the principal under test" } : {}),
  };
}

/** The escalation findings of `agent` with its whole lab in the input. */
function escalationOf(v: Verdict) {
  const index = labs.findIndex((l) => l.scenario === v.scenario);
  const lab = labs[index];
  if (!lab || !lab.principals[v.agent]) throw new Error(`verdicts.yaml: no principal ${v.agent} in ${v.scenario}`);
  const principals = Object.entries(lab.principals).map(([key, p]) => principal(index, key, p, key === v.agent));
  const subject = principals.find((p) => p.assumeAgent)?.subject;
  const { findings, errors } = evaluateIam({ principals }, policy, catalogue);
  expect(errors).toEqual([]);
  return findings.filter((f) => f.rule === "agent-privilege-escalation" && f.subject === subject);
}

describe("pathfinding-labs fixture", () => {
  it("has a verdict for the starting principal of every privilege-escalation lab", () => {
    const decided = new Set(verdicts.map((v) => v.scenario));
    expect(labs.filter((l) => /privesc|end-of-life/.test(l.scenario) && !decided.has(l.scenario)).map((l) => l.scenario)).toEqual([]);
    expect(verdicts.length).toBeGreaterThanOrEqual(120);
  });
});

describe.each(verdicts.map((v) => [`${v.scenario} ${v.agent}`, v] as const))("pathfinding-labs %s", (_, v) => {
  it(`${v.escalates ? "escalates" : "does not escalate"} (${v.reason})`, () => {
    const found = escalationOf(v);
    if (!v.escalates) {
      expect(found.map((f) => f.message)).toEqual([]);
      return;
    }
    expect(found.length).toBeGreaterThan(0);
    // Evidence: the finding names the path and points into the fixture.
    expect(found[0]?.message).toMatch(/\(path [a-z0-9-]+\)|can become|→/);
    expect(found[0]?.evidence.some((e) => e.file === FILE)).toBe(true);
  });
});
