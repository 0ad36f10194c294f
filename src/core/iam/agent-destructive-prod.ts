/**
 * agent-destructive-prod: an agent principal that can delete (T1), turn off the protection of
 * (T2) or replace through CloudFormation (T3) production resources. One finding per principal.
 */
import type { Finding } from "../finding.js";
import type { Policy } from "../policy.js";
import { analyzeInput, heldThere, type AgentAnalysis, type AnalysisOptions } from "./analysis.js";
import type { ActionCatalogue } from "./catalogue.js";
import { exampleActions, principalFindings, summarizeGrants } from "./finding-text.js";
import { isDatabaseLogin, isSqlApi } from "./database-logins.js";
import type { IamInput } from "./model.js";
import { kubernetesAccessText, kubernetesDestroys, kubernetesEvidence } from "./kubernetes-access.js";

/**
 * Why a login, SQL, session or HTTP request action the message names counts: `rds-db:connect` reads
 * like no deletion. It is one here only where it can act as the database's administrator
 * (database-logins.ts); a session or request only where it is not read-only. Actions
 * the summary leaves to "and N more" are in the finding's `actions`, without a word each.
 */
function loginReason(policy: Policy, examples: readonly string[]): string {
  const { databaseLogins: logins, readOnlySessions: sessions, readOnlyPaths: paths } = policy.destructive.t1Delete;
  const named = examples.filter((action) => isDatabaseLogin(logins, action) || isSqlApi(logins, action));
  const they = named.length === 1 ? "it counts because it" : "they count because they";
  const login = named.length ? `. ${named.join(", ")}: ${they} can log in to a database or run SQL in it as its administrator, who can drop what it holds` : "";
  // The reason of each named action an entry of `entries` lists.
  const reasons = <T extends { action: string }>(entries: readonly T[] | undefined, reason: (entry: T) => string): string =>
    examples.flatMap((action) => entries?.filter((e) => e.action.toLowerCase() === action.toLowerCase()).map((e) => `. ${action}: it counts because ${reason(e)}`) ?? []).join("");
  // A session action (s3express:CreateSession) reads like no deletion either, an HTTP request action (es:ESHttpPost) like a write at most.
  const sessionText = reasons(sessions, (s) => `its session can delete (it is read-write unless the Allow pins ${s.conditionKey} to ${s.readOnly.join(" or ")})`);
  const pathText = reasons(paths, (p) => `its requests can delete (unless every resource ends in a read-only API: ${p.paths.map((path) => `/${path}`).join(", ")})`);
  return login + sessionText + pathText;
}

// Outside the `as const` object below: Stryker does not mutate inside a type assertion.
function evaluate(input: IamInput, policy: Policy, catalogue: ActionCatalogue, options: AnalysisOptions = {}): Finding[] {
  const analysis = analyzeInput(input, policy, catalogue, options);
  // A grant of the role of another template the agent may be is that role's finding.
  const ownGrants = (agent: AgentAnalysis) => {
    const grants = analysis.destructiveGrants(agent.access);
    return agent.principal.mayBeHeldBy ? grants.filter((g) => !heldThere(agent.principal, g.statement)) : grants;
  };
  return principalFindings("agent-destructive-prod", analysis.agents, ownGrants, {
    grants: (label, grants, actions) => {
      const examples = exampleActions(actions);
      return `${label} can delete or replace production resources: ${summarizeGrants(grants, 3, actions, examples)}${loginReason(policy, examples)}`;
    },
    unverifiable: "delete or replace production resources",
  }, (agent) => {
    // An EKS access entry's Kubernetes admin deletes the cluster's workloads with no IAM action.
    const accesses = (agent.principal.kubernetesAccess ?? []).filter(kubernetesDestroys);
    return { items: accesses.map(kubernetesAccessText), evidence: kubernetesEvidence(accesses, "Kubernetes access that deletes the workloads (and namespaces) of its scope") };
  });
}

export const rule = {
  id: "agent-destructive-prod",
  defaultSeverity: "error",
  evaluate,
} as const;
