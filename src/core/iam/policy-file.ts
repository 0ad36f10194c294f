/**
 * A bare IAM policy document (a file holding `{ "Version", "Statement" }`). Where it is attached
 * is unknown, so it is evaluated as if attached to an agent role in a production account
 * (fail closed); messages say "if attached to an agent role".
 */
import type { InputError } from "../finding.js";
import type { IamInput, Principal } from "./model.js";
import { asList } from "../as-list.js";
import { isRecord } from "../is-record.js";
import { arnName } from "./agents.js";

/** A policy document: a Statement (object or list) of statement-shaped objects, and no template keys. */
export function isPolicyDocument(value: unknown): boolean {
  if (!isRecord(value) || !("Statement" in value)) return false;
  if ("Resources" in value || "AWSTemplateFormatVersion" in value) return false;
  const statements = Array.isArray(value["Statement"]) ? value["Statement"] : [value["Statement"]];
  if ("Version" in value) return true;
  return statements.length > 0 && statements.every((s) => isRecord(s) && ("Effect" in s || "Action" in s || "NotAction" in s));
}

/** The statements of a document, each with where it is written. */
function statementsOf(value: unknown): { statement: unknown; pointer: string; index: number }[] {
  const raw = isRecord(value) ? value["Statement"] : undefined;
  return Array.isArray(raw) ? raw.map((statement, index) => ({ statement, pointer: `/Statement/${index}`, index })) : raw === undefined ? [] : [{ statement: raw, pointer: "/Statement", index: 0 }];
}

const namesPrincipal = (statement: unknown): boolean => isRecord(statement) && ("Principal" in statement || "NotPrincipal" in statement);

/** What a trust policy grants: becoming the role it belongs to (and tagging that session), no permission of its own. */
const ROLE_ASSUMPTION = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity|SetContext)$/i;

/**
 * A bare policy document goes to IAM as written (`aws iam put-role-policy --policy-document
 * file://...`), and IAM does not document which of a name given twice it applies: reading the last
 * (as JSON.parse does) could pass `"Effect": "Allow", ..., "Effect": "Deny"`. The input error of
 * such a document (`repeated`: the JSON text's first name given twice, found on demand), or
 * undefined. An answer of the AWS CLI or an SDK is IAM's own text; CloudFormation keeps the last
 * before IAM sees a template's document.
 */
export function repeatedPolicyNameError(file: string, value: unknown, repeated: () => { line: number; message: string } | undefined): InputError | undefined {
  if (policyResponse(value)) return undefined;
  const found = repeated();
  return (
    found && {
      file,
      line: found.line,
      message: `policy document with a name given twice in one object: ${found.message}; IAM does not document which of the two it applies, so the document is not evaluated (fail closed): write each name once`,
    }
  );
}

/**
 * The answer of an IAM call that returns one identity policy, as the AWS CLI or an SDK saves it
 * (`aws iam get-role-policy ... > policy.json`): where its document is, and whose policy it is.
 * The document may be URL-encoded text (the IAM API's, an SDK's), decoded as any policy's.
 */
interface PolicyResponse {
  document: unknown;
  pointer: string;
  call: string;
  policyName?: string;
  holder?: { kind: "role" | "user" | "group"; name: string };
  versionId?: string;
}

const INLINE_POLICY_HOLDERS = [
  ["RoleName", "role", "get-role-policy"],
  ["UserName", "user", "get-user-policy"],
  ["GroupName", "group", "get-group-policy"],
] as const;

export function policyResponse(value: unknown): PolicyResponse | undefined {
  if (!isRecord(value)) return undefined;
  const policyName = value["PolicyName"];
  if ("PolicyDocument" in value && typeof policyName === "string") {
    for (const [key, kind, call] of INLINE_POLICY_HOLDERS) {
      const name = value[key];
      if (typeof name === "string") return { document: value["PolicyDocument"], pointer: "/PolicyDocument", call, policyName, holder: { kind, name } };
    }
  }
  // get-policy-version's answer, or the PolicyVersion an SDK returns (Document, VersionId, ...).
  const version = isRecord(value["PolicyVersion"]) ? value["PolicyVersion"] : undefined;
  const [holder, pointer] = version && "Document" in version ? [version, "/PolicyVersion/Document"] : [value, "/Document"];
  if ("Document" in holder && (holder === version || typeof value["VersionId"] === "string")) {
    const versionId = holder["VersionId"];
    return { document: holder["Document"], pointer, call: "get-policy-version", ...(typeof versionId === "string" ? { versionId } : {}) };
  }
  return undefined;
}

