/**
 * Serverless Framework configurations (`serverless.yml`) are no CloudFormation template: the
 * framework compiles them into one at `serverless package`/`deploy`, resolving its own variables
 * (`${self:...}`, `${opt:stage}`, `${ssm:...}`, `${file(...)}`) and running its plugins first. What
 * such a file declares of IAM and CloudFormation is not read here, so a file that declares any is
 * an input error (fail closed), never a file skipped while its role with `dynamodb:DeleteTable` or
 * an `AWS::IAM::Role` under `resources.Resources` goes unjudged. The template the framework writes
 * (`.serverless/cloudformation-template-update-stack.json`) is an ordinary CloudFormation template:
 * scanned, it is read as any other.
 */
import { isRecord } from "../is-record.js";
import { childPointer } from "../source/pointer.js";

/**
 * A Serverless Framework service for AWS: a top-level `service` (its name, or `{name}` as v1
 * wrote it) and a `provider` whose `name` is `aws`.
 */
function isServerlessAwsConfig(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const service = value["service"];
  const provider = value["provider"];
  const named = typeof service === "string" || (isRecord(service) && typeof service["name"] === "string");
  return named && isRecord(provider) && provider["name"] === "aws";
}

/** Whether a declaration holds something: a list or mapping with an entry, or a variable (a string) that may. */
const declares = (value: unknown): boolean =>
  typeof value === "string" || (Array.isArray(value) && value.length > 0) || (isRecord(value) && Object.keys(value).length > 0);

/**
 * Where a Serverless Framework configuration declares what the framework turns into IAM or
 * CloudFormation resources, and why that is not read; undefined for any other value, and for a
 * service whose functions run with the framework's default role (it writes only their logs).
 */
export function unreadServerlessConfig(value: unknown): { pointer: string; message: string } | undefined {
  if (!isServerlessAwsConfig(value)) return undefined;
  const provider = value["provider"] as Record<string, unknown>;
  const iam = isRecord(provider["iam"]) ? provider["iam"] : {};
  const role = isRecord(iam["role"]) ? iam["role"] : {};
  const declared: { pointer: string; what: string }[] = [];
  // The role the framework makes for every function (`IamRoleLambdaExecution`): v3's
  // provider.iam.role, v1/v2's provider.iamRoleStatements and iamManagedPolicies.
  for (const key of ["statements", "managedPolicies"]) {
    if (declares(role[key])) declared.push({ pointer: childPointer("/provider/iam/role", key), what: `provider.iam.role.${key} (the role it makes for the functions)` });
  }
  for (const key of ["iamRoleStatements", "iamManagedPolicies"]) {
    if (declares(provider[key])) declared.push({ pointer: childPointer("/provider", key), what: `provider.${key} (the role it makes for the functions)` });
  }
  // `provider.iam` written as a variable (`${file(iam.yml)}`) may hold either.
  if (typeof provider["iam"] === "string") declared.push({ pointer: "/provider/iam", what: "provider.iam (a variable the framework resolves)" });
  // A role per function (the serverless-iam-roles-per-function plugin).
  const functions = isRecord(value["functions"]) ? value["functions"] : {};
  for (const [name, fn] of Object.entries(functions)) {
    if (isRecord(fn) && declares(fn["iamRoleStatements"])) declared.push({ pointer: childPointer("/functions", name, "iamRoleStatements"), what: `functions.${name}.iamRoleStatements (a role of its own)` });
  }
  // CloudFormation written in the file: resources (roles, policies, tables), the framework's own
  // resources extended (`extensions: {IamRoleLambdaExecution: ...}`), or files it includes.
  const resources = value["resources"];
  if (isRecord(resources)) {
    for (const key of ["Resources", "extensions"]) {
      if (declares(resources[key])) {
        const ids = isRecord(resources[key]) ? ` (${Object.keys(resources[key]).join(", ")})` : "";
        declared.push({ pointer: childPointer("/resources", key), what: `resources.${key}${ids}` });
      }
    }
  } else if (declares(resources)) declared.push({ pointer: "/resources", what: "resources (files or variables the framework includes)" });
  const first = declared[0];
  if (!first) return undefined;
  return {
    pointer: first.pointer,
    message: `a Serverless Framework configuration: what it declares for CloudFormation and IAM (${declared.map((d) => d.what).join("; ")}) is compiled by the framework, with its variables and plugins, into a template this file does not show, so it is not evaluated (fail closed): scan the template \`serverless package\` writes (.serverless/cloudformation-template-update-stack.json) instead of this file`,
  };
}
