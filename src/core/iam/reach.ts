/**
 * Who an agent can become (DESIGN.md "Who an agent can become"; issue 13, items 1–3). For each
 * principal: the escalation paths it holds by itself, and the principals it can become — roles
 * whose trust admits it (sts:AssumeRole), roles it can pass to a service that runs its code
 * (passed-role paths), roles of existing workloads it can make run its code (service-role
 * paths). The agent's reach is the union over everything it can become, up to `maxDepth` hops;
 * cycles end where a principal was already reached.
 *
 * What counts by itself (fail closed), whatever the input says about targets:
 * - own-policy and credentials paths;
 * - service-role paths (the workloads and their roles are rarely all in the input);
 * - sts:AssumeRole on a role not in the input (a wildcard, another account) and the web-identity
 *   and SAML variants; a passed-role path whose iam:PassRole reaches a role not in the input.
 * A role in the input counts only when it is dangerous: it can itself delete, replace or strip
 * protection from production, escalate, or has policies that cannot be verified. When the input
 * holds every role of an account (its authorization details), a grant on that account's roles,
 * by ARN or by pattern, reaches only roles of the input: only the roles it covers count.
 */
import type { EscalationPath, EscalationPaths, Policy } from "../policy.js";
import type { Grant, PrincipalAccess } from "./access.js";
import { hasWildcard } from "./catalogue.js";
import { escalationGrantsByAction, matchPaths, type PathMatch } from "./escalation-paths.js";
import { kubernetesDestroys, kubernetesEscalates } from "./kubernetes-access.js";
import type { KubernetesAccess, Principal } from "./model.js";
import { arnSegments, globsOverlap } from "./patterns.js";
import { TrustIndex } from "./trust.js";

export const DEFAULT_MAX_CHAIN_DEPTH = 5;

const ASSUME_ROLE = "sts:assumerole";
const PASS_ROLE = "iam:passrole";

/** One hop of "can become". */
export interface Hop {
  to: Principal;
  /** How: `sts:AssumeRole`, or the id of the path that runs code as `to`. */
  via: string;
  /** The grants of the principal taking the hop that make it possible (empty: trust alone). */
  grants: Grant[];
}

/** A dangerous principal the agent can become, and the hops there. */
export interface Chain {
  hops: Hop[];
  target: Principal;
  /** What the target can do by itself. */
  danger: Danger;
}

export interface Danger {
  destructive: Grant[];
  paths: PathMatch[];
  unresolved: number;
  /** Kubernetes access (an EKS access entry's cluster admin) that deletes or escalates: no grant shows it. */
  kubernetes: KubernetesAccess[];
}

/** The principal's Kubernetes access that makes it dangerous to become (kubernetes-access.ts). */
function dangerousKubernetes(principal: Principal): KubernetesAccess[] {
  return (principal.kubernetesAccess ?? []).filter((a) => kubernetesDestroys(a) || kubernetesEscalates(a));
}

export interface Escalation {
  /** Paths that count by themselves (see the module comment). */
  paths: PathMatch[];
  /** Dangerous principals reachable, nearest first (one chain each). */
  chains: Chain[];
  /** Every grant of the principal itself that the findings cite. */
  grants: Grant[];
}

export interface GraphContext {
  principals: readonly Principal[];
  policy: Policy;
  now: number;
  maxDepth: number;
  /** The account whose every role is in `principals` (IamInput.wholeAccount). */
  wholeAccount?: string;
  accessOf(principal: Principal): PrincipalAccess;
  unresolvedOf(principal: Principal): number;
  destructiveGrants(access: PrincipalAccess): Grant[];
  inScope(grant: Grant, principal: Principal): boolean;
  /**
   * A cheap proof that the principal is dangerous without its access (false: not proven). A
   * reached dangerous principal ends its branch, so most reached roles then need no access at all;
   * what they can do is worked out only for the chains a finding shows.
   */
  provablyDangerous?(principal: Principal): boolean;
  /**
   * A cheap proof that the principal holds no tiered grant and that nothing of its own (boundary,
   * SCPs, Denies) stops what a trust policy grants it: then it can become only the roles whose
   * trust admits it, and its access is never built (false: not proven). Most roles a chain meets.
   */
  provablyInert?(principal: Principal): boolean;
}

/** What a principal can do by itself and whom it can become next (from its access). */
interface Own {
  /** Paths that count by themselves. */
  counted: PathMatch[];
  /** Computed on first call. */
  hops(): Hop[];
  danger: Danger | undefined;
}