export function readPolicyDocumentFile(
  value: unknown,
  file: string,
  lineOf?: (pointer: string) => number | undefined,
): { input: IamInput; errors: InputError[] } {
  const response = policyResponse(value);
  if (response) return readPolicyResponse(response, file, lineOf);
  // Statements that name their principal are a resource's or a role's trust policy: IAM refuses
  // them in an identity policy, so the document cannot be attached to an agent role.
  const statements = statementsOf(value);
  if (statements.length > 0 && statements.every((s) => namesPrincipal(s.statement))) return readResourcePolicyFile(statements, file, lineOf);
  const line = lineOf?.("");
  const principal: Principal = {
    kind: "role",
    subject: file,
    name: file,
    production: true,
    tags: {},
    policies: [
      {
        name: file,
        document: value,
        evidence: { file, pointer: "", ...(line !== undefined ? { line } : {}) },
        ...(lineOf ? { lineOf } : {}),
      },
    ],
    evidence: { file, ...(line !== undefined ? { line } : {}) },
    assumeAgent: "a bare policy document is evaluated as if attached to an agent role in a production account",
    label: `Policy ${file}, if attached to an agent role,`,
  };
  return { input: { principals: [principal], production: true }, errors: [] };
}

/**
 * An IAM call's answer holding one identity policy. The file holds the policy, not its role's,
 * user's or group's tags, trust or members: judged as a bare document is, as if that principal
 * were an agent's in a production account, with evidence at the document inside the answer.
 */
function readPolicyResponse(response: PolicyResponse, file: string, lineOf?: (pointer: string) => number | undefined): { input: IamInput; errors: InputError[] } {
  const line = lineOf?.(response.pointer);
  const at = `aws iam ${response.call} output in ${file}`;
  const { holder } = response;
  const name = response.policyName ?? (response.versionId ? `version ${response.versionId}` : file);
  const principal: Principal = {
    kind: holder?.kind === "user" ? "user" : "role",
    subject: holder ? `${file} (${holder.kind} ${holder.name})` : file,
    name: holder?.name ?? file,
    production: true,
    tags: {},
    policies: [
      {
        name,
        document: response.document,
        evidence: { file, pointer: response.pointer, ...(line !== undefined ? { line } : {}) },
        ...(lineOf ? { lineOf } : {}),
      },
    ],
    evidence: { file, ...(line !== undefined ? { line } : {}) },
    assumeAgent: holder
      ? `the file holds the policy (${at}), not the ${holder.kind}'s ${holder.kind === "group" ? "members" : "tags or trust"}: it is evaluated as if ${holder.kind === "group" ? "an agent were in the group" : `the ${holder.kind} were an agent`} in a production account`
      : `the file holds a managed policy's version (${at}), not the roles and users it is attached to: it is evaluated as if attached to an agent role in a production account`,
    label: holder
      ? `Policy ${name} of ${holder.kind} ${holder.name} (${at}), ${holder.kind === "group" ? "if an agent is in that group" : `if that ${holder.kind} is an agent's`},`
      : `Policy ${name} (${at}), if attached to an agent role,`,
  };
  return { input: { principals: [principal], production: true }, errors: [] };
}

/**
 * A resource-based policy (or a role's trust policy) in a file: what it allows goes to the
 * principals it names, judged like any principal (an agent by its name). As a template's resource
 * policies are read (cfn/template.ts): a role or user by ARN (an assumed-role session stands for
 * its role) gets the statement; an account (its ID or `root`) names no one, since it delegates to
 * its own IAM, where each role is judged; `*`, `NotPrincipal`, or a principal the file leaves to a
 * template (`${role_arn}`) is anyone, an agent's role too (fail closed); a service, an identity
 * provider or a canonical user is no role or user. A
 * statement that only lets its principals become the role (sts:AssumeRole…, a trust policy's)
 * grants no permission, and Deny statements grant nothing.
 */
