/** Builders for IAM rule tests: principals from plain statements, evaluated with the real catalogue. */
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { IamInput, PolicySource, Principal } from "../../../src/core/iam/model.js";
import type { Policy } from "../../../src/core/policy.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";

export const PROD_ACCOUNT = "111111111111";
export const DEV_ACCOUNT = "222222222222";
export const catalogue = loadCatalogue();
export const policy: Policy = resolvePolicy(
  parseUserConfig("c.yml", `production:\n  accounts: ['${PROD_ACCOUNT}']\n  nonProductionAccounts: ['${DEV_ACCOUNT}']\n`),
);

export type Statement = Record<string, unknown>;

export function source(name: string, statements: Statement[] | Statement, file = "policy.json"): PolicySource {
  return { name, document: { Version: "2012-10-17", Statement: statements }, evidence: { file, pointer: `/${name}` } };
}

export function role(statements: Statement[], extra: Partial<Principal> = {}): Principal {
  const name = extra.name ?? "AgentRole";
  return {
    kind: "role",
    subject: `arn:aws:iam::${PROD_ACCOUNT}:role/${name}`,
    name,
    arn: `arn:aws:iam::${PROD_ACCOUNT}:role/${name}`,
    account: PROD_ACCOUNT,
    tags: {},
    policies: statements.length ? [source("Inline", statements)] : [],
    evidence: { file: "template.json", pointer: `/Resources/${name}` },
    ...extra,
  };
}

export function evaluate(principals: Principal[] | Principal, p: Policy = policy) {
  const input: IamInput = { principals: Array.isArray(principals) ? principals : [principals] };
  return evaluateIam(input, p, catalogue);
}

export function destructive(principals: Principal[] | Principal, p: Policy = policy) {
  return evaluate(principals, p).findings.filter((f) => f.rule === "agent-destructive-prod");
}

export function escalation(principals: Principal[] | Principal, p: Policy = policy) {
  return evaluate(principals, p).findings.filter((f) => f.rule === "agent-privilege-escalation");
}

export const allow = (Action: unknown, Resource: unknown = "*", extra: Statement = {}): Statement => ({ Effect: "Allow", Action, Resource, ...extra });
export const deny = (Action: unknown, Resource: unknown = "*", extra: Statement = {}): Statement => ({ Effect: "Deny", Action, Resource, ...extra });