/** A principal as the search meets it: whether it is dangerous, and the rest on demand. */
interface Node {
  dangerous: boolean;
  own(): Own;
}

/**
 * Whether a grant can count or make a hop: a path step, an unknown action, sts:AssumeRole. Only
 * these are read after the scope check, so the rest (most of a principal's grants) skip it (issue
 * 17). The length is compared first: whatever lower-cases to sts:assumerole has its length (only
 * İ lengthens, and it has no i), so no other action is lower-cased.
 */
export function escalationRelevant(grant: Grant): boolean {
  if (grant.tiers.has("pathStep") || grant.unknownAction === true) return true;
  if (grant.action.length !== ASSUME_ROLE.length) return false;
  return grant.action.toLowerCase() === ASSUME_ROLE;
}

/** No sts:AssumeRole of the caller's own: only trusts naming it can admit it. */
const NO_IDENTITY_GRANT = { kind: "none" } as const;

function unknownActionPath(action: string): EscalationPath {
  return {
    id: "unknown-action",
    title: `${action} is not in the action catalogue and is named like an escalation action`,
    actions: [action],
    via: "own-policy",
    sources: ["agent-guardrail (fail closed)"],
  };
}

export class EscalationGraph {
  private trustIndex: TrustIndex | undefined;
  private readonly roles: Principal[];
  private readonly roleByArn = new Map<string, Principal>();
  private readonly nodes = new Map<Principal, Node>();
  private readonly paths: EscalationPaths;
  /** `arn:<partition>:iam::<account>:` of the account whose every role the input holds (lower case). */
  private readonly wholeAccountPrefixes = new Set<string>();

  constructor(private readonly context: GraphContext) {
    this.paths = context.policy.escalation;
    const roles = context.principals.filter((p) => p.kind === "role");
    for (const role of roles) if (role.arn) this.roleByArn.set(role.arn.toLowerCase(), role);
    this.roles = roles;
    const whole = context.wholeAccount;
    if (whole !== undefined) {
      for (const p of context.principals) {
        const partition = p.account === whole ? /^arn:([^:*?]+):iam::/.exec(p.arn ?? "")?.[1] : undefined;
        if (partition !== undefined) this.wholeAccountPrefixes.add(`arn:${partition}:iam::${whole}:`.toLowerCase());
      }
    }
  }

  /** Every role's trust, read when the first hop is looked for (never without chaining). */
  private get trust(): TrustIndex {
    return (this.trustIndex ??= new TrustIndex(this.roles, this.context.now));
  }

  /**
   * A grant's resource may name a role the input does not hold (a wildcard, another account, a
   * typo). Not when it is confined to an account whose every role the input holds: its partition,
   * service and account written out (no wildcard before the resource), then the hops find exactly
   * the roles it covers, and a role it names that does not exist is none.
   */
  private reachesUnknownRole(grant: Grant): boolean {
    const { pattern } = grant.ref;
    if (this.wholeAccountPrefixes.size > 0) {
      const prefix = arnSegments(pattern)?.slice(0, 5).join(":");
      if (prefix !== undefined && !hasWildcard(prefix) && this.wholeAccountPrefixes.has(`${prefix}:`.toLowerCase())) return false;
    }
    return hasWildcard(pattern) || !this.roleByArn.has(pattern.toLowerCase());
  }

  /** Same account as the principal (service roles and passed roles never cross accounts). */
  private sameAccount(a: Principal, b: Principal): boolean {
    return a.account === undefined || b.account === undefined || a.account === b.account;
  }

  private nodeOf(principal: Principal): Node {
    const known = this.nodes.get(principal);
    if (known) return known;
    let own: Own | undefined;
    const ownOf = (): Own => (own ??= this.ownOf(principal));
    const node: Node = { dangerous: this.context.provablyDangerous?.(principal) === true || ownOf().danger !== undefined, own: ownOf };
    this.nodes.set(principal, node);
    return node;
  }

  private ownOf(principal: Principal): Own {
    if (this.context.provablyInert?.(principal)) return this.inertOwn(principal);
    return this.ownOfAccess(principal, this.context.accessOf(principal));
  }