function readResourcePolicyFile(
  statements: { statement: unknown; pointer: string; index: number }[],
  file: string,
  lineOf?: (pointer: string) => number | undefined,
): { input: IamInput; errors: InputError[] } {
  const line = lineOf?.("");
  const byName = new Map<string, { principal: Principal; statements: unknown[]; origins: { pointer: string; index: number }[] }>();
  const grant = (key: string, make: () => Principal, statement: Record<string, unknown>, pointer: string, index: number): void => {
    let entry = byName.get(key);
    if (!entry) byName.set(key, (entry = { principal: make(), statements: [], origins: [] }));
    const { Principal: _principal, NotPrincipal: _not, Sid: _sid, ...rest } = statement;
    // Without Resource (a key or repository policy: the resource that holds it): unknown here, so every resource.
    entry.statements.push(rest["Resource"] === undefined && rest["NotResource"] === undefined ? { ...rest, Resource: "*" } : rest);
    entry.origins.push({ pointer, index });
  };
  const evidence = (pointer: string) => ({ file, pointer, ...(lineOf?.(pointer) !== undefined ? { line: lineOf(pointer) as number } : {}) });
  const named = (kind: "role" | "user", name: string, arn: string, pointer: string): Principal => ({
    kind,
    subject: arn,
    name,
    arn,
    production: true,
    tags: {},
    policies: [],
    evidence: { ...evidence(pointer), arn, note: `named by the resource policy ${file}` },
  });
  const anyone = (pointer: string): Principal => ({
    kind: "role",
    subject: `${file} (anyone)`,
    name: "anyone",
    production: true,
    tags: {},
    policies: [],
    evidence: { ...evidence(pointer), note: "the resource policy allows every principal" },
    assumeAgent: "the resource policy allows every principal, an agent's role too (fail closed)",
    label: `Anyone, by the resource policy ${file},`,
  });
  for (const { statement, pointer, index } of statements) {
    if (!isRecord(statement) || statement["Effect"] !== "Allow") continue;
    const actions = asList(statement["Action"]);
    if (statement["NotAction"] === undefined && actions.length > 0 && actions.every((a) => typeof a === "string" && ROLE_ASSUMPTION.test(a))) continue;
    if (statement["NotPrincipal"] !== undefined) {
      grant("*", () => anyone(`${pointer}/NotPrincipal`), statement, pointer, index);
      continue;
    }
    const principal = statement["Principal"];
    const aws = principal === "*" ? ["*"] : isRecord(principal) ? asList(principal["AWS"]) : [];
    for (const value of aws) {
      const text = typeof value === "string" ? value : "*";
      // An account (its ID or root, the account part perhaps a placeholder) delegates to its own IAM, where each role is judged.
      if (/^\d{12}$/.test(text) || /^arn:[^:]+:iam::[^:]*:root$/.test(text)) continue;
      // A role's or user's name (an assumed-role session stands for its role).
      const name = arnName(text);
      // `*`, or a name the file leaves to a template (`${agent_role}`, `{{role}}`): anyone, an agent's role too.
      if (text === "*" || !name || /[*?${}]/.test(name)) {
        grant("*", () => anyone(`${pointer}/Principal`), statement, pointer, index);
        continue;
      }
      const kind = /:user\//.test(text) ? "user" : "role";
      grant(`${kind}:${name}`, () => named(kind, name, text, `${pointer}/Principal`), statement, pointer, index);
    }
  }
  const principals: Principal[] = [];
  for (const { principal, statements: granted, origins } of byName.values()) {
    principal.policies.push({
      name: file,
      document: { Version: "2012-10-17", Statement: granted },
      evidence: { file, pointer: "", ...(line !== undefined ? { line } : {}) },
      statementOrigins: origins,
      ...(lineOf ? { lineOf } : {}),
    });
    principals.push(principal);
  }
  return { input: { principals, production: true }, errors: [] };
}

