/**
 * Differential property test of role chaining (issue 13, item 3) against
 * @cloud-copilot/iam-simulate (a devDependency used only here as an oracle, never from src/):
 * random trust policies and identity policies; the engine says whether the agent can become the
 * target role, the oracle whether `sts:AssumeRole` on it is allowed (trust policy as the
 * resource policy, at the same evaluation time). They must agree.
 *
 * The generator covers: trust naming the agent's ARN, its account (root ARN or bare id),
 * another account, `*`, a service, another role; Action sts:AssumeRole, sts:*, or only
 * sts:TagSession; conditions that can no longer hold (DateLessThan on aws:CurrentTime in the past)
 * and ones that still can; unconditional trust Denies; identity Allows on the role, on a prefix
 * glob, on another role, and identity Denies.
 *
 * Identity Allows use concrete role patterns only: `sts:AssumeRole` on a wildcard also reaches
 * roles outside the input (other accounts), which the engine counts as escalation by itself
 * (fail closed); that is a different question from "can it become this role".
 */
import fc from "fast-check";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { analyzeInput } from "../../../src/core/iam/analysis.js";
import type { Principal } from "../../../src/core/iam/model.js";
import { catalogue, policy } from "./helpers.js";

const ACCOUNT = "111111111111";
const AGENT = `arn:aws:iam::${ACCOUNT}:role/coding-agent`;
const TARGET = `arn:aws:iam::${ACCOUNT}:role/deploy-target`;
const NOW = Date.parse("2026-06-01T12:00:00Z");
const doc = (Statement: unknown[]) => ({ Version: "2012-10-17", Statement });

const principals = fc.constantFrom<unknown>(
  { AWS: AGENT },
  { AWS: [AGENT, "arn:aws:iam::222222222222:root"] },
  { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  { AWS: ACCOUNT },
  { AWS: "arn:aws:iam::999999999999:root" },
  { AWS: "*" },
  "*",
  { Service: "ec2.amazonaws.com" },
  { AWS: `arn:aws:iam::${ACCOUNT}:role/someone-else` },
);
const conditions = fc.constantFrom<unknown>(
  undefined,
  { DateLessThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
  { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } },
  { DateLessThanEquals: { "aws:EpochTime": String(Date.parse("2025-01-01T00:00:00Z") / 1000) } },
);
const trustStatement = fc
  .record({
    deny: fc.boolean(),
    principal: principals,
    action: fc.constantFrom<unknown>("sts:AssumeRole", "sts:*", ["sts:AssumeRole", "sts:TagSession"], "sts:TagSession"),
    condition: conditions,
  })
  .map(({ deny, principal, action, condition }) =>
    deny
      ? // Denies in trust policies: unconditional, naming AWS principals (what the engine reads as protecting).
        { Effect: "Deny", Principal: typeof principal === "object" && principal && "Service" in principal ? { AWS: AGENT } : principal, Action: action }
      : { Effect: "Allow", Principal: principal, Action: action, ...(condition ? { Condition: condition } : {}) },
  );
const identityStatement = fc
  .record({
    effect: fc.constantFrom("Allow", "Allow", "Deny"),
    resource: fc.constantFrom(TARGET, `arn:aws:iam::${ACCOUNT}:role/deploy-*`, `arn:aws:iam::${ACCOUNT}:role/other-role`),
    condition: conditions,
  })
  .map(({ effect, resource, condition }) =>
    effect === "Deny"
      ? { Effect: "Deny", Action: "sts:AssumeRole", Resource: resource }
      : { Effect: "Allow", Action: "sts:AssumeRole", Resource: resource, ...(condition ? { Condition: condition } : {}) },
  );
const caseArb = fc.record({
  trust: fc.array(trustStatement, { minLength: 1, maxLength: 3 }),
  identity: fc.array(identityStatement, { minLength: 0, maxLength: 2 }),
});

function engineCanBecome(trust: unknown[], identity: unknown[]): boolean {
  const agent: Principal = {
    kind: "role",
    subject: AGENT,
    name: "coding-agent",
    arn: AGENT,
    account: ACCOUNT,
    tags: {},
    policies: identity.length ? [{ name: "p", document: doc(identity), evidence: {} }] : [],
    evidence: {},
  };
  const target: Principal = {
    kind: "role",
    subject: TARGET,
    name: "deploy-target",
    arn: TARGET,
    account: ACCOUNT,
    tags: {},
    trustPolicy: { name: "trust", document: doc(trust), evidence: {} },
    policies: [{ name: "admin", document: doc([{ Effect: "Allow", Action: "*", Resource: "*" }]), evidence: {} }],
    evidence: {},
  };
  const analysis = analyzeInput({ principals: [agent, target] }, policy, catalogue, { now: NOW });
  const me = analysis.agents.find((a) => a.principal === agent);
  if (!me) throw new Error("the agent is not analysed");
  expect(analysis.errors).toEqual([]);
  return analysis.escalation(me.access).chains.some((c) => c.target === target);
}

async function oracleAllows(trust: unknown[], identity: unknown[]): Promise<boolean> {
  const result = await runSimulation(
    {
      request: {
        principal: AGENT,
        action: "sts:AssumeRole",
        resource: { resource: TARGET, accountId: ACCOUNT },
        contextVariables: { "aws:CurrentTime": new Date(NOW).toISOString(), "aws:EpochTime": String(NOW / 1000) },
      },
      identityPolicies: [{ name: "p", policy: doc(identity) }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: doc(trust),
    },
    {},
  );
  if (result.resultType === "error") throw new Error(`oracle rejected the request: ${JSON.stringify(result.errors)}`);
  return result.overallResult === "Allowed";
}

describe("differential: who can assume whom, engine vs @cloud-copilot/iam-simulate", () => {
  it("agree on random trust and identity policies", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ trust, identity }) => {
        const engine = engineCanBecome(trust, identity);
        const oracle = await oracleAllows(trust, identity);
        if (engine !== oracle) throw new Error(`engine ${engine ? "can become" : "cannot become"} the role, oracle ${oracle ? "allows" : "denies"}\n${JSON.stringify({ trust, identity }, null, 1)}`);
      }),
      // Every run explores anew; a failure prints its seed and path (fast-check's report), FC_SEED=<seed> replays it.
      { numRuns: Number(process.env.FC_RUNS ?? 200), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
  });
});
