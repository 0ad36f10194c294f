import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  productionVerdict
} from "./chunk-AECFORZA.js";
import {
  childPointer
} from "./chunk-IYA5QU4J.js";

// src/core/cfn/template.ts
import path from "node:path";

// src/core/cfn/intrinsics.ts
var KNOWN_INTRINSICS = /* @__PURE__ */ new Set([
  "Ref",
  "Condition",
  "Fn::GetAtt",
  "Fn::Join",
  "Fn::Sub",
  "Fn::Select",
  "Fn::Split",
  "Fn::If",
  "Fn::Equals",
  "Fn::And",
  "Fn::Or",
  "Fn::Not",
  "Fn::FindInMap",
  "Fn::Base64",
  "Fn::Cidr",
  "Fn::ImportValue",
  "Fn::GetAZs",
  "Fn::Transform",
  "Fn::Length",
  "Fn::ToJsonString",
  "Fn::ForEach",
  // Rule-specific functions, valid in a template's Rules section (CDK writes Fn::Contains there).
  "Fn::Contains",
  "Fn::EachMemberEquals",
  "Fn::EachMemberIn",
  "Fn::RefAll",
  "Fn::ValueOf",
  "Fn::ValueOfAll"
]);
var isRecord = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function intrinsicKey(value) {
  if (!isRecord(value)) return void 0;
  const keys = Object.keys(value);
  if (keys.length !== 1) return void 0;
  const key = keys[0];
  return key === "Ref" || key === "Condition" || key.startsWith("Fn::") ? key : void 0;
}
function soleKey(node) {
  let key;
  for (const k in node) {
    if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
    if (key !== void 0) return void 0;
    key = k;
  }
  return key;
}
function findUnknownIntrinsics(value, pointer = "") {
  const out = [];
  const path2 = [];
  const walk = (node) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path2.push(i);
        walk(node[i]);
        path2.pop();
      }
      return;
    }
    const key = soleKey(node);
    if (key?.startsWith("Fn::") && !KNOWN_INTRINSICS.has(key)) out.push({ key, pointer: childPointer(pointer, ...path2) });
    for (const k in node) {
      if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
      path2.push(k);
      walk(node[k]);
      path2.pop();
    }
  };
  walk(value);
  return out;
}
var ARN_FORMATS = {
  "AWS::DynamoDB::Table": (n, c) => `arn:aws:dynamodb:${c.region ?? "*"}:${c.account ?? "*"}:table/${n}`,
  "AWS::S3::Bucket": (n) => `arn:aws:s3:::${n}`,
  "AWS::SQS::Queue": (n, c) => `arn:aws:sqs:${c.region ?? "*"}:${c.account ?? "*"}:${n}`,
  "AWS::SNS::Topic": (n, c) => `arn:aws:sns:${c.region ?? "*"}:${c.account ?? "*"}:${n}`,
  "AWS::Lambda::Function": (n, c) => `arn:aws:lambda:${c.region ?? "*"}:${c.account ?? "*"}:function:${n}`,
  "AWS::IAM::Role": (n, c) => `arn:aws:iam::${c.account ?? "*"}:role/${n}`,
  "AWS::IAM::User": (n, c) => `arn:aws:iam::${c.account ?? "*"}:user/${n}`,
  "AWS::Logs::LogGroup": (n, c) => `arn:aws:logs:${c.region ?? "*"}:${c.account ?? "*"}:log-group:${n}`,
  "AWS::Kinesis::Stream": (n, c) => `arn:aws:kinesis:${c.region ?? "*"}:${c.account ?? "*"}:stream/${n}`,
  "AWS::RDS::DBInstance": (n, c) => `arn:aws:rds:${c.region ?? "*"}:${c.account ?? "*"}:db:${n}`,
  "AWS::RDS::DBCluster": (n, c) => `arn:aws:rds:${c.region ?? "*"}:${c.account ?? "*"}:cluster:${n}`
};
var NAME_PROPERTIES = {
  "AWS::DynamoDB::Table": "TableName",
  "AWS::S3::Bucket": "BucketName",
  "AWS::SQS::Queue": "QueueName",
  "AWS::SNS::Topic": "TopicName",
  "AWS::Lambda::Function": "FunctionName",
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::Group": "GroupName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::Logs::LogGroup": "LogGroupName",
  "AWS::Kinesis::Stream": "Name",
  "AWS::RDS::DBInstance": "DBInstanceIdentifier",
  "AWS::RDS::DBCluster": "DBClusterIdentifier"
};
function namePattern(resource, ctx, depth = 0) {
  const prop = NAME_PROPERTIES[resource.Type];
  const raw = prop ? resource.Properties?.[prop] : void 0;
  return raw === void 0 ? void 0 : resolveText(raw, ctx, depth + 1).text;
}
function literalName(resource, ctx) {
  const text = namePattern(resource, ctx);
  return text === void 0 || text.includes("*") ? void 0 : text;
}
function fromResource(logicalId, attribute, ctx, depth) {
  const resource = ctx.resources[logicalId];
  const origin = `${resource?.Type ?? "resource"} ${logicalId} of ${ctx.stackLabel}`;
  if (!resource) return { text: "*" };
  const name = namePattern(resource, ctx, depth);
  let text = "*";
  if (name !== void 0) {
    if (attribute === void 0) text = resource.Type === "AWS::SQS::Queue" ? "*" : name;
    else if (attribute === "Arn") text = ARN_FORMATS[resource.Type]?.(name, ctx) ?? "*";
  }
  return { text, production: ctx.production, origin };
}
function pseudo(name, ctx) {
  switch (name) {
    case "AWS::AccountId":
      return ctx.account ?? "*";
    case "AWS::Partition":
      return "aws";
    case "AWS::Region":
      return ctx.region ?? "*";
    case "AWS::URLSuffix":
      return "amazonaws.com";
    case "AWS::StackName":
      return ctx.stackName ?? "*";
    case "AWS::NoValue":
      return "";
    case "AWS::StackId":
    case "AWS::NotificationARNs":
      return "*";
    default:
      return void 0;
  }
}
function combine(parts, joiner) {
  const known = parts.filter((p) => p.production !== void 0);
  return {
    text: parts.map((p) => p.text).join(joiner),
    // Production if any referenced resource is; fail closed.
    ...known.length ? { production: known.some((p) => p.production), origin: known.map((p) => p.origin).filter(Boolean).join(", ") } : {}
  };
}
function resolveText(value, ctx, depth = 0) {
  if (depth > 30) return { text: "*" };
  if (typeof value === "string") return { text: value };
  if (typeof value === "number" || typeof value === "boolean") return { text: String(value) };
  const key = intrinsicKey(value);
  if (!key || !isRecord(value)) return { text: "*" };
  const arg = value[key];
  switch (key) {
    case "Ref": {
      if (typeof arg !== "string") return { text: "*" };
      const p = pseudo(arg, ctx);
      if (p !== void 0) return { text: p };
      if (ctx.resources[arg]) return fromResource(arg, void 0, ctx, depth);
      return { text: "*" };
    }
    case "Fn::GetAtt": {
      const [id, attr] = Array.isArray(arg) ? arg : typeof arg === "string" ? arg.split(/\.(.*)/s) : [];
      return typeof id === "string" ? fromResource(id, typeof attr === "string" ? attr : "*", ctx, depth) : { text: "*" };
    }
    case "Fn::Join": {
      if (!Array.isArray(arg) || typeof arg[0] !== "string" || !Array.isArray(arg[1])) return { text: "*" };
      return combine(arg[1].map((p) => resolveText(p, ctx, depth + 1)), arg[0]);
    }
    case "Fn::Sub": {
      const [template, vars] = Array.isArray(arg) ? arg : [arg, {}];
      if (typeof template !== "string") return { text: "*" };
      const parts = [];
      let last = 0;
      for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
        parts.push({ text: template.slice(last, m.index) });
        const name = m[1] ?? "";
        if (name.startsWith("!")) parts.push({ text: "${" + name.slice(1) + "}" });
        else if (isRecord(vars) && name in vars) parts.push(resolveText(vars[name], ctx, depth + 1));
        else if (name.includes(".")) {
          const [id, attr] = name.split(/\.(.*)/s);
          parts.push(resolveText({ "Fn::GetAtt": [id, attr] }, ctx, depth + 1));
        } else parts.push(resolveText({ Ref: name }, ctx, depth + 1));
        last = (m.index ?? 0) + m[0].length;
      }
      parts.push({ text: template.slice(last) });
      return combine(parts, "");
    }
    case "Fn::ImportValue": {
      const name = resolveText(arg, ctx, depth + 1).text;
      const ref = ctx.exports.get(name);
      return ref ? { text: ref.pattern, ...ref.production !== void 0 ? { production: ref.production } : {}, ...ref.origin ? { origin: ref.origin } : {} } : { text: "*" };
    }
    case "Fn::Select": {
      if (!Array.isArray(arg)) return { text: "*" };
      const index = Number(resolveText(arg[0], ctx, depth + 1).text);
      const list = arg[1];
      return Array.isArray(list) && Number.isInteger(index) && index >= 0 && index < list.length ? resolveText(list[index], ctx, depth + 1) : { text: "*" };
    }
    case "Fn::FindInMap": {
      if (!Array.isArray(arg)) return { text: "*" };
      const keys = arg.slice(0, 3).map((k) => resolveText(k, ctx, depth + 1).text);
      const found = keys.reduce((node, k) => isRecord(node) ? node[k] : void 0, ctx.mappings);
      return found === void 0 || isRecord(found) ? { text: "*" } : resolveText(found, ctx, depth + 1);
    }
    case "Fn::If": {
      if (!Array.isArray(arg)) return { text: "*" };
      const a = resolveText(arg[1], ctx, depth + 1);
      const b = resolveText(arg[2], ctx, depth + 1);
      const known = [a, b].filter((x) => x.production !== void 0);
      return {
        text: a.text === b.text ? a.text : "*",
        ...known.length ? { production: known.some((x) => x.production), origin: known.map((x) => x.origin).join(", ") } : {}
      };
    }
    default:
      return { text: "*" };
  }
}
function resolveResourceRef(raw, ctx) {
  const r = resolveText(raw, ctx);
  return { pattern: r.text === "" ? "*" : r.text, ...r.production !== void 0 ? { production: r.production } : {}, ...r.origin ? { origin: r.origin } : {} };
}
function unknownIntrinsicErrors(file, value, lineOf) {
  return findUnknownIntrinsics(value).map(({ key, pointer }) => {
    const line = lineOf?.(pointer);
    return {
      file,
      ...line !== void 0 ? { line } : {},
      message: `unknown intrinsic function ${key} at ${pointer}: its value is read as "*" (fail closed)`
    };
  });
}

