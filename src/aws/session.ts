/**
 * AWS SDK v3 clients for the read-only commands: standard credential chain, `--profile`,
 * `--region`, `--role-arn` (STS AssumeRole), endpoint overrides (AWS_ENDPOINT_URL, handled by the
 * SDK). Every client carries two middlewares: one that refuses any operation outside the
 * read-only allow-list (so a programming mistake cannot mutate an account), one that counts calls.
 */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

/** Operations the guardrail may call. Everything else is refused before it leaves the process. */
export const READ_ONLY_OPERATIONS: ReadonlySet<string> = new Set([
  "GetAccountAuthorizationDetails",
  "DescribeStacks",
  "GetStackPolicy",
  "GetTemplate",
  "DescribeChangeSet",
  "ListAccounts",
  "AssumeRole", // returns credentials; changes nothing in the account
]);

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface SessionOptions {
  region?: string;
  profile?: string;
  roleArn?: string;
  /** Extra client configuration (tests: retry strategy with short delays). */
  clientConfig?: Record<string, unknown>;
}

/** SessionOptions from command-line flags, leaving out what was not given. */
export function sessionOptions(flags: { region?: string; profile?: string; roleArn?: string }, clientConfig?: Record<string, unknown>): SessionOptions {
  return {
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.roleArn ? { roleArn: flags.roleArn } : {}),
    ...(clientConfig ? { clientConfig } : {}),
  };
}

export class ApiCounter {
  /** Operations sent (one per command, retries not included). */
  calls = 0;
  /** HTTP requests including retries. */
  requests = 0;
  readonly operations: string[] = [];
  summary(): string {
    const retries = this.requests - this.calls;
    return `AWS API calls: ${this.calls}${retries > 0 ? ` (+${retries} retried)` : ""}`;
  }
}

export class ReadOnlyViolation extends Error {
  override name = "ReadOnlyViolation";
}

interface MiddlewareClient {
  middlewareStack: { add: (mw: never, opts: { step: "initialize" | "deserialize"; name: string }) => void };
}

function instrument<C>(client: C, counter: ApiCounter): C {
  const stack = (client as unknown as MiddlewareClient).middlewareStack;
  const guard = (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
    const operation = (context.commandName ?? "").replace(/Command$/, "");
    if (!READ_ONLY_OPERATIONS.has(operation)) throw new ReadOnlyViolation(`refusing to call ${operation || "an unnamed operation"}: agent-guardrail only reads`);
    counter.calls++;
    counter.operations.push(operation);
    return next(args);
  };
  const count = (next: (a: unknown) => Promise<unknown>) => async (args: unknown) => {
    counter.requests++;
    return next(args);
  };
  stack.add(guard as never, { step: "initialize", name: "agentGuardrailReadOnly" });
  stack.add(count as never, { step: "deserialize", name: "agentGuardrailCount" });
  return client;
}

export interface AwsSession {
  iam: IAMClient;
  cloudformation: CloudFormationClient;
  counter: ApiCounter;
  /** The role assumed, if any (shown in errors). */
  roleArn?: string;
}

function baseConfig(options: SessionOptions, credentials?: AwsCredentials): Record<string, unknown> {
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile && !credentials ? { profile: options.profile } : {}),
    ...(credentials ? { credentials } : {}),
    ...options.clientConfig,
  };
}

export async function assumeRole(options: SessionOptions, roleArn: string, counter: ApiCounter, credentials?: AwsCredentials): Promise<AwsCredentials> {
  const sts = instrument(new STSClient(baseConfig(options, credentials)), counter);
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "agent-guardrail-audit", DurationSeconds: 3600 }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) };
  } finally {
    sts.destroy();
  }
}

export async function openSession(options: SessionOptions, counter: ApiCounter = new ApiCounter(), credentials?: AwsCredentials): Promise<AwsSession> {
  const creds = options.roleArn ? await assumeRole(options, options.roleArn, counter, credentials) : credentials;
  const config = baseConfig(options, creds);
  return {
    iam: instrument(new IAMClient(config), counter),
    cloudformation: instrument(new CloudFormationClient(config), counter),
    counter,
    ...(options.roleArn ? { roleArn: options.roleArn } : {}),
  };
}

export function organizationsClient(options: SessionOptions, counter: ApiCounter, credentials?: AwsCredentials): OrganizationsClient {
  return instrument(new OrganizationsClient(baseConfig(options, credentials)), counter);
}

