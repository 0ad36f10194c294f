/**
 * Who is an agent, and who asked it, on GitHub: logins (normalized: lower case, no `[bot]`),
 * emails, author names, Co-authored-by trailers, attribution markers and requester records.
 */
import { matchesAny } from "../glob.js";
import type { AgentSignals } from "../policy.js";
import type { Person, PullFacts } from "./facts.js";

export const normalizeLogin = (login: string): string => login.toLowerCase().replace(/\[bot\]$/, "");

export function isAgentLogin(login: string, agents: AgentSignals): boolean {
  return matchesAny(agents.logins, normalizeLogin(login));
}

export function isAgentEmail(email: string, agents: AgentSignals): boolean {
  return email !== "" && matchesAny(agents.emails, email);
}

export function isAgentPerson(p: Person, agents: AgentSignals): boolean {
  return (p.login !== null && isAgentLogin(p.login, agents)) || isAgentEmail(p.email, agents) || (p.name !== "" && matchesAny(agents.names, p.name));
}

/** GitHub's no-reply addresses carry the login: `123+login@users.noreply.github.com`. */
export function loginFromEmail(email: string): string | undefined {
  const m = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/i.exec(email);
  return m?.[1] ? normalizeLogin(m[1]) : undefined;
}

export interface CoAuthor {
  name: string;
  email: string;
  sha: string;
}

export function coAuthors(facts: PullFacts): CoAuthor[] {
  const out: CoAuthor[] = [];
  for (const c of facts.commits) {
    for (const m of c.message.matchAll(/^co-authored-by:\s*(.*?)\s*<([^>]+)>\s*$/gim)) out.push({ name: m[1] ?? "", email: m[2] ?? "", sha: c.sha });
  }
  return out;
}

function markerRegexps(agents: AgentSignals): RegExp[] {
  return agents.markers.map((m) => new RegExp(m, "im"));
}

export interface AgentSignal {
  strong: boolean;
  reason: string;
  commitSha?: string;
}

/** Every sign that an agent wrote the PR; weak ones (branch, label) count only beside a strong one. */
export function agentSignals(facts: PullFacts, agents: AgentSignals): AgentSignal[] {
  const out: AgentSignal[] = [];
  if (isAgentLogin(facts.author.login, agents)) out.push({ strong: true, reason: `opened by agent ${facts.author.login}` });
  const markers = markerRegexps(agents);
  const marked = (text: string) => markers.find((re) => re.test(text));
  for (const c of facts.commits) {
    for (const [role, p] of [["author", c.author], ["committer", c.committer]] as const) {
      if (isAgentPerson(p, agents)) out.push({ strong: true, reason: `commit ${c.sha.slice(0, 7)} ${role} ${p.login ?? p.name} <${p.email}> is an agent`, commitSha: c.sha });
    }
    const marker = marked(c.message);
    if (marker) out.push({ strong: true, reason: `commit ${c.sha.slice(0, 7)} carries the agent marker /${marker.source}/`, commitSha: c.sha });
  }
  for (const co of coAuthors(facts)) {
    const login = loginFromEmail(co.email);
    if (isAgentEmail(co.email, agents) || (login !== undefined && isAgentLogin(login, agents)) || matchesAny(agents.names, co.name)) {
      out.push({ strong: true, reason: `commit ${co.sha.slice(0, 7)} is co-authored by agent ${co.name} <${co.email}>`, commitSha: co.sha });
    }
  }
  const bodyMarker = marked(facts.body);
  if (bodyMarker) out.push({ strong: true, reason: `the PR body carries the agent marker /${bodyMarker.source}/` });
  const prefix = agents.weak.branchPrefixes.find((p) => facts.headRef.startsWith(p));
  if (prefix) out.push({ strong: false, reason: `branch ${facts.headRef} starts with ${prefix}` });
  for (const label of facts.labels) if (matchesAny(agents.weak.labels, label)) out.push({ strong: false, reason: `label "${label}"` });
  return out;
}

/** Humans recorded as having asked the agent for this change: logins (normalized) and emails. */
export function requesters(facts: PullFacts, agents: AgentSignals): { logins: Set<string>; emails: Set<string> } {
  const logins = new Set<string>();
  const emails = new Set<string>();
  const texts = [facts.body, ...facts.commits.map((c) => c.message)];
  for (const source of agents.requesterPatterns) {
    const re = new RegExp(source, "gim");
    for (const text of texts) {
      for (const m of text.matchAll(re)) {
        if (m.groups?.["login"]) logins.add(normalizeLogin(m.groups["login"]));
        if (m.groups?.["email"]) emails.add(m.groups["email"].toLowerCase());
      }
    }
  }
  return { logins, emails };
}
