/**
 * `aws iam get-account-authorization-details` output → IamInput. Accepts the CLI's decoded
 * policy documents and the SDK/API's URL-encoded JSON strings alike. Roles and users keep their
 * inline policies, attached managed policies (default version from `Policies`), permission
 * boundary, tags and trust policy; users also get their groups' policies. Evidence carries
 * file + line + pointer and arn + policy name (+ statement index, added per statement).
 */
import { defineLazyLine, type Evidence, type InputError } from "../finding.js";
import { arnAccount } from "../production.js";
import type { IamInput, PolicySource, Principal } from "./model.js";
import { isRecord } from "../is-record.js";
import type { LineOf } from "../source/source.js";
import { childPointer } from "../source/pointer.js";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const DETAIL_LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;

const SUPPORT_ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\/support\.amazonaws\.com\/AWSServiceRoleForSupport$/;
const isSupportRole = (entry: unknown): boolean => isRecord(entry) && typeof entry["Arn"] === "string" && SUPPORT_ROLE_ARN.test(entry["Arn"]);

export function isAuthorizationDetails(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const present = DETAIL_LISTS.filter((k) => k in value);
  // One principal list is enough: `--filter Role` may write RoleDetailList alone. Policies alone
  // is also `aws iam list-policies`' answer, which holds no principal.
  return (present.length >= 2 || (present.length === 1 && present[0] !== "Policies")) && present.every((k) => Array.isArray(value[k]));
}