export function closeSession(session: AwsSession): void {
  session.iam.destroy();
  session.cloudformation.destroy();
}

/** IAM action each operation needs: named in access-denied errors. */
const PERMISSION: Record<string, string> = {
  GetAccountAuthorizationDetails: "iam:GetAccountAuthorizationDetails",
  DescribeStacks: "cloudformation:DescribeStacks",
  GetStackPolicy: "cloudformation:GetStackPolicy",
  GetTemplate: "cloudformation:GetTemplate",
  DescribeChangeSet: "cloudformation:DescribeChangeSet",
  ListAccounts: "organizations:ListAccounts",
  AssumeRole: "sts:AssumeRole",
};

/**
 * The policy type an access-denied message names (IAM User Guide, "Troubleshoot access denied
 * error messages": "with an explicit deny in a service control policy", "because no session
 * policy allows ..."). Not "no identity-based policy allows": that one the permission fixes.
 */
const REFUSED_BY = /(?:explicit deny in an? |because no )(service control policy|resource control policy|permissions boundary|session policy|VPC endpoint policy)|explicit deny in an? (identity-based policy)/i;

/** A clear, one-line explanation of an SDK error: access denied names the missing permission. */
export function explainAwsError(error: unknown, operation: string): string {
  const e = error as { name?: string; message?: string; $metadata?: { attempts?: number; httpStatusCode?: number }; $retryable?: unknown };
  const name = e?.name ?? "Error";
  const message = e?.message ?? String(error);
  const permission = PERMISSION[operation] ?? operation;
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/i.test(name) || /not authorized to perform/i.test(message)) {
    const m = REFUSED_BY.exec(message);
    const refusedBy = m?.[1] ?? m?.[2];
    const kind = refusedBy?.toLowerCase();
    if (kind === "service control policy" || kind === "resource control policy") {
      return `access denied: ${operation} (${permission}) is refused by a ${refusedBy} of the organization: granting the permission does not help; audit a region or account it allows, or have it exempt the audit role (AWS said: ${message})`;
    }
    if (kind === "identity-based policy") {
      return `access denied: ${operation} (${permission}) is refused by an explicit Deny in an identity-based policy of the caller: lift it for this action (AWS said: ${message})`;
    }
    if (refusedBy !== undefined) return `access denied: ${operation} (${permission}) is refused by a ${refusedBy}: the permission must be allowed there too (AWS said: ${message})`;
    // Organizations answers a member account with the same words as a missing permission.
    const where = operation === "ListAccounts" ? ", called from the organization's management account or a delegated administrator account (a member account may not list the organization)" : "";
    return `access denied: ${operation} needs the IAM permission ${permission}${where} (AWS said: ${message})`;
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|Rate exceeded/i.test(`${name} ${message}`)) {
    const attempts = e?.$metadata?.attempts;
    return `throttled: ${operation} was still rate-limited by AWS after ${attempts ?? "several"} attempts; retry later or audit fewer accounts at once (${name}: ${message})`;
  }
  if (error instanceof ReadOnlyViolation) return message;
  // The caller's own setup, before any request left (a first run): the SDK's words say what is
  // missing, not what to do, and no IAM permission helps.
  if (/^Region is missing$/i.test(message)) {
    return `${operation} not sent: no AWS region is configured (the SDK needs one, even for IAM): pass --region, set AWS_REGION, or give the profile a region`;
  }
  if (name === "CredentialsProviderError" || name === "TokenProviderError") {
    return `${operation} not sent: no usable AWS credentials (${name}: ${message}): pass --profile or set AWS_PROFILE, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login for an IAM Identity Center profile`;
  }
  return `${operation} failed: ${name}: ${message}`;
}

/**
 * The token of the next page (undefined: the last page was read). A token the service gave before
 * throws: the pages would repeat for ever (the AWS SDK's own paginators do not stop on one either),
 * the read never ending and merging the same entries again and again, where an error names the
 * call and the other reads go on. `seen` is one per listing.
 */
export function nextPageToken(seen: Set<string>, token: string | undefined, operation: string, field = "NextToken"): string | undefined {
  if (!token) return undefined;
  if (seen.has(token)) throw new Error(`${operation} returned the ${field} ${token} a second time: its pages would repeat without end (cannot read them all)`);
  seen.add(token);
  return token;
}
