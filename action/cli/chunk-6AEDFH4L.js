import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/aws/session.ts
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
var READ_ONLY_OPERATIONS = /* @__PURE__ */ new Set([
  "GetAccountAuthorizationDetails",
  "DescribeStacks",
  "GetStackPolicy",
  "GetTemplate",
  "DescribeChangeSet",
  "ListAccounts",
  "AssumeRole"
  // returns credentials; changes nothing in the account
]);
function sessionOptions(flags, clientConfig) {
  return {
    ...flags.region ? { region: flags.region } : {},
    ...flags.profile ? { profile: flags.profile } : {},
    ...flags.roleArn ? { roleArn: flags.roleArn } : {},
    ...clientConfig ? { clientConfig } : {}
  };
}
var ApiCounter = class {
  /** Operations sent (one per command, retries not included). */
  calls = 0;
  /** HTTP requests including retries. */
  requests = 0;
  operations = [];
  summary() {
    const retries = this.requests - this.calls;
    return `AWS API calls: ${this.calls}${retries > 0 ? ` (+${retries} retried)` : ""}`;
  }
};
var ReadOnlyViolation = class extends Error {
  name = "ReadOnlyViolation";
};
function instrument(client, counter) {
  const stack = client.middlewareStack;
  const guard = (next, context) => async (args) => {
    const operation = (context.commandName ?? "").replace(/Command$/, "");
    if (!READ_ONLY_OPERATIONS.has(operation)) throw new ReadOnlyViolation(`refusing to call ${operation || "an unnamed operation"}: agent-guardrail only reads`);
    counter.calls++;
    counter.operations.push(operation);
    return next(args);
  };
  const count = (next) => async (args) => {
    counter.requests++;
    return next(args);
  };
  stack.add(guard, { step: "initialize", name: "agentGuardrailReadOnly" });
  stack.add(count, { step: "deserialize", name: "agentGuardrailCount" });
  return client;
}
function baseConfig(options, credentials) {
  return {
    ...options.region ? { region: options.region } : {},
    ...options.profile && !credentials ? { profile: options.profile } : {},
    ...credentials ? { credentials } : {},
    ...options.clientConfig
  };
}
async function assumeRole(options, roleArn, counter, credentials) {
  const sts = instrument(new STSClient(baseConfig(options, credentials)), counter);
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "agent-guardrail-audit", DurationSeconds: 3600 }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...c.SessionToken ? { sessionToken: c.SessionToken } : {}, ...c.Expiration ? { expiration: c.Expiration } : {} };
  } finally {
    sts.destroy();
  }
}
async function openSession(options, counter = new ApiCounter(), credentials) {
  const creds = options.roleArn ? await assumeRole(options, options.roleArn, counter, credentials) : credentials;
  const config = baseConfig(options, creds);
  return {
    iam: instrument(new IAMClient(config), counter),
    cloudformation: instrument(new CloudFormationClient(config), counter),
    counter,
    ...options.roleArn ? { roleArn: options.roleArn } : {}
  };
}
function organizationsClient(options, counter) {
  return instrument(new OrganizationsClient(baseConfig(options)), counter);
}
function closeSession(session) {
  session.iam.destroy();
  session.cloudformation.destroy();
}
var PERMISSION = {
  GetAccountAuthorizationDetails: "iam:GetAccountAuthorizationDetails",
  DescribeStacks: "cloudformation:DescribeStacks",
  GetStackPolicy: "cloudformation:GetStackPolicy",
  GetTemplate: "cloudformation:GetTemplate",
  DescribeChangeSet: "cloudformation:DescribeChangeSet",
  ListAccounts: "organizations:ListAccounts",
  AssumeRole: "sts:AssumeRole"
};
function explainAwsError(error, operation) {
  const e = error;
  const name = e?.name ?? "Error";
  const message = e?.message ?? String(error);
  const permission = PERMISSION[operation] ?? operation;
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/i.test(name) || /not authorized to perform/i.test(message)) {
    return `access denied: ${operation} needs the IAM permission ${permission} (AWS said: ${message})`;
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|Rate exceeded/i.test(`${name} ${message}`)) {
    const attempts = e?.$metadata?.attempts;
    return `throttled: ${operation} was still rate-limited by AWS after ${attempts ?? "several"} attempts; retry later or audit fewer accounts at once (${name}: ${message})`;
  }
  if (error instanceof ReadOnlyViolation) return message;
  return `${operation} failed: ${name}: ${message}`;
}

export {
  READ_ONLY_OPERATIONS,
  sessionOptions,
  ApiCounter,
  ReadOnlyViolation,
  assumeRole,
  openSession,
  organizationsClient,
  closeSession,
  explainAwsError
};
