import type { RuleId } from "../core/finding.js";

/** One line and one paragraph per rule: SARIF rule metadata and `--help` text share them. */
export const RULE_DOCS: Record<RuleId, { name: string; short: string; full: string; level: "error" | "warning" }> = {
  "agent-destructive-prod": {
    name: "AgentDestructiveProd",
    short: "An agent principal can delete, replace, or strip protection from production resources.",
    full: "An IAM role or user used by an AI agent can delete (T1), switch off the protection of (T2), or recreate through CloudFormation (T3) production resources. Remove those actions or scope them to non-production resources.",
    level: "error",
  },
  "agent-privilege-escalation": {
    name: "AgentPrivilegeEscalation",
    short: "An agent principal can grant itself, or a principal it can become, more access.",
    full: "An IAM role or user used by an AI agent can change IAM policies, pass a role to new compute, assume a role not proven compliant, or run code as another identity (T4). Remove the action or bound it with a permission boundary.",
    level: "error",
  },
  "prod-resource-unprotected": {
    name: "ProdResourceUnprotected",
    short: "A production stack or stateful resource would be destroyed by a stack delete or replacement.",
    full: "A production stack has no termination protection, or a stateful production resource has no Retain/Snapshot deletion policy or deletion protection. Turn them on so a mistaken delete-and-recreate cannot destroy data.",
    level: "error",
  },
  "changeset-destroys-prod": {
    name: "ChangesetDestroysProd",
    short: "A CloudFormation change set removes or replaces production resources.",
    full: "Executing this change set would remove or replace production resources. Review the change, or make the resource replacement-safe, before deploying.",
    level: "error",
  },
  "two-person-review": {
    name: "TwoPersonReview",
    short: "An agent-authored pull request touching infrastructure lacks two independent human approvals of its head.",
    full: "Pull requests written by AI agents that change infrastructure need approvals from two distinct humans who did not author, co-author or request the change, on the current head commit.",
    level: "error",
  },
  "adoption-dashboard-no-incidents": {
    name: "AdoptionDashboardNoIncidents",
    short: "A dashboard tracks AI-tool adoption but records no incidents, outages or rollbacks.",
    full: "A dashboard that measures AI-tool usage (active users, acceptance rate, usage targets) without incidents, rollbacks or change failure rate rewards use and hides risk. Add an incident panel beside the adoption panels.",
    level: "warning",
  },
};