  private ownOfAccess(principal: Principal, access: PrincipalAccess): Own {
    const inScope: Grant[] = [];
    const { grants } = access;
    for (let i = 0; i < grants.length; i++) {
      const g = grants[i] as Grant;
      if (!escalationRelevant(g)) continue;
      if (this.context.inScope(g, principal)) inScope.push(g);
    }
    const matches = matchPaths(escalationGrantsByAction(inScope, this.paths), this.paths);
    const chaining = this.context.maxDepth > 0;
    const counted: PathMatch[] = [];
    for (const match of matches) {
      const { path } = match;
      if (path.via === "assume") {
        const grants = match.grants.filter((g) => !chaining || g.action.toLowerCase() !== ASSUME_ROLE || this.reachesUnknownRole(g));
        if (grants.length) counted.push({ path, grants });
      } else if (path.via === "passed-role") {
        const passRole = match.grants.filter((g) => g.action.toLowerCase() === PASS_ROLE);
        if (!chaining || passRole.some((g) => this.reachesUnknownRole(g))) counted.push(match);
      } else counted.push(match);
    }
    // An action the catalogue does not know, named like an escalation action: not provable either way.
    for (const grant of inScope) {
      if (grant.unknownAction && (grant.tiers.has("escalate") || grant.tiers.has("codeExecution") || grant.tiers.has("assumeRole"))) {
        counted.push({ path: unknownActionPath(grant.action), grants: [grant] });
      }
    }
    const destructive = this.context.destructiveGrants(access);
    const unresolved = this.context.unresolvedOf(principal);
    const kubernetes = dangerousKubernetes(principal);
    const danger = destructive.length || counted.length || unresolved || kubernetes.length ? { destructive, paths: counted, unresolved, kubernetes } : undefined;
    // Hops are worked out only when the search goes on from this principal (never from a dangerous one).
    let hops: Hop[] | undefined;
    const own: Own = {
      counted,
      danger,
      hops: () => (hops ??= chaining ? this.hopsOf(principal, access.passesLimits, inScope, matches) : []),
    };
    return own;
  }

  /** What ownOf gives for a principal with no grant and no limit of its own (provablyInert). */
  private inertOwn(principal: Principal): Own {
    const unresolved = this.context.unresolvedOf(principal);
    const kubernetes = dangerousKubernetes(principal);
    let hops: Hop[] | undefined;
    return {
      counted: [],
      danger: unresolved || kubernetes.length ? { destructive: [], paths: [], unresolved, kubernetes } : undefined,
      hops: () => (hops ??= this.context.maxDepth > 0 ? this.hopsOf(principal, () => true, [], []) : []),
    };
  }

  /** The principals one can become in one hop, one hop per target (the first way found). */
  private hopsOf(principal: Principal, passesLimits: PrincipalAccess["passesLimits"], inScope: readonly Grant[], matches: readonly PathMatch[]): Hop[] {
    // Indexed loops and sets made only when needed: this runs for every agent (issue 17).
    const hops: Hop[] = [];
    let targets: Set<Principal> | undefined;
    const add = (hop: Hop): void => {
      if (targets?.has(hop.to)) return;
      (targets ??= new Set()).add(hop.to);
      hops.push(hop);
    };
    // Several paths lead to the roles of one service: the first path per service names the hop
    // (the iam:PassRole grants are the same for every passed-role path of a principal).
    let services: Set<string> | undefined;
    for (let m = 0; m < matches.length; m++) {
      const match = matches[m] as PathMatch;
      const { path } = match;
      if (!path.service || (path.via !== "passed-role" && path.via !== "service-role")) continue;
      const key = `${path.via} ${path.service}`;
      if (services?.has(key)) continue;
      (services ??= new Set()).add(key);
      const passRole = match.grants.filter((g) => g.action.toLowerCase() === PASS_ROLE);
      for (const role of this.trust.trusting(path.service)) {
        if (role === principal || !this.sameAccount(principal, role)) continue;
        const arn = role.arn;
        if (path.via === "passed-role" && !(arn && passRole.some((g) => globsOverlap(g.ref.pattern, arn)))) continue;
        add({ to: role, via: path.id, grants: match.grants });
      }
    }

    const assume: Grant[] = [];
    for (let i = 0; i < inScope.length; i++) if ((inScope[i] as Grant).action.toLowerCase() === ASSUME_ROLE) assume.push(inScope[i] as Grant);
    const covering = (role: Principal): Grant[] => {
      const arn = role.arn;
      return assume.filter((g) => g.ref.pattern === "*" || (arn !== undefined && globsOverlap(g.ref.pattern, arn)));
    };
    // Concrete role ARNs are looked up; a wildcard grant is tested against the candidates.
    const listed = new Set<Principal>();
    let wildcard = false;
    for (const g of assume) {
      if (hasWildcard(g.ref.pattern)) wildcard = true;
      else {
        const role = this.roleByArn.get(g.ref.pattern.toLowerCase());
        if (role) listed.add(role);
      }
    }
    const identity = wildcard
      ? { kind: "some" as const, covers: (role: Principal) => covering(role).length > 0 }
      : listed.size
        ? { kind: "roles" as const, roles: listed }
        : NO_IDENTITY_GRANT;
    const assumable = this.trust.assumable(principal, identity);
    for (let i = 0; i < assumable.length; i++) {
      const role = assumable[i] as Principal;
      // A trust naming the agent is still subject to its boundary, SCPs and Denies.
      if (role.arn !== undefined && !passesLimits("sts:AssumeRole", role.arn)) continue;
      add({ to: role, via: "sts:AssumeRole", grants: covering(role) });
    }
    return hops;
  }

