/**
 * `audit --organization --role-name R`: every ACTIVE account of the organization, audited through
 * role R with bounded concurrency. An account that cannot be reached is an error (exit 2), never
 * skipped; every finding names its account.
 */
import { ListAccountsCommand, type Account } from "@aws-sdk/client-organizations";
import type { ActionCatalogue } from "../core/iam/catalogue.js";
import type { Policy } from "../core/policy.js";
import { mergeReports, type Report } from "../report/index.js";
import { auditAccount, type Progress } from "./audit.js";
import { ApiCounter, assumeRole, closeSession, explainAwsError, nextPageToken, openSession, organizationsClient, type AwsCredentials, type SessionOptions } from "./session.js";

/**
 * Account states in which the account is unusable (Organizations User Guide, "Monitor the state of
 * your AWS accounts"): sign-up not completed, access restricted by AWS, closed. PENDING_CLOSURE
 * "remains functional", so its roles still act and it is audited, as is a state AWS adds later.
 */
const UNUSABLE_STATES: ReadonlySet<string> = new Set(["PENDING_ACTIVATION", "SUSPENDED", "CLOSED"]);
/** State, the current field; Status (retired September 2026) only when an answer lacks it. */
const stateOf = (account: Account): string => account.State ?? account.Status ?? "ACTIVE";

/** The management account's ID, which every account's ARN holds (arn:aws:organizations::<management>:account/o-…/<id>). */
const managementAccountOf = (account: Account): string | undefined => /^arn:[^:]+:organizations::(\d{12}):account\//.exec(account.Arn ?? "")?.[1];

export async function listAccounts(options: SessionOptions, counter: ApiCounter, credentials?: AwsCredentials): Promise<Account[]> {
  const client = organizationsClient(options, counter, credentials);
  try {
    const accounts: Account[] = [];
    let token: string | undefined;
    const tokens = new Set<string>();
    do {
      const page = await client.send(new ListAccountsCommand(token ? { NextToken: token } : {}));
      accounts.push(...(page.Accounts ?? []));
      token = nextPageToken(tokens, page.NextToken, "ListAccounts");
    } while (token);
    return accounts;
  } finally {
    client.destroy();
  }
}

/** Run `work` over `items` with at most `limit` in flight, keeping the input order of results. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export async function auditOrganization(
  options: SessionOptions & { roleName: string; concurrency?: number },
  policy: Policy,
  catalogue: ActionCatalogue,
  counter: ApiCounter,
  progress?: Progress,
): Promise<Report> {
  const { roleArn: callerRole, ...base } = options;
  // --role-arn is who runs the organization audit (a role of the management or delegated
  // administrator account, reached from a CI or tooling account): it lists the accounts and assumes
  // each account's role. Without this it was dropped and the caller's own identity did both.
  let caller: AwsCredentials | undefined;
  if (callerRole) {
    try {
      caller = await assumeRole(base, callerRole, counter);
    } catch (error) {
      return { findings: [], errors: [{ file: "aws:sts:AssumeRole", message: `no account audited: ${explainAwsError(error, "AssumeRole")} (role ${callerRole})` }], inputs: 0 };
    }
  }
  let accounts: Account[];
  try {
    accounts = await listAccounts(base, counter, caller);
  } catch (error) {
    return { findings: [], errors: [{ file: "organizations:ListAccounts", message: explainAwsError(error, "ListAccounts") }], inputs: 0 };
  }
  const listed = accounts.filter((a) => a.Id);
  const active = listed.filter((a) => !UNUSABLE_STATES.has(stateOf(a)));
  const unusable = listed.filter((a) => UNUSABLE_STATES.has(stateOf(a)));
  const named = (list: Account[]): string => list.map((a) => `${a.Id as string}${a.Name ? ` (${a.Name})` : ""} ${stateOf(a)}`).join(", ");
  // An organization always lists its management account: nothing to audit means nothing was read, never a clean organization.
  if (active.length === 0) {
    const message = `no account audited: ListAccounts listed ${accounts.length} account${accounts.length === 1 ? "" : "s"}, none in a state that can be audited${unusable.length ? ` (${named(unusable)})` : ""}`;
    return { findings: [], errors: [{ file: "organizations:ListAccounts", message }], inputs: 0 };
  }
  let done = 0;
  const reports = await mapBounded(active, options.concurrency ?? 4, async (account): Promise<Report> => {
    const id = account.Id as string;
    const label = `account ${id}${account.Name ? ` (${account.Name})` : ""}`;
    const roleArn = `arn:aws:iam::${id}:role/${options.roleName}`;
    let report: Report;
    try {
      const session = await openSession({ ...base, roleArn }, counter, caller);
      try {
        report = (await auditAccount(session, policy, catalogue, `aws:${id}`)).report;
      } finally {
        closeSession(session);
      }
      report.findings = report.findings.map((f) => ({ ...f, message: `[${label}] ${f.message}`, evidence: [...f.evidence, { note: `account ${id}` }] }));
    } catch (error) {
      // The management account gets none of the roles AWS provisions in member accounts
      // (OrganizationAccountAccessRole, AWSControlTowerExecution, service-managed StackSets' stacks):
      // an ordinary setup fails here; the error stays (that account is not audited) and says why.
      const management = managementAccountOf(account) === id
        ? `; it is the organization's management account, where AWS creates no member-account role (Organizations, Control Tower and service-managed StackSets leave it out): create ${options.roleName} there too, or audit it by itself (agent-guardrail audit, signed in to it)`
        : "";
      report = { findings: [], errors: [{ file: `aws:${id}:sts:AssumeRole`, message: `${label} not audited: ${explainAwsError(error, "AssumeRole")} (role ${roleArn})${management}` }], inputs: 0 };
    }
    progress?.(`accounts: ${++done}/${active.length}`);
    return report;
  });
  const merged = mergeReports(reports);
  const skipped = named(unusable);
  merged.notes = [
    ...(merged.notes ?? []),
    `organization: ${active.length} account${active.length === 1 ? "" : "s"} audited of ${accounts.length} listed, ${reports.filter((r) => r.errors.length === 0).length} without errors${skipped ? `; not audited, unusable by their state: ${skipped}` : ""}`,
  ];
  return merged;
}
