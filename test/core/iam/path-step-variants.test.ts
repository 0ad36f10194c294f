/**
 * The same step under another IAM action: a path names one action per step, so an agent holding a
 * variant the catalogue lists beside it (AgentCore's InvokeAgentRuntimeWithWebSocketStream beside
 * InvokeAgentRuntime, the interactive InvokeAgentRuntimeCommandShell beside InvokeAgentRuntimeCommand)
 * passed. Every catalogue action whose name extends a path step's, in the same service, has a verdict
 * decided from AWS's documentation in test/fixtures/iam/path-step-variants/variants.yaml; this walks
 * the catalogue, so a variant AWS adds later fails here until it is decided.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { allow, catalogue, escalation, policy, role } from "./helpers.js";

type Verdict = "same-step" | "path" | "other";
interface Variant {
  verdict: Verdict;
  step?: string;
  reason: string;
}
interface Alternative {
  step: string;
  variant: string;
  reason: string;
}
const fixture = parse(readFileSync(new URL("../../fixtures/iam/path-step-variants/variants.yaml", import.meta.url), "utf8")) as {
  variants: Record<string, Variant>;
  alternatives: Alternative[];
};

const paths = policy.escalation.paths;
const pathSteps = new Set(paths.flatMap((p) => p.actions));

/** Catalogue actions whose name is a path step's with more after it, in the same service. */
function catalogueVariants(): Set<string> {
  const found = new Set<string>();
  for (const step of pathSteps) {
    const [service, name] = step.split(":") as [string, string];
    for (const other of catalogue.services[service] ?? []) {
      if (other.length > name.length && other.toLowerCase().startsWith(name.toLowerCase())) found.add(`${service}:${other}`);
    }
  }
  return found;
}

const sameStep: [string, string][] = [
  ...Object.entries(fixture.variants).flatMap(([variant, v]) => (v.verdict === "same-step" && v.step ? [[v.step, variant] as [string, string]] : [])),
  ...fixture.alternatives.map((a) => [a.step, a.variant] as [string, string]),
];

describe("path steps' variants in the action catalogue", () => {
  it("every catalogue action extending a path step's name has a verdict and a reason, and every verdict names such an action", () => {
    const variants = catalogueVariants();
    // A variant that is a path step of its own is judged by its paths; a decided one may be both.
    expect([...variants].filter((a) => !pathSteps.has(a) && !fixture.variants[a]?.reason).sort()).toEqual([]);
    expect(Object.keys(fixture.variants).filter((a) => !variants.has(a))).toEqual([]);
    expect(Object.values(fixture.variants).filter((v) => !["same-step", "path", "other"].includes(v.verdict) || (v.verdict === "same-step") !== (v.step !== undefined))).toEqual([]);
  });

  it.each(sameStep)("every path holding %s escalates with %s in its place", (step, variant) => {
    const holding = paths.filter((p) => p.actions.includes(step));
    expect(holding.length).toBeGreaterThan(0);
    const missed = holding.filter((p) => escalation(role([allow(p.actions.map((a) => (a === step ? variant : a)))])).length === 0);
    expect(missed.map((p) => p.id)).toEqual([]);
  });

  it.each(Object.entries(fixture.variants).filter(([, v]) => v.verdict === "path").map(([a]) => a))("%s alone escalates", (action) => {
    const [f] = escalation(role([allow(action)]));
    expect(f?.actions).toEqual([action]);
  });
});