  /**
   * The first principal `principal` can become (up to maxDepth hops) that `found` accepts, with the
   * hops there, nearest first; undefined when none. Unlike escalation() the search goes on past
   * dangerous principals: it asks what the agent can do as any of them, not whether it escalates.
   */
  find(principal: Principal, found: (p: Principal) => boolean): Hop[] | undefined {
    if (this.context.maxDepth <= 0) return undefined;
    const via = new Map<Principal, { from: Principal; hop: Hop } | null>([[principal, null]]);
    let frontier: Principal[] = [principal];
    for (let depth = 0; depth < this.context.maxDepth && frontier.length; depth++) {
      const next: Principal[] = [];
      for (const from of frontier) {
        for (const hop of this.nodeOf(from).own().hops()) {
          if (via.has(hop.to)) continue;
          via.set(hop.to, { from, hop });
          if (found(hop.to)) {
            const hops: Hop[] = [];
            for (let step = via.get(hop.to); step; step = via.get(step.from)) hops.unshift(step.hop);
            return hops;
          }
          next.push(hop.to);
        }
      }
      frontier = next;
    }
    return undefined;
  }

  /**
   * The principal's escalation: its own paths, and every dangerous principal it can become.
   * `access`: the principal's access when it differs from the one the graph reads (tag rights it has
   * through a principal it can become, analysis.ts): its own paths and first hops are read from it.
   */
  escalation(principal: Principal, access?: PrincipalAccess): Escalation {
    const start = access && access !== this.context.accessOf(principal) ? this.ownOfAccess(principal, access) : this.nodeOf(principal).own();
    // Most agents can become nobody: no search (issue 17).
    if (this.context.maxDepth <= 0 || start.hops().length === 0) return { paths: start.counted, chains: [], grants: citedGrants(start.counted, []) };
    const chains: Chain[] = [];
    // Breadth first, nearest first; each principal is reached once (cycles end), by its first hop.
    const via = new Map<Principal, { from: Principal; hop: Hop } | null>([[principal, null]]);
    const route = (to: Principal): Hop[] => {
      const hops: Hop[] = [];
      for (let step = via.get(to); step; step = via.get(step.from)) hops.unshift(step.hop);
      return hops;
    };
    let frontier: Principal[] = [principal];
    for (let depth = 0; depth < this.context.maxDepth && frontier.length; depth++) {
      const next: Principal[] = [];
      for (const from of frontier) {
        for (const hop of (from === principal ? start : this.nodeOf(from).own()).hops()) {
          if (via.has(hop.to)) continue;
          via.set(hop.to, { from, hop });
          const node = this.nodeOf(hop.to);
          // A dangerous principal ends its branch: what lies beyond adds reach the agent already has.
          if (node.dangerous) chains.push(chainTo(route(hop.to), hop.to, node));
          else next.push(hop.to);
        }
      }
      frontier = next;
    }
    return { paths: start.counted, chains, grants: citedGrants(start.counted, chains) };
  }
}

/** The agent's own grants a finding cites: its paths' grants, then each chain's first hop's, once each. */
function citedGrants(paths: readonly PathMatch[], chains: readonly Chain[]): Grant[] {
  const grants = new Set<Grant>();
  for (let p = 0; p < paths.length; p++) {
    const matched = (paths[p] as PathMatch).grants;
    for (let i = 0; i < matched.length; i++) grants.add(matched[i] as Grant);
  }
  for (const chain of chains) for (const g of chain.hops[0]?.grants ?? []) grants.add(g);
  return [...grants];
}

/** A chain whose target's danger is worked out when read (findings show a few chains per agent). */
function chainTo(hops: Hop[], target: Principal, node: Node): Chain {
  return {
    hops,
    target,
    get danger(): Danger {
      const { danger } = node.own();
      // provablyDangerous and the access disagree: a bug; never let it read as harmless.
      if (!danger) throw new Error(`${target.name} was proven dangerous, but its access holds nothing dangerous`);
      return danger;
    },
  };
}
