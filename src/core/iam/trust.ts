/**
 * Who a role's trust policy admits (DESIGN.md "Who an agent can become"). AWS lets a caller
 * assume a role when the role's trust policy admits it AND, unless the trust names the caller
 * itself in the same account, the caller's identity policy allows sts:AssumeRole on the role
 * (IAM User Guide, "How IAM roles differ from resource-based policies" and "Policy evaluation
 * logic: cross-account"; a trust naming the account root delegates the decision to IAM).
 *
 * Read once per input into an index, so "which roles may P assume" costs the roles that name P
 * or its account, not a scan of every role.
 */
import { arnAccount } from "../production.js";
import { actionMatches } from "./catalogue.js";
import { conditionCannotHold } from "./conditions.js";
import type { Principal } from "./model.js";
import { trustStatements, type ConditionBlock } from "./policy-document.js";
import { servicePrincipalName } from "./service-principals.js";
import { isRecord } from "../is-record.js";
import { wildcardMatch } from "../glob.js";

/**
 * The strings of a policy element (absent: none); undefined when it holds anything else (a
 * number, an object), which IAM does not read the way this module would: such a trust cannot be
 * read, and dropping the odd value could hide whom it admits.
 */
function strings(v: unknown): string[] | undefined {
  if (v === undefined) return [];
  const list: unknown[] = Array.isArray(v) ? v : [v];
  return list.every((x) => typeof x === "string") ? (list as string[]) : undefined;
}

/** What one role's trust policy admits to sts:AssumeRole. */
export interface RoleTrust {
  /** Principals named: roles (and role sessions) as `roleKey` writes them, users' ARNs in lower case. */
  arns: ReadonlySet<string>;
  /** Accounts named (their root or their id; `*`: one the input does not say): IAM of that account decides. */
  accounts: ReadonlySet<string>;
  /** `*` (any AWS principal, conditions aside). */
  anyone: boolean;
  /** Service principals (`lambda.amazonaws.com`, ...). */
  services: ReadonlySet<string>;
  /** Principal ARNs a Deny names (lower case) or `*`: never admitted. */
  denied: ReadonlySet<string>;
  /** Accounts a Deny names: none of their principals is admitted. */
  deniedAccounts: ReadonlySet<string>;
  /**
   * No trust policy in the input, or one that cannot be read: it may admit anyone (fail closed),
   * given the caller's own sts:AssumeRole on the role (an input without trust policies is a
   * hand-built one or a role referenced from outside a template).
   */
  unknown: boolean;
}

/** Most trust policies fill one or two of a role's sets: the others stay this shared empty one. */
const NONE: ReadonlySet<string> = new Set<string>();

function added(set: ReadonlySet<string>, value: string): Set<string> {
  const out = set === NONE ? new Set<string>() : (set as Set<string>);
  out.add(value);
  return out;
}

/**
 * `arn:aws:iam::123:root` or `123` → the account; `arn:aws:iam::*:root` → `*`: a root whose account
 * the input does not say (a template's `${AWS::AccountId}` or a parameter), which may be any.
 */
function rootAccount(id: string): string | undefined {
  if (/^\d{12}$/.test(id)) return id;
  const m = /^arn:[^:]+:iam::(\d{12}|\*):root$/.exec(id);
  return m?.[1];
}

/**
 * How a trust's Allow names a role, and how a caller role is looked up: `arn:aws:iam::123:role/name`,
 * lower case, without the path (role names are unique in an account, paths aside). A trust may name
 * a session of the role (`arn:aws:sts::123:assumed-role/Name/session`); whoever assumes the role
 * picks the session name, so that admits the role (fail closed). Anything else: undefined.
 */