export function readAuthorizationDetails(value: unknown, file: string, lineOf?: LineOf): { input: IamInput; errors: InputError[] } {
  const errors: InputError[] = [];
  const fail = (pointer: string, message: string): void => {
    const line = lineOf?.(pointer);
    errors.push({ file, ...(line !== undefined ? { line } : {}), message });
  };
  if (!isRecord(value)) {
    fail("", "not an authorization details document");
    return { input: { principals: [] }, errors };
  }
  if (value["IsTruncated"] === true) {
    fail("/IsTruncated", "authorization details are truncated (IsTruncated: true): principals or policies on later pages were not evaluated; fetch every page (the CLI paginates by default)");
  }
  // The AWS CLI's own pages: `--max-items N` stops after N entries and leaves the token to go on.
  if (typeof value["NextToken"] === "string" && value["NextToken"] !== "") {
    fail("/NextToken", "authorization details are one page of several (NextToken, written by the AWS CLI's --max-items): principals or policies on later pages were not evaluated; run the command without --max-items");
  }

  /** The list an entry holds under `key`; one that is there but is no list is an error, not an empty list (its entries would go unevaluated). */
  const listOf = (entry: Record<string, unknown>, key: string, pointer: string): unknown[] => {
    const v = entry[key];
    if (v === undefined || Array.isArray(v)) return list(v);
    fail(`${pointer}/${key}`, `${key} is not a list: its entries were not evaluated`);
    return [];
  };

  // The line is found when a finding or error cites the evidence (most are never cited), unless
  // every pointer is on one line (minified JSON): then plain evidence and sources need no lookups.
  const line = lineOf?.everyLine;
  const lazyLineOf = line === undefined ? lineOf : undefined;
  const evidenceAt = (pointer: string, extra: Evidence = {}): Evidence =>
    lazyLineOf
      ? Object.assign(defineLazyLine<Evidence>({ file, pointer }, () => lazyLineOf(pointer)), extra)
      : { file, pointer, ...(line !== undefined ? { line } : {}), ...extra };
  /** Lines of statements inside a URL-encoded string fall back to the string's own line. */
  const sourceLineOf = (documentPointer: string): LineOf | undefined =>
    lazyLineOf ? (p: string) => lazyLineOf(p) ?? lazyLineOf(documentPointer) : undefined;
  const source = (name: string, document: unknown, pointer: string, extra: Evidence): PolicySource => {
    const lines = sourceLineOf(pointer);
    return { name, document, evidence: evidenceAt(pointer, { policyName: name, ...extra }), ...(lines ? { lineOf: lines } : {}) };
  };

  // Managed policies by ARN: their default version's document.
  const managed = new Map<string, PolicySource>();
  list(value["Policies"]).forEach((policy, i) => {
    const pointer = `/Policies/${i}`;
    if (!isRecord(policy)) return fail(pointer, "Policies entry is not an object");
    const arn = str(policy["Arn"]);
    const name = str(policy["PolicyName"]) ?? arn ?? `Policies[${i}]`;
    if (!arn) return fail(pointer, `managed policy ${name} has no Arn`);
    const versions = listOf(policy, "PolicyVersionList", pointer);
    const defaultId = str(policy["DefaultVersionId"]);
    const j = versions.findIndex((v) => isRecord(v) && (v["IsDefaultVersion"] === true || (defaultId !== undefined && v["VersionId"] === defaultId)));
    const version = versions[j];
    if (!isRecord(version) || version["Document"] === undefined) {
      return fail(pointer, `managed policy ${arn} has no default version document in PolicyVersionList`);
    }
    managed.set(arn, source(name, version["Document"], `${pointer}/PolicyVersionList/${j}/Document`, { arn }));
  });

  const principals: Principal[] = [];
  const attachments = (entry: Record<string, unknown>, pointer: string, inlineKey: string, ownerArn: string | undefined, into: Principal): void => {
    listOf(entry, inlineKey, pointer).forEach((inline, k) => {
      const p = `${pointer}/${inlineKey}/${k}`;
      if (!isRecord(inline) || inline["PolicyDocument"] === undefined) return fail(p, `${inlineKey} entry has no PolicyDocument`);
      const name = str(inline["PolicyName"]) ?? `${inlineKey}[${k}]`;
      into.policies.push(source(name, inline["PolicyDocument"], `${p}/PolicyDocument`, ownerArn ? { arn: ownerArn } : {}));
    });
    listOf(entry, "AttachedManagedPolicies", pointer).forEach((attached, k) => {
      const p = `${pointer}/AttachedManagedPolicies/${k}`;
      const arn = isRecord(attached) ? str(attached["PolicyArn"]) : undefined;
      if (!arn) return fail(p, "AttachedManagedPolicies entry has no PolicyArn");
      const doc = managed.get(arn);
      if (doc) into.policies.push(doc);
      else (into.unresolvedPolicies ??= []).push({ arn, evidence: evidenceAt(p, { arn }) });
    });
  };
  const tags = (entry: Record<string, unknown>, pointer: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const tag of listOf(entry, "Tags", pointer)) if (isRecord(tag) && typeof tag["Key"] === "string") out[tag["Key"]] = String(tag["Value"] ?? "");
    return out;
  };
  const boundary = (entry: Record<string, unknown>, into: Principal): void => {
    const b = entry["PermissionsBoundary"];
    if (!isRecord(b)) return;
    const arn = str(b["PermissionsBoundaryArn"]);
    into.boundary = (arn && managed.get(arn)) || "unresolved";
    // An AWS managed boundary the file does not list: its published document (src/core/iam/analysis.ts).
    if (into.boundary === "unresolved" && arn) into.boundaryArn = { arn, evidence: { ...into.evidence, arn } };
  };

  const groups = new Map<string, { entry: Record<string, unknown>; pointer: string }>();
  list(value["GroupDetailList"]).forEach((group, i) => {
    const name = isRecord(group) ? str(group["GroupName"]) : undefined;
    if (!isRecord(group) || !name) return fail(`/GroupDetailList/${i}`, "group entry has no GroupName");
    groups.set(name, { entry: group, pointer: `/GroupDetailList/${i}` });
  });

  const accounts = new Set<string>();
  const base = (kind: "role" | "user", entry: Record<string, unknown>, pointer: string, nameKey: string): Principal | undefined => {
    const name = str(entry[nameKey]);
    const arn = str(entry["Arn"]);
    if (!name || !arn) {
      fail(pointer, `${kind} entry has no ${!name ? nameKey : "Arn"}`);
      return undefined;
    }
    const account = arnAccount(arn);
    if (account) accounts.add(account);
    return {
      kind,
      subject: arn,
      name,
      arn,
      ...(account ? { account } : {}),
      tags: tags(entry, pointer),
      policies: [],
      evidence: evidenceAt(pointer, { arn }),
    };
  };

  list(value["RoleDetailList"]).forEach((role, i) => {
    const pointer = `/RoleDetailList/${i}`;
    if (!isRecord(role)) return fail(pointer, "RoleDetailList entry is not an object");
    const principal = base("role", role, pointer, "RoleName");
    if (!principal) return;
    if (role["AssumeRolePolicyDocument"] !== undefined) {
      principal.trustPolicy = source(`${principal.name} trust policy`, role["AssumeRolePolicyDocument"], `${pointer}/AssumeRolePolicyDocument`, { arn: principal.arn ?? "" });
    }
    attachments(role, pointer, "RolePolicyList", principal.arn, principal);
    boundary(role, principal);
    principals.push(principal);
  });

  list(value["UserDetailList"]).forEach((user, i) => {
    const pointer = `/UserDetailList/${i}`;
    if (!isRecord(user)) return fail(pointer, "UserDetailList entry is not an object");
    const principal = base("user", user, pointer, "UserName");
    if (!principal) return;
    attachments(user, pointer, "UserPolicyList", principal.arn, principal);
    listOf(user, "GroupList", pointer).forEach((groupName, k) => {
      const group = typeof groupName === "string" ? groups.get(groupName) : undefined;
      if (!group) return fail(`${pointer}/GroupList/${k}`, `user ${principal.name} is in group ${String(groupName)}, which is not in GroupDetailList: its policies were not evaluated`);
      attachments(group.entry, group.pointer, "GroupPolicyList", str(group.entry["Arn"]), principal);
    });
    boundary(user, principal);
    principals.push(principal);
  });

  // Only when something could not be read: the search walks the whole snapshot.
  const cut = errors.length ? typeNameCut(value, "") : undefined;
  if (cut) {
    fail(
      cut.pointer,
      `written by PowerShell's ConvertTo-Json, which cut the objects below its -Depth (2 by default) to their .NET type names (${cut.name}): the principals they held were not read; write it with ConvertTo-Json -Depth 10`,
    );
  }

  const input: IamInput = { principals };
  if (accounts.size === 1) {
    input.account = [...accounts][0] as string;
    // IAM listed every role (no page left) and each was read: nothing of the account is missing.
    // AWS Support's service-linked role "exists within your AWS account" (AWS Support user guide,
    // "Using service-linked roles for AWS Support"), so a list without it was filtered (`--filter`
    // without Role, a `--query`, roles picked by hand), and other roles may be missing too.
    const roles = value["RoleDetailList"];
    if (errors.length === 0 && Array.isArray(roles) && roles.some(isSupportRole)) input.wholeAccount = true;
  }
  return { input, errors };
}

/** What ConvertTo-Json writes for an AWS Tools object (or list of them) below its -Depth: the .NET type's name. */
const DOTNET_TYPE_NAME = /^(?:Amazon\.IdentityManagement\.Model\.\w+|System\.Collections\.Generic\.List`1\[Amazon\.IdentityManagement\.Model\.(\w+)\])$/;

/** The first value of the snapshot that is such a name, with where it is. */
function typeNameCut(value: unknown, pointer: string): { pointer: string; name: string } | undefined {
  if (typeof value === "string") {
    const match = DOTNET_TYPE_NAME.exec(value);
    return match ? { pointer, name: match[1] ? `Amazon.IdentityManagement.Model.${match[1]}` : value } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = typeNameCut(value[i], `${pointer}/${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = typeNameCut(child, childPointer(pointer, key));
    if (found) return found;
  }
  return undefined;
}
