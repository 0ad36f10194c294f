/** Builders for IAM rule tests: principals from plain statements, evaluated with the real catalogue. */
import { expandActionPattern, type ActionCatalogue } from "../../../src/core/iam/catalogue.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { IamInput, PolicySource, Principal } from "../../../src/core/iam/model.js";
import { PASS_ROLE, TAGGING_NAME, type Tier } from "../../../src/core/iam/tiers.js";
import type { DestructiveActions, Policy } from "../../../src/core/policy.js";
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

/** The escalation path ids an agent role with these statements is flagged for, and the actions the findings name. */
export function flaggedPaths(statements: Statement[]): { ids: string[]; actions: string[] } {
  const findings = escalation(role(statements));
  return {
    ids: [...new Set(findings.flatMap((f) => [...f.message.matchAll(/\(path ([a-z0-9-]+)\)/g)].map((m) => m[1] as string)))],
    actions: [...new Set(findings.flatMap((f) => f.actions ?? []))],
  };
}

export const allow = (Action: unknown, Resource: unknown = "*", extra: Statement = {}): Statement => ({ Effect: "Allow", Action, Resource, ...extra });
export const deny = (Action: unknown, Resource: unknown = "*", extra: Statement = {}): Statement => ({ Effect: "Deny", Action, Resource, ...extra });

/** The index built in full, the straightforward way: every action of the catalogue, then the lists. */
export function fullIndex(cat: ActionCatalogue, d: DestructiveActions): { all: string[]; tiers: Map<string, Tier[]> } {
  const tiers = new Map<string, Tier[]>();
  const add = (action: string, tier: Tier): void => {
    const list = tiers.get(action) ?? [];
    if (!list.includes(tier)) list.push(tier);
    tiers.set(action, list);
  };
  // Names in any case, as IAM matches them (apigateway:DELETE).
  const t1 = d.t1Delete.namePatterns.map((p) => new RegExp(p, "i"));
  const excluded = new Set(d.t1Delete.exclude.flatMap((p) => expandActionPattern(cat, p).actions));
  for (const [service, names] of Object.entries(cat.services)) {
    for (const name of names) {
      const action = `${service.toLowerCase()}:${name}`;
      if (!excluded.has(action) && !TAGGING_NAME.test(name) && t1.some((re) => re.test(name))) add(action, "delete");
      if (TAGGING_NAME.test(name) || action.startsWith("tag:")) add(action, "tagging");
    }
  }
  const lists: [readonly string[], Tier][] = [
    [d.t1Delete.include, "delete"],
    [d.t2ProtectionOff.actions, "protectionOff"],
    [d.t3Replace.actions, "replace"],
    [d.t4Escalation.actions, "escalate"],
    [[PASS_ROLE], "passRole"],
    [d.t4Escalation.passRoleWith, "passRoleWith"],
    [d.t4Escalation.assumeRole, "assumeRole"],
    [d.t4Escalation.codeExecution, "codeExecution"],
  ];
  for (const [patterns, tier] of lists) for (const p of patterns) for (const a of expandActionPattern(cat, p).actions) add(a, tier);
  return { all: [...tiers.keys()], tiers };
}
