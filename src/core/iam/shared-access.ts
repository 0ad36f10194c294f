/**
 * Principals whose policies say the same thing (admin roles of a generated account, one policy
 * copied into many inline policies) have the same access up to which statement grants what: it
 * is built once per content, and each twin's grants point at its own statements (the evidence
 * and policy names of its findings stay its own). Role chaining meets such roles by the dozen,
 * and an admin role's access holds thousands of grants.
 *
 * Shared only where nothing of the principal itself enters analyzePrincipal: no SCPs, no
 * boundary document (an unresolved one only adds a note), no Deny (whether a conditional Deny
 * holds can depend on the principal's ARN), and the same account (production verdicts).
 */
import { hasOwnLimits, type PrincipalAccess } from "./access.js";
import type { Principal } from "./model.js";
import type { PolicyStatement } from "./policy-document.js";

/** What a statement says, without where it is (index, evidence, source). */
function statementContent(statement: PolicyStatement): string {
  const { index: _index, evidence: _evidence, source: _source, ...said } = statement;
  return JSON.stringify(said);
}

/**
 * The key under which principals share their access, or undefined when this one's access may
 * depend on more than its statements' content. `statements`: its identity statements, in the
 * order analyzePrincipal reads them.
 */
export function sharedAccessKey(principal: Principal, statements: readonly PolicyStatement[], inputAccount?: string): string | undefined {
  if (!shareable(principal, statements)) return undefined;
  return [sharingHead(principal, inputAccount), ...statements.map(statementContent)].join("\n");
}

/**
 * What twins always have in common, cheap to write: the head and, per statement, how many actions
 * and resources it names and the first of each. Principals are compared by the full key only
 * within one outline, so an account of distinct roles never serializes their statements, and no
 * statement's whole pattern list is joined for it (most name no tracked action: statementReach
 * never keys them either, issue 17). Distinct statements may share an outline; the key tells.
 */
export function sharedAccessOutline(principal: Principal, statements: readonly PolicyStatement[], inputAccount: string | undefined): string | undefined {
  if (!shareable(principal, statements)) return undefined;
  // Pieces joined once: a string grown by `+=` is a chain of cons strings, kept as the map key.
  const parts = new Array<string>(statements.length + 1);
  parts[0] = sharingHead(principal, inputAccount);
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i] as PolicyStatement;
    const actions = statement.notActions ?? statement.actions ?? [];
    const refs = statement.resources ?? statement.notResources ?? [];
    parts[i + 1] = `${statement.notActions ? "!" : ""}${actions.length} ${actions[0] ?? ""}\u0000${statement.resources ? "" : "!"}${refs.length} ${refs[0]?.pattern ?? ""}`;
  }
  return parts.join("\n");
}

function shareable(principal: Principal, statements: readonly PolicyStatement[]): boolean {
  return !hasOwnLimits(principal) && statements.every((s) => s.effect === "Allow");
}

const sharingHead = (principal: Principal, inputAccount?: string): string => `${principal.account ?? inputAccount ?? ""}\n${principal.boundary ?? ""}`;

/** A twin's access as `principal`'s: the same grants, each citing the statement at the same place. */
export function retargetAccess(access: PrincipalAccess, from: readonly PolicyStatement[], principal: Principal, to: readonly PolicyStatement[]): PrincipalAccess {
  const own = new Map(from.map((s, i) => [s, to[i]]));
  const ownStatement = (statement: PolicyStatement): PolicyStatement => {
    const mine = own.get(statement);
    // Twins have statements at the same places: anything else is a bug, never a silent pass.
    if (!mine) throw new Error(`${principal.name}: shared access cites a statement its twin does not have`);
    return mine;
  };
  return {
    principal,
    grants: access.grants.map((g) => ({ ...g, statement: ownStatement(g.statement) })),
    notes: [...access.notes],
    unmatchedPatterns: access.unmatchedPatterns.map((u) => ({ ...u, statement: ownStatement(u.statement) })),
    passesLimits: access.passesLimits,
    ...(access.tagSensitive ? { tagSensitive: true } : {}),
  };
}
