import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  arnAccount
} from "./chunk-AECFORZA.js";
import {
  defineLazyLine
} from "./chunk-CZPWBJK5.js";

// src/core/iam/authorization-details.ts
var isRecord = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
var str = (v) => typeof v === "string" && v !== "" ? v : void 0;
var list = (v) => Array.isArray(v) ? v : [];
var DETAIL_LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];
function isAuthorizationDetails(value) {
  if (!isRecord(value)) return false;
  const present = DETAIL_LISTS.filter((k) => k in value);
  return present.length >= 2 && present.every((k) => Array.isArray(value[k]));
}
function readAuthorizationDetails(value, file, lineOf) {
  const errors = [];
  const fail = (pointer, message) => {
    const line = lineOf?.(pointer);
    errors.push({ file, ...line !== void 0 ? { line } : {}, message });
  };
  if (!isRecord(value)) {
    fail("", "not an authorization details document");
    return { input: { principals: [] }, errors };
  }
  if (value["IsTruncated"] === true) {
    fail("/IsTruncated", "authorization details are truncated (IsTruncated: true): principals or policies on later pages were not evaluated; fetch every page (the CLI paginates by default)");
  }
  const evidenceAt = (pointer, extra = {}) => lineOf ? Object.assign(defineLazyLine({ file, pointer }, () => lineOf(pointer)), extra) : { file, pointer, ...extra };
  const sourceLineOf = (documentPointer) => lineOf ? (p) => lineOf(p) ?? lineOf(documentPointer) : void 0;
  const source = (name, document, pointer, extra) => {
    const lines = sourceLineOf(pointer);
    return { name, document, evidence: evidenceAt(pointer, { policyName: name, ...extra }), ...lines ? { lineOf: lines } : {} };
  };
  const managed = /* @__PURE__ */ new Map();
  list(value["Policies"]).forEach((policy, i) => {
    const pointer = `/Policies/${i}`;
    if (!isRecord(policy)) return fail(pointer, "Policies entry is not an object");
    const arn = str(policy["Arn"]);
    const name = str(policy["PolicyName"]) ?? arn ?? `Policies[${i}]`;
    if (!arn) return fail(pointer, `managed policy ${name} has no Arn`);
    const versions = list(policy["PolicyVersionList"]);
    const defaultId = str(policy["DefaultVersionId"]);
    const j = versions.findIndex((v) => isRecord(v) && (v["IsDefaultVersion"] === true || defaultId !== void 0 && v["VersionId"] === defaultId));
    const version = versions[j];
    if (!isRecord(version) || version["Document"] === void 0) {
      return fail(pointer, `managed policy ${arn} has no default version document in PolicyVersionList`);
    }
    managed.set(arn, source(name, version["Document"], `${pointer}/PolicyVersionList/${j}/Document`, { arn }));
  });
  const principals = [];
  const attachments = (entry, pointer, inlineKey, ownerArn, into) => {
    list(entry[inlineKey]).forEach((inline, k) => {
      const p = `${pointer}/${inlineKey}/${k}`;
      if (!isRecord(inline) || inline["PolicyDocument"] === void 0) return fail(p, `${inlineKey} entry has no PolicyDocument`);
      const name = str(inline["PolicyName"]) ?? `${inlineKey}[${k}]`;
      into.policies.push(source(name, inline["PolicyDocument"], `${p}/PolicyDocument`, ownerArn ? { arn: ownerArn } : {}));
    });
    list(entry["AttachedManagedPolicies"]).forEach((attached, k) => {
      const p = `${pointer}/AttachedManagedPolicies/${k}`;
      const arn = isRecord(attached) ? str(attached["PolicyArn"]) : void 0;
      if (!arn) return fail(p, "AttachedManagedPolicies entry has no PolicyArn");
      const doc = managed.get(arn);
      if (doc) into.policies.push(doc);
      else (into.unresolvedPolicies ??= []).push({ arn, evidence: evidenceAt(p, { arn }) });
    });
  };
  const tags = (entry) => {
    const out = {};
    for (const tag of list(entry["Tags"])) if (isRecord(tag) && typeof tag["Key"] === "string") out[tag["Key"]] = String(tag["Value"] ?? "");
    return out;
  };
  const boundary = (entry, into) => {
    const b = entry["PermissionsBoundary"];
    if (!isRecord(b)) return;
    const arn = str(b["PermissionsBoundaryArn"]);
    into.boundary = arn && managed.get(arn) || "unresolved";
  };
  const groups = /* @__PURE__ */ new Map();
  list(value["GroupDetailList"]).forEach((group, i) => {
    const name = isRecord(group) ? str(group["GroupName"]) : void 0;
    if (!isRecord(group) || !name) return fail(`/GroupDetailList/${i}`, "group entry has no GroupName");
    groups.set(name, { entry: group, pointer: `/GroupDetailList/${i}` });
  });
  const accounts = /* @__PURE__ */ new Set();
  const base = (kind, entry, pointer, nameKey) => {
    const name = str(entry[nameKey]);
    const arn = str(entry["Arn"]);
    if (!name || !arn) {
      fail(pointer, `${kind} entry has no ${!name ? nameKey : "Arn"}`);
      return void 0;
    }
    const account = arnAccount(arn);
    if (account) accounts.add(account);
    return {
      kind,
      subject: arn,
      name,
      arn,
      ...account ? { account } : {},
      tags: tags(entry),
      policies: [],
      evidence: evidenceAt(pointer, { arn })
    };
  };
  list(value["RoleDetailList"]).forEach((role, i) => {
    const pointer = `/RoleDetailList/${i}`;
    if (!isRecord(role)) return fail(pointer, "RoleDetailList entry is not an object");
    const principal = base("role", role, pointer, "RoleName");
    if (!principal) return;
    if (role["AssumeRolePolicyDocument"] !== void 0) {
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
    list(user["GroupList"]).forEach((groupName, k) => {
      const group = typeof groupName === "string" ? groups.get(groupName) : void 0;
      if (!group) return fail(`${pointer}/GroupList/${k}`, `user ${principal.name} is in group ${String(groupName)}, which is not in GroupDetailList: its policies were not evaluated`);
      attachments(group.entry, group.pointer, "GroupPolicyList", str(group.entry["Arn"]), principal);
    });
    boundary(user, principal);
    principals.push(principal);
  });
  const input = { principals };
  if (accounts.size === 1) input.account = [...accounts][0];
  return { input, errors };
}

export {
  isAuthorizationDetails,
  readAuthorizationDetails
};