// src/core/cfn/template.ts
var isRecord2 = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function isCloudFormationTemplate(value) {
  if (!isRecord2(value)) return false;
  if ("AWSTemplateFormatVersion" in value) return true;
  const resources = value["Resources"];
  return isRecord2(resources) && Object.values(resources).some(isTypedResource);
}
var isTypedResource = (r) => isRecord2(r) && typeof r["Type"] === "string";
function untypedResourceErrors(input) {
  const { file, value, lineOf } = input;
  if (!isRecord2(value) || !("Resources" in value)) return [];
  const error = (pointer, message) => {
    const line = lineOf?.(pointer);
    return { file, ...line !== void 0 ? { line } : {}, message };
  };
  const resources = value["Resources"];
  if (!isRecord2(resources)) return [error("/Resources", "Resources is not a mapping of logical ids to resources: no resource of the template is evaluated (fail closed)")];
  return Object.entries(resources).filter(([, r]) => !isTypedResource(r)).map(([id]) => error(childPointer("/Resources", id), `resource ${id} has no Type (CloudFormation rejects the template): it is not evaluated (fail closed)`));
}
function templateLabel(input) {
  return input.stackName ?? path.basename(input.file).replace(/(\.template)?\.(json|ya?ml)$/i, "");
}
function templateProductionVerdict(input, policy) {
  const names = [input.stackName, input.stagePath, templateLabel(input)].filter((n) => Boolean(n));
  return productionVerdict({ names, tags: input.stackTags ?? {}, ...input.account ? { account: input.account } : {} }, policy.production);
}
function isTemplateProduction(input, policy) {
  return templateProductionVerdict(input, policy).production;
}
function nestedStackFiles(value) {
  const out = [];
  for (const [id, r] of Object.entries(resourcesOf(value))) {
    if (r.Type !== "AWS::CloudFormation::Stack") continue;
    const assetPath = r.Metadata?.["aws:asset:path"];
    const hash = /\b([0-9a-f]{64})\.json\b/.exec(JSON.stringify(r.Properties?.["TemplateURL"] ?? ""))?.[1];
    out.push({ resourceId: id, ...typeof assetPath === "string" ? { assetPath } : {}, ...hash ? { assetHash: hash } : {} });
  }
  return out;
}
function nestedStackInput(parent, resourceId, file, value, lineOf) {
  const parentLabel = templateLabel(parent);
  return {
    file,
    value,
    ...lineOf ? { lineOf } : {},
    stackName: `${parentLabel}.${resourceId}`,
    ...parent.stackTags ? { stackTags: parent.stackTags } : {},
    ...parent.account !== void 0 ? { account: parent.account } : {},
    ...parent.region !== void 0 ? { region: parent.region } : {},
    ...parent.terminationProtection !== void 0 ? { terminationProtection: parent.terminationProtection } : {},
    ...parent.stagePath !== void 0 ? { stagePath: parent.stagePath } : {},
    nestedIn: parentLabel
  };
}
function resourcesOf(value) {
  const resources = isRecord2(value) && isRecord2(value["Resources"]) ? value["Resources"] : {};
  const out = {};
  for (const [id, r] of Object.entries(resources)) if (isTypedResource(r)) out[id] = r;
  return out;
}
var contexts = /* @__PURE__ */ new WeakMap();
function createContext(input, policy, exports = /* @__PURE__ */ new Map()) {
  const known = contexts.get(input);
  if (known && known.policy === policy && known.exports === exports) return known.context;
  const context = buildContext(input, policy, exports);
  contexts.set(input, { policy, exports, context });
  return context;
}
function buildContext(input, policy, exports) {
  const production = isTemplateProduction(input, policy);
  const stackLabel = templateLabel(input);
  return {
    resources: resourcesOf(input.value),
    mappings: isRecord2(input.value) && isRecord2(input.value["Mappings"]) ? input.value["Mappings"] : {},
    ...input.account ? { account: input.account } : {},
    ...input.region ? { region: input.region } : {},
    ...input.stackName ? { stackName: input.stackName } : {},
    production,
    stackLabel: `stack ${stackLabel}`,
    exports
  };
}
var arnOf = (id, attribute = "Arn") => ({ "Fn::GetAtt": [id, attribute] });
var RESOURCE_POLICIES = {
  "AWS::S3::BucketPolicy": { read: (id, p) => ({ document: p["PolicyDocument"], pointer: `/Resources/${id}/Properties/PolicyDocument` }) },
  "AWS::SQS::QueuePolicy": { read: (id, p) => ({ document: p["PolicyDocument"], pointer: `/Resources/${id}/Properties/PolicyDocument` }) },
  "AWS::SNS::TopicPolicy": { read: (id, p) => ({ document: p["PolicyDocument"], pointer: `/Resources/${id}/Properties/PolicyDocument`, self: asList(p["Topics"])[0] }) },
  "AWS::SecretsManager::ResourcePolicy": { read: (id, p) => ({ document: p["ResourcePolicy"], pointer: `/Resources/${id}/Properties/ResourcePolicy`, self: p["SecretId"] }) },
  "AWS::KMS::Key": { read: (id, p) => p["KeyPolicy"] === void 0 ? void 0 : { document: p["KeyPolicy"], pointer: `/Resources/${id}/Properties/KeyPolicy`, self: arnOf(id) } },
  "AWS::ECR::Repository": {
    read: (id, p) => p["RepositoryPolicyText"] === void 0 ? void 0 : { document: p["RepositoryPolicyText"], pointer: `/Resources/${id}/Properties/RepositoryPolicyText`, self: arnOf(id) }
  },
  "AWS::DynamoDB::Table": {
    read: (id, p) => {
      const policy = isRecord2(p["ResourcePolicy"]) ? p["ResourcePolicy"]["PolicyDocument"] : void 0;
      return policy === void 0 ? void 0 : { document: policy, pointer: `/Resources/${id}/Properties/ResourcePolicy/PolicyDocument`, self: arnOf(id) };
    }
  },
  "AWS::Backup::BackupVault": {
    read: (id, p) => p["AccessPolicy"] === void 0 ? void 0 : { document: p["AccessPolicy"], pointer: `/Resources/${id}/Properties/AccessPolicy`, self: arnOf(id, "BackupVaultArn") }
  },
  "AWS::Lambda::Permission": {
    // One statement in properties: Principal (an ARN or a service), Action, FunctionName.
    read: (id, p) => ({
      document: { Statement: { Effect: "Allow", Principal: { AWS: p["Principal"] }, Action: p["Action"], Resource: p["FunctionName"] } },
      pointer: `/Resources/${id}/Properties`,
      inProperties: true
    })
  }
};
var POLICY_TYPES = /* @__PURE__ */ new Set(["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy"]);
var KIND_LABELS = { role: "Role", user: "User" };
var asList = (v) => v === void 0 ? [] : Array.isArray(v) ? v : [v];
function deployedValues(value, pointer, depth = 0) {
  const branches = intrinsicKey(value) === "Fn::If" && isRecord2(value) ? value["Fn::If"] : void 0;
  if (Array.isArray(branches) && branches.length === 3 && depth < 30) {
    return [1, 2].flatMap((i) => deployedValues(branches[i], childPointer(pointer, "Fn::If", i), depth + 1));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => deployedValues(v, childPointer(pointer, i), depth + 1));
  if (isRecord2(value) && intrinsicKey(value) === "Ref" && value["Ref"] === "AWS::NoValue") return [];
  return value === void 0 ? [] : [{ value, pointer }];
}
function readTemplate(input, policy, exports = /* @__PURE__ */ new Map()) {
  const ctx = createContext(input, policy, exports);
  const { file, lineOf } = input;
  const label = templateLabel(input);
  const errors = [...untypedResourceErrors(input), ...unknownIntrinsicErrors(file, input.value, lineOf)];
  const evidenceAt = (pointer) => {
    const line = lineOf?.(pointer);
    return { file, pointer, ...line !== void 0 ? { line } : {} };
  };
  const source = (name, document, pointer) => ({
    name,
    document,
    evidence: evidenceAt(pointer),
    ...lineOf ? { lineOf } : {},
    resolveResource: (raw) => resolveResourceRef(raw, ctx)
  });
  const principals = /* @__PURE__ */ new Map();
  const groupPolicies = /* @__PURE__ */ new Map();
  const managedDocs = /* @__PURE__ */ new Map();
  const byLiteralName = /* @__PURE__ */ new Map();
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type === "AWS::IAM::ManagedPolicy") {
      managedDocs.set(id, source(literalName(r, ctx) ?? id, r.Properties?.["PolicyDocument"], `/Resources/${id}/Properties/PolicyDocument`));
    }
  }
  const kindOf = { "AWS::IAM::Role": "role", "AWS::IAM::User": "user", "AWS::IAM::Group": "group" };
  for (const [id, r] of Object.entries(ctx.resources)) {
    const kind = kindOf[r.Type];
    if (!kind) continue;
    const props = r.Properties ?? {};
    const base = `/Resources/${id}/Properties`;
    const literal = literalName(r, ctx);
    const cdkPath = typeof r.Metadata?.["aws:cdk:path"] === "string" ? r.Metadata["aws:cdk:path"] : void 0;
    if (literal) byLiteralName.set(`${kind}:${literal}`, id);
    const inline = asList(props["Policies"]).flatMap(
      (p, i) => isRecord2(p) ? [source(resolveText(p["PolicyName"], ctx).text || `${id} policy ${i}`, p["PolicyDocument"], `${base}/Policies/${i}/PolicyDocument`)] : []
    );
    if (kind === "group") {
      groupPolicies.set(id, inline);
      continue;
    }
    const principal = {
      kind,
      subject: `${label}/${id}`,
      name: literal ?? cdkPath ?? id,
      ...literal && ctx.account ? { arn: `arn:aws:iam::${ctx.account}:${kind}/${literal}` } : {},
      ...ctx.account ? { account: ctx.account } : {},
      production: ctx.production,
      tags: Object.fromEntries(
        asList(props["Tags"]).flatMap((t) => isRecord2(t) && typeof t["Key"] === "string" ? [[t["Key"], resolveText(t["Value"], ctx).text]] : [])
      ),
      policies: inline,
      evidence: evidenceAt(`/Resources/${id}`)
    };
    if (kind === "role" && props["AssumeRolePolicyDocument"] !== void 0) {
      principal.trustPolicy = source(`${id} trust policy`, props["AssumeRolePolicyDocument"], `${base}/AssumeRolePolicyDocument`);
    }
    for (const { value, pointer } of deployedValues(props["ManagedPolicyArns"], `${base}/ManagedPolicyArns`)) attachManaged(principal, value, pointer);
    if (props["PermissionsBoundary"] !== void 0) {
      const refId = refTarget(props["PermissionsBoundary"]);
      principal.boundary = refId && managedDocs.get(refId) || "unresolved";
    }
    principals.set(id, principal);
  }
  for (const principal of principals.values()) {
    if (principal.trustPolicy) principal.trustPolicy.document = resolveTrustPrincipals(principal.trustPolicy.document);
  }
  function resolveTrustPrincipals(document) {
    if (!isRecord2(document)) return document;
    const statement = document["Statement"];
    const resolveStatement = (st) => {
      if (!isRecord2(st) || !isRecord2(st["Principal"])) return st;
      const principal = Object.fromEntries(
        Object.entries(st["Principal"]).map(([type, value]) => [type, Array.isArray(value) ? value.map(principalText) : principalText(value)])
      );
      return { ...st, Principal: principal };
    };
    return { ...document, Statement: Array.isArray(statement) ? statement.map(resolveStatement) : resolveStatement(statement) };
  }
  function principalText(value) {
    if (typeof value === "string" || intrinsicKey(value) === void 0) return value;
    const refId = refTarget(value);
    const local = refId ? principals.get(refId) : void 0;
    if (local) return local.arn ?? value;
    const text = resolveText(value, ctx).text;
    return text === "" ? value : text;
  }
  function refTarget(value) {
    const key = intrinsicKey(value);
    const arg = key && isRecord2(value) ? value[key] : void 0;
    if (key === "Ref") return typeof arg === "string" ? arg : void 0;
    if (key !== "Fn::GetAtt") return void 0;
    const id = Array.isArray(arg) ? arg[0] : typeof arg === "string" ? arg.split(".")[0] : void 0;
    return typeof id === "string" ? id : void 0;
  }
  function attachManaged(principal, arn, pointer) {
    const refId = refTarget(arn);
    const doc = refId ? managedDocs.get(refId) : void 0;
    if (doc) {
      principal.policies.push(doc);
      return;
    }
    const text = resolveText(arn, ctx).text;
    principal.unresolvedPolicies = [...principal.unresolvedPolicies ?? [], { arn: text, evidence: evidenceAt(pointer) }];
  }
  function target(kind, ref, pointer) {
    const refId = refTarget(ref);
    const known = refId ? principals.get(refId) : void 0;
    if (known) return known;
    const name = resolveText(ref, ctx).text;
    const local = byLiteralName.get(`${kind}:${name}`);
    const byName = local ? principals.get(local) : void 0;
    if (byName) return byName;
    if (!name || name.includes("*")) return unresolvedPrincipal(kind, describeName(ref), pointer);
    const key = `external:${kind}:${name}`;
    let external = principals.get(key);
    if (!external) {
      external = {
        kind,
        subject: `${label}/${name}`,
        name,
        ...ctx.account ? { account: ctx.account, arn: `arn:aws:iam::${ctx.account}:${kind}/${name}` } : {},
        production: ctx.production,
        tags: {},
        policies: [],
        evidence: { ...evidenceAt(pointer), note: `${kind} defined outside this template` }
      };
      principals.set(key, external);
    }
    return external;
  }
  function describeName(ref) {
    const key = intrinsicKey(ref);
    const arg = isRecord2(ref) && key ? ref[key] : void 0;
    if (key === "Ref" && typeof arg === "string") return `named by parameter ${arg}`;
    if (key === "Fn::ImportValue") return `named by Fn::ImportValue ${resolveText(arg, ctx).text}`;
    const text = resolveText(ref, ctx).text;
    return text ? `named ${text}` : "with no name";
  }
  function unresolvedPrincipal(kind, description, pointer) {
    const key = `unresolved:${kind}:${description}`;
    let principal = principals.get(key);
    if (!principal) {
      principal = {
        kind,
        subject: `${label}/${kind} ${description}`,
        name: `${kind} ${description}`,
        label: `${KIND_LABELS[kind]} ${description}`,
        ...ctx.account ? { account: ctx.account } : {},
        production: ctx.production,
        tags: {},
        policies: [],
        evidence: { ...evidenceAt(pointer), note: `${kind} ${description} cannot be resolved from the template` },
        assumeAgent: `its name cannot be resolved from the template, so it may be an agent's (fail closed)`
      };
      principals.set(key, principal);
    }
    return principal;
  }
  const attachments = [
    ["role", "Roles"],
    ["user", "Users"],
    ["group", "Groups"]
  ];
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (!POLICY_TYPES.has(r.Type)) continue;
    const props = r.Properties ?? {};
    const base = `/Resources/${id}/Properties`;
    let doc;
    if (r.Type === "AWS::IAM::Policy") doc = source(resolveText(props["PolicyName"], ctx).text || id, props["PolicyDocument"], `${base}/PolicyDocument`);
    else if (r.Type === "AWS::IAM::ManagedPolicy") doc = managedDocs.get(id);
    else if (r.Type === "AWS::IAM::RolePolicy" || r.Type === "AWS::IAM::UserPolicy" || r.Type === "AWS::IAM::GroupPolicy") {
      const kind = r.Type === "AWS::IAM::RolePolicy" ? "role" : r.Type === "AWS::IAM::UserPolicy" ? "user" : "group";
      const nameKey = kind === "role" ? "RoleName" : kind === "user" ? "UserName" : "GroupName";
      const inline = source(resolveText(props["PolicyName"], ctx).text || id, props["PolicyDocument"], `${base}/PolicyDocument`);
      const names = deployedValues(props[nameKey], `${base}/${nameKey}`);
      for (const { value, pointer } of names.length ? names : [{ value: props[nameKey], pointer: `${base}/${nameKey}` }]) attach(kind, value, pointer, inline);
      continue;
    }
    if (!doc) continue;
    for (const [kind, key] of attachments) {
      for (const { value, pointer } of deployedValues(props[key], `${base}/${key}`)) attach(kind, value, pointer, doc);
    }
  }
  function attach(kind, ref, pointer, doc) {
    if (kind === "group") {
      const groupId = groupOf(ref);
      if (groupId === void 0) addPolicy(unresolvedPrincipal("user", `a member of group ${describeName(ref)}`, pointer), doc);
      else groupPolicies.set(groupId, [...groupPolicies.get(groupId) ?? [], doc]);
      return;
    }
    addPolicy(target(kind, ref, pointer), doc);
  }
  function addPolicy(principal, doc) {
    if (!principal.policies.includes(doc)) principal.policies.push(doc);
  }
  function groupOf(ref) {
    const refId = refTarget(ref);
    if (refId && ctx.resources[refId]?.Type === "AWS::IAM::Group") return refId;
    return byLiteralName.get(`group:${resolveText(ref, ctx).text}`);
  }
  function joinGroup(user, ref, pointer) {
    const groupId = groupOf(ref);
    if (groupId !== void 0) {
      for (const doc of groupPolicies.get(groupId) ?? []) addPolicy(user, doc);
      return;
    }
    const unresolved = { arn: `policies of group ${describeName(ref)}`, evidence: { ...evidenceAt(pointer), note: "group not defined in this template: its policies are not verified (fail closed)" } };
    user.unresolvedPolicies = [...user.unresolvedPolicies ?? [], unresolved];
  }
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type === "AWS::IAM::User") {
      const user = principals.get(id);
      for (const { value, pointer } of deployedValues(r.Properties?.["Groups"], `/Resources/${id}/Properties/Groups`)) if (user) joinGroup(user, value, pointer);
    }
    if (r.Type === "AWS::IAM::UserToGroupAddition") {
      const base = `/Resources/${id}/Properties`;
      for (const { value, pointer } of deployedValues(r.Properties?.["Users"], `${base}/Users`)) joinGroup(target("user", value, pointer), r.Properties?.["GroupName"], `${base}/GroupName`);
    }
  }
  for (const [id, r] of Object.entries(ctx.resources)) {
    const kind = RESOURCE_POLICIES[r.Type];
    if (!kind) continue;
    const props = r.Properties ?? {};
    const read = kind.read(id, props);
    if (!read) continue;
    const byPrincipal = /* @__PURE__ */ new Map();
    asList(isRecord2(read.document) ? read.document["Statement"] : void 0).forEach((statement, index) => {
      if (!isRecord2(statement) || statement["Effect"] !== "Allow") return;
      const listed = Array.isArray(isRecord2(read.document) ? read.document["Statement"] : void 0);
      const pointer = read.inProperties ? read.pointer : listed ? `${read.pointer}/Statement/${index}` : `${read.pointer}/Statement`;
      for (const principal of namedPrincipals(statement["Principal"], `${pointer}/Principal`)) {
        let entry = byPrincipal.get(principal);
        if (!entry) byPrincipal.set(principal, entry = { statements: [], origins: [] });
        const { Principal: _principal, Sid: _sid, ...rest } = statement;
        const resource = rest["Resource"] === void 0 || read.self !== void 0 && rest["Resource"] === "*" ? read.self ?? "*" : rest["Resource"];
        entry.statements.push(rest["NotResource"] !== void 0 ? rest : { ...rest, Resource: resource });
        entry.origins.push({ pointer, index });
      }
    });
    for (const [principal, entry] of byPrincipal) {
      principal.policies.push({
        ...source(`${r.Type} ${id}`, { Version: "2012-10-17", Statement: entry.statements }, read.pointer),
        statementOrigins: entry.origins
      });
    }
  }
  function namedPrincipals(principal, pointer) {
    if (!isRecord2(principal)) return [];
    const out = [];
    for (const value of asList(principal["AWS"])) {
      const getAtt = intrinsicKey(value) === "Fn::GetAtt" && isRecord2(value) ? value["Fn::GetAtt"] : void 0;
      const attId = Array.isArray(getAtt) && typeof getAtt[0] === "string" ? getAtt[0] : typeof getAtt === "string" ? getAtt.split(".")[0] : void 0;
      const local = attId ? principals.get(attId) : void 0;
      if (local) {
        out.push(local);
        continue;
      }
      const arn = /^arn:[^:]+:iam::(\d{12}|\*):(role|user)\/(?:.*\/)?([^/]+)$/.exec(resolveText(value, ctx).text);
      if (!arn?.[2] || !arn[3] || arn[3].includes("*")) continue;
      out.push(target(arn[2], arn[3], pointer));
    }
    return out;
  }
  return {
    iam: { principals: [...principals.values()], production: ctx.production, ...ctx.account ? { account: ctx.account } : {} },
    errors,
    resources: ctx.resources,
    production: ctx.production,
    stackLabel: label,
    context: ctx
  };
}
function collectExports(input, policy, into) {
  const outputs = isRecord2(input.value) && isRecord2(input.value["Outputs"]) ? input.value["Outputs"] : {};
  const ctx = createContext(input, policy, into);
  for (const output of Object.values(outputs)) {
    if (!isRecord2(output) || !isRecord2(output["Export"])) continue;
    const name = resolveText(output["Export"]["Name"], ctx).text;
    if (!name || name.includes("*")) continue;
    into.set(name, resolveResourceRef(output["Value"], ctx));
  }
}

export {
  resolveText,
  isCloudFormationTemplate,
  templateLabel,
  templateProductionVerdict,
  isTemplateProduction,
  nestedStackFiles,
  nestedStackInput,
  createContext,
  readTemplate,
  collectExports
};
