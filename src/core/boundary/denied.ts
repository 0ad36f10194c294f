/**
 * The set a guardrail boundary denies, read from the destructive tiers (policies/
 * destructive-actions.yaml, merged with the user's config) over the action catalogue: T1 delete,
 * T2 protection off, T3 replace and T4 escalation. Nothing here copies a tier list: a tier that
 * grows (new escalation paths) grows the boundary with it.
 */
import { isDatabaseLogin } from "../iam/database-logins.js";
import type { DestructiveActions } from "../policy.js";
import { expandActionPattern, splitAction, type ActionCatalogue } from "../iam/catalogue.js";
import { PASS_ROLE, tierIndex, type Tier } from "../iam/tiers.js";

/** Statement groups, in the order they appear in the policies (one Sid each). */
export const DENY_GROUPS = ["Delete", "ProtectionOff", "Replace", "Escalation", "Uncatalogued"] as const;
export type DenyGroup = (typeof DENY_GROUPS)[number];

/**
 * Which tier puts an action in which group. `passRoleWith` actions (lambda:CreateFunction, ...)
 * escalate only together with iam:PassRole: denying iam:PassRole breaks every such pair, so the
 * create/run actions themselves stay allowed. `tagging` alone is not destructive.
 */
const GROUP_OF_TIER: Partial<Record<Tier, Exclude<DenyGroup, "Uncatalogued">>> = {
  delete: "Delete",
  protectionOff: "ProtectionOff",
  replace: "Replace",
  escalate: "Escalation",
  codeExecution: "Escalation",
  assumeRole: "Escalation",
  passRole: "Escalation",
};

/**
 * Read-only actions are never denied: a boundary that breaks `Describe*` breaks every tool the
 * agent uses to look before it acts. A pattern whose literal part is a prefix of one of these
 * verbs (or starts with one) could match a read action, today or after a catalogue update.
 */
export const READ_ONLY_VERBS = ["Get", "List", "Describe", "BatchGet", "BatchDescribe"] as const;
const READ_ONLY_LOWER = READ_ONLY_VERBS.map((v) => v.toLowerCase());

export function isReadOnlyName(name: string): boolean {
  const lower = name.toLowerCase();
  return READ_ONLY_LOWER.some((verb) => lower.startsWith(verb));
}

/** A name prefix `p` whose pattern `p*` could match a read-only action (now or later). */
export function prefixMayMatchReadOnly(prefix: string): boolean {
  const lower = prefix.toLowerCase();
  return READ_ONLY_LOWER.some((verb) => verb.startsWith(lower) || lower.startsWith(verb));
}

export interface DeniedActions {
  /** Denied catalogue actions (canonical `service:Name`), by group, in catalogue order. */
  byGroup: Record<DenyGroup, string[]>;
  /** The group of each denied action. */
  groupOf: ReadonlyMap<string, DenyGroup>;
  /**
   * Tier entries that match no catalogue action (a new action, a typo): denied as written, so a
   * newer AWS action the tiers already name is not dropped. Reported by the generator.
   */
  uncatalogued: { pattern: string; group: DenyGroup }[];
}

/** Thrown when the tiers themselves contradict the boundary's rules (a read-only action listed). */
export class BoundaryDataError extends Error {
  override name = "BoundaryDataError";
}

export function deniedActions(catalogue: ActionCatalogue, destructive: DestructiveActions): DeniedActions {
  const tiers = tierIndex(catalogue, destructive);
  const byGroup: Record<DenyGroup, string[]> = { Delete: [], ProtectionOff: [], Replace: [], Escalation: [], Uncatalogued: [] };
  const groupOf = new Map<string, DenyGroup>();
  for (const action of tiers.all) {
    const of = tiers.tiersOf(action);
    if (!of) continue;
    const group = DENY_GROUPS.find((g) => [...of].some((t) => GROUP_OF_TIER[t] === g));
    if (!group) continue;
    groupOf.set(action, group);
    byGroup[group].push(action);
  }
  // A database login (redshift:GetClusterCredentials) is named like a read but hands out a login
  // the boundary cannot narrow to ordinary users: it is denied whole, as dsql:DbConnectAdmin is.
  const readOnly = [...groupOf.keys()].filter((a) => isReadOnlyName(a.slice(a.indexOf(":") + 1)) && !isDatabaseLogin(destructive.t1Delete.databaseLogins, a));
  if (readOnly.length) {
    throw new BoundaryDataError(
      `the destructive tiers name read-only actions, which a guardrail boundary never denies: ${readOnly.slice(0, 5).join(", ")}${readOnly.length > 5 ? ` and ${readOnly.length - 5} more` : ""} (policies/destructive-actions.yaml or the config's destructive section)`,
    );
  }

  const uncatalogued: DeniedActions["uncatalogued"] = [];
  const listed: [readonly string[], DenyGroup][] = [
    [destructive.t1Delete.include, "Delete"],
    [destructive.t2ProtectionOff.actions, "ProtectionOff"],
    [destructive.t3Replace.actions, "Replace"],
    [destructive.t4Escalation.actions, "Escalation"],
    [destructive.t4Escalation.codeExecution, "Escalation"],
    [destructive.t4Escalation.assumeRole, "Escalation"],
    [[PASS_ROLE], "Escalation"],
  ];
  for (const [patterns, group] of listed) {
    for (const pattern of patterns) {
      if (expandActionPattern(catalogue, pattern).actions.length > 0) continue;
      const parts = splitAction(pattern.trim());
      if (!parts || parts.service === "" || /[*?]/.test(parts.service)) {
        throw new BoundaryDataError(`tier entry "${pattern}" is not a service:Action pattern IAM accepts in a policy`);
      }
      if (isReadOnlyName(parts.name)) throw new BoundaryDataError(`tier entry "${pattern}" is a read-only action, which a guardrail boundary never denies`);
      uncatalogued.push({ pattern: pattern.trim(), group });
    }
  }
  for (const pattern of destructive.uncatalogued ?? []) {
    // Listed in the catalogue by now: its actions are judged by the tiers like any other.
    if (expandActionPattern(catalogue, pattern).actions.length > 0) continue;
    const parts = splitAction(pattern.trim());
    if (!parts || parts.service === "" || /[*?]/.test(parts.service)) throw new BoundaryDataError(`uncatalogued entry "${pattern}" is not a service:Action pattern IAM accepts in a policy`);
    uncatalogued.push({ pattern: pattern.trim(), group: "Uncatalogued" });
  }
  return { byGroup, groupOf, uncatalogued };
}