function roleKey(arn: string): string | undefined {
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn) ?? /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`.toLowerCase() : undefined;
}

/** The key a trust names a principal by and a caller is looked up with (TrustIndex: equal keys admit). */
export function trustNameKey(named: string): string {
  return roleKey(named) ?? named.toLowerCase();
}

/**
 * Web-identity providers that are AWS services handing out the role themselves, by the service
 * escalation paths name: an identity pool's roles trust Cognito as `Federated`, not as `Service`
 * (Cognito Developer Guide, "Role trust and permissions": Principal {"Federated":
 * "cognito-identity.amazonaws.com"}, sts:AssumeRoleWithWebIdentity). GovCloud US-West names it
 * cognito-identity-us-gov.amazonaws.com, as AWS's guidance for Claude Code with Amazon Bedrock
 * writes its identity pool roles' trust; other regions and partitions as servicePrincipalName reads.
 */
const FEDERATED_SERVICES: Readonly<Record<string, string>> = {
  "cognito-identity.amazonaws.com": "cognito-identity.amazonaws.com",
  "cognito-identity-us-gov.amazonaws.com": "cognito-identity.amazonaws.com",
};

/** The service a trust principal stands for, by its global name: a `Service`, or a `Federated` provider that is one. */
function serviceOf(type: string, id: string): string | undefined {
  if (type === "Service") return servicePrincipalName(id);
  if (type !== "Federated") return undefined;
  const name = servicePrincipalName(id);
  return Object.hasOwn(FEDERATED_SERVICES, name) ? FEDERATED_SERVICES[name] : undefined;
}

export function readTrust(role: Principal, now: number): RoleTrust {
  const trust: RoleTrust = { arns: NONE, accounts: NONE, anyone: false, services: NONE, denied: NONE, deniedAccounts: NONE, unknown: false };
  const statements = trustStatements(role.trustPolicy);
  if (!statements) {
    trust.unknown = true; // missing or unreadable: it may admit anyone (fail closed); the analysis reports an unreadable one
    return trust;
  }
  for (const statement of statements) {
    if (!isRecord(statement)) {
      trust.unknown = true;
      continue;
    }
    const actions = strings(statement["Action"]);
    const notActions = strings(statement["NotAction"]);
    const principal = statement["Principal"];
    const named = principal === "*" ? [] : isRecord(principal) ? Object.entries(principal).map(([type, v]) => [type, strings(v)] as const) : [];
    if (!actions || !notActions || named.some(([, ids]) => !ids)) {
      trust.unknown = true;
      continue;
    }
    const coversAssume = statement["NotAction"] !== undefined ? !notActions.some((a) => actionMatches(a, "sts:AssumeRole")) : actions.some((a) => actionMatches(a, "sts:AssumeRole"));
    const ids: [type: string, id: string][] = principal === "*" ? [["AWS", "*"]] : named.flatMap(([type, list]) => (list ?? []).map((id) => [type, id] as [string, string]));
    if (statement["Effect"] === "Deny") {
      // A Deny protects only when it holds whatever the caller does: unconditional.
      if (coversAssume && statement["Condition"] === undefined) {
        for (const [type, id] of ids) {
          if (type !== "AWS") continue;
          const account = rootAccount(id);
          if (account) trust.deniedAccounts = added(trust.deniedAccounts, account);
          else trust.denied = added(trust.denied, id.toLowerCase());
        }
      }
      continue;
    }
    if (statement["Effect"] !== "Allow") {
      trust.unknown = true;
      continue;
    }
    const services = ids.filter(([type, id]) => serviceOf(type, id) !== undefined);
    // Services assume with sts:AssumeRole; a statement for other actions (TagSession, ...) admits nobody.
    if (!coversAssume && services.length === 0) continue;
    const condition = isRecord(statement["Condition"]) ? (statement["Condition"] as ConditionBlock) : undefined;
    if (conditionCannotHold(condition, now)) continue;
    for (const [type, id] of ids) {
      const service = serviceOf(type, id);
      if (service !== undefined) trust.services = added(trust.services, service);
      if (type !== "AWS" || !coversAssume) continue;
      if (id === "*") trust.anyone = true;
      else {
        const account = rootAccount(id);
        if (account) trust.accounts = added(trust.accounts, account);
        else trust.arns = added(trust.arns, trustNameKey(id));
      }
    }
  }
  return trust;
}

/** Trust of every role of an input, indexed by who it names. */
export class TrustIndex {
  private readonly trusts = new Map<Principal, RoleTrust>();
  private readonly byArn = new Map<string, Principal[]>();
  private readonly byAccount = new Map<string, Principal[]>();
  private readonly open: Principal[] = [];
  private readonly byService = new Map<string, Principal[]>();
  /** Roles trusting a service the input leaves open (`!Sub ${Service}.amazonaws.com`): it may be any. */
  private readonly wildcardServices: [pattern: string, role: Principal][] = [];

  constructor(roles: readonly Principal[], now: number) {
    const push = (map: Map<string, Principal[]>, key: string, role: Principal): void => {
      const list = map.get(key);
      if (list) list.push(role);
      else map.set(key, [role]);
    };
    for (const role of roles) {
      const trust = readTrust(role, now);
      this.trusts.set(role, trust);
      for (const arn of trust.arns) push(this.byArn, arn, role);
      for (const account of trust.accounts) push(this.byAccount, account, role);
      for (const service of trust.services) {
        if (service.includes("*")) this.wildcardServices.push([service, role]);
        else push(this.byService, service, role);
      }
      if (trust.anyone || trust.unknown) this.open.push(role);
    }
  }

  trustOf(role: Principal): RoleTrust | undefined {
    return this.trusts.get(role);
  }

  /**
   * Roles `caller` may assume: the trust admits it and, where IAM of the caller's account must
   * agree (the trust names an account, `*`, or another account's caller), the caller's own
   * sts:AssumeRole covers the role. `identity` says which roles that grant covers: "none", the
   * listed roles (concrete ARNs), or a test for wildcard grants ("some").
   */
  assumable(caller: Principal, identity: { kind: "none" } | { kind: "roles"; roles: ReadonlySet<Principal> } | { kind: "some"; covers: (role: Principal) => boolean }): Principal[] {
    // No candidate at all (below): no trust names a principal or admits anyone, and the caller has
    // no sts:AssumeRole of its own. Asked for every agent, mostly in accounts whose trusts name services.
    if (identity.kind === "none" && this.byArn.size === 0 && this.open.length === 0) return [];
    const arn = caller.arn?.toLowerCase();
    // A template's role without a known ARN: the text its template's trusts name it by, read as readTrust reads it.
    const named = caller.arn ?? caller.trustKey;
    const key = named !== undefined ? trustNameKey(named) : undefined;
    const account = caller.account ?? (caller.arn ? arnAccount(caller.arn) : undefined);
    // Candidates: roles naming the caller or open to anyone; with an identity grant also the roles
    // it covers (the listed ones, or every role naming the caller's account for a wildcard).
    const candidates = new Set<Principal>(key ? (this.byArn.get(key) ?? []) : []);
    for (const role of this.open) candidates.add(role);
    // Once per caller: with its account unknown, every account a trust names.
    const callerAccounts = this.accountsThatMayBe(account);
    if (identity.kind === "roles") for (const role of identity.roles) candidates.add(role);
    else if (identity.kind === "some") for (const named of callerAccounts) for (const role of this.byAccount.get(named) ?? []) candidates.add(role);
    const identityAllows = (role: Principal): boolean =>
      identity.kind === "roles" ? identity.roles.has(role) : identity.kind === "some" ? identity.covers(role) : false;
    const out: Principal[] = [];
    for (const role of candidates) {
      if (role === caller) continue;
      const trust = this.trusts.get(role);
      if (!trust) continue;
      if ((arn && trust.denied.has(arn)) || trust.denied.has("*") || (account !== undefined && trust.deniedAccounts.has(account))) continue;
      const roleAccount = role.account ?? (role.arn ? arnAccount(role.arn) : undefined);
      // An account the input does not say (an env-agnostic stack) may be the other's (fail closed).
      const sameAccount = account === undefined || roleAccount === undefined || roleAccount === account;
      const namedDirectly = key !== undefined && trust.arns.has(key);
      // Same account: a trust naming the caller (or any principal) admits it by itself.
      if (sameAccount && (namedDirectly || trust.anyone)) out.push(role);
      else if ((namedDirectly || trust.anyone || trust.unknown || callerAccounts.some((a) => trust.accounts.has(a))) && identityAllows(role)) out.push(role);
    }
    return out;
  }

  /**
   * The account keys a trust may name the caller's account by: its own and `*` (an account the
   * input does not say may be the caller's); every named account when the caller's is not known
   * (an env-agnostic stack may be deployed in any of them). Fail closed both ways.
   */
  private accountsThatMayBe(account: string | undefined): string[] {
    return account === undefined ? [...this.byAccount.keys()] : [account, "*"];
  }

  /** Roles whose trust policy admits a service principal. */
  trusting(service: string): readonly Principal[] {
    const named = this.byService.get(service.toLowerCase()) ?? [];
    if (this.wildcardServices.length === 0) return named;
    const open = this.wildcardServices.filter(([pattern, role]) => wildcardMatch(pattern, service) && !named.includes(role)).map(([, role]) => role);
    return open.length ? [...named, ...open] : named;
  }
}
