import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  auditAccount
} from "./chunk-LQDVUKV6.js";
import "./chunk-5WQ6HDOQ.js";
import "./chunk-AECFORZA.js";
import "./chunk-ERERLVZB.js";
import {
  closeSession,
  explainAwsError,
  openSession,
  organizationsClient
} from "./chunk-6AEDFH4L.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-RS5OFJDG.js";
import {
  mergeReports
} from "./chunk-2V7FNPSS.js";
import "./chunk-IE2V5DSZ.js";
import "./chunk-CZPWBJK5.js";
import "./chunk-ZKYDBKFZ.js";
import "./chunk-QI6GDGWH.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";

// src/aws/organization.ts
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
async function listAccounts(options, counter) {
  const client = organizationsClient(options, counter);
  try {
    const accounts = [];
    let token;
    do {
      const page = await client.send(new ListAccountsCommand(token ? { NextToken: token } : {}));
      accounts.push(...page.Accounts ?? []);
      token = page.NextToken;
    } while (token);
    return accounts;
  } finally {
    client.destroy();
  }
}
async function mapBounded(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
async function auditOrganization(options, policy, catalogue, counter, progress) {
  let accounts;
  try {
    accounts = await listAccounts(options, counter);
  } catch (error) {
    return { findings: [], errors: [{ file: "organizations:ListAccounts", message: explainAwsError(error, "ListAccounts") }], inputs: 0 };
  }
  const active = accounts.filter((a) => a.Id && (a.Status ?? a.State ?? "ACTIVE") === "ACTIVE");
  let done = 0;
  const reports = await mapBounded(active, options.concurrency ?? 4, async (account) => {
    const id = account.Id;
    const label = `account ${id}${account.Name ? ` (${account.Name})` : ""}`;
    const roleArn = `arn:aws:iam::${id}:role/${options.roleName}`;
    const { roleArn: _ignored, ...base } = options;
    void _ignored;
    let report;
    try {
      const session = await openSession({ ...base, roleArn }, counter);
      try {
        report = (await auditAccount(session, policy, catalogue, `aws:${id}`)).report;
      } finally {
        closeSession(session);
      }
      report.findings = report.findings.map((f) => ({ ...f, message: `[${label}] ${f.message}`, evidence: [...f.evidence, { note: `account ${id}` }] }));
    } catch (error) {
      report = { findings: [], errors: [{ file: `aws:${id}:sts:AssumeRole`, message: `${label} not audited: ${explainAwsError(error, "AssumeRole")} (role ${roleArn})` }], inputs: 0 };
    }
    progress?.(`accounts: ${++done}/${active.length}`);
    return report;
  });
  const merged = mergeReports(reports);
  merged.notes = [...merged.notes ?? [], `organization: ${active.length} active account${active.length === 1 ? "" : "s"} of ${accounts.length} listed, ${reports.filter((r) => r.errors.length === 0).length} audited without errors`];
  return merged;
}
export {
  auditOrganization,
  listAccounts,
  mapBounded
};
