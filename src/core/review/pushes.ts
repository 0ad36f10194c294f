/**
 * What GitHub records about a pull request that no committer can write: who pushed its commits
 * (the account GitHub authenticated for each update of the head branch) and the GitHub App it was
 * opened through under a person's account. An agent's token can push commits whose author and
 * committer are a person's, without a trailer; an agent's app can open a PR as the person who
 * asked. Either makes the PR an agent's, whatever its commits say.
 */
import type { AgentSignals } from "../policy.js";
import { isAgentLogin } from "./agents.js";
import type { AgentSignal } from "./agents.js";
import type { Push, PullFacts } from "./facts.js";
import { compareText } from "../sorted.js";

const short = (sha: string) => sha.slice(0, 7);

/** Newest first by GitHub's time (stable: the API's own order breaks ties). */
export function newestFirst(pushes: readonly Push[]): Push[] {
  return pushes.map((p, i) => ({ p, i })).sort((a, b) => compareText(b.p.at, a.p.at) || a.i - b.i).map(({ p }) => p);
}

/**
 * The pushes that built `head`: the newest push that set the branch to it, then the newest older
 * one that set it to that push's `before`, and so on while `before` is one of `known` (a commit of
 * the pull request). `missing`: a commit of that chain no recorded push set the branch to.
 */
export function pushChain(pushes: readonly Push[], head: string, known: ReadonlySet<string>): { chain: Push[]; missing?: string } {
  const ordered = newestFirst(pushes);
  const chain: Push[] = [];
  let sha = head;
  let from = 0;
  for (;;) {
    let i = from;
    while (i < ordered.length && ordered[i]?.after !== sha) i++;
    const found = ordered[i];
    if (!found) return { chain, missing: sha };
    chain.push(found);
    if (!known.has(found.before)) return { chain };
    sha = found.before;
    from = i + 1;
  }
}

export interface Provenance {
  /** An agent pushed commits of the PR, or opened it through its app. */
  signals: AgentSignal[];
  /** Why who pushed (or which app opened the PR) is unknown. */
  unknown: string[];
}

/** What the push record and the opening app say about who wrote the pull request. */
export function provenance(facts: PullFacts, agents: AgentSignals): Provenance {
  const signals: AgentSignal[] = [];
  const unknown = [...(facts.provenanceUnread ?? [])];
  const app = facts.openedViaApp;
  if (app && isAgentLogin(app.slug, agents)) {
    signals.push({ strong: true, reason: `opened by ${facts.author.login} through the agent app ${app.slug} (${app.name}), as GitHub records it (performed_via_github_app)` });
  }
  if (facts.pushes === undefined) return { signals, unknown };
  // Every push that built the head must be on record; a force push ends that chain (what it
  // replaced is read below, as far as the record goes, like the replaced commits themselves).
  const { chain, missing } = pushChain(facts.pushes, facts.headSha, new Set(facts.commits.map((c) => c.sha)));
  if (missing !== undefined) unknown.push(`GitHub's repository activity records no push that set ${facts.headRef} to ${short(missing)}: who pushed it is unknown`);
  // Whoever set the branch to a commit of the PR, or to one a force push took out of it, pushed the change too.
  const known = new Set([...facts.commits, ...(facts.replacedCommits ?? [])].map((c) => c.sha));
  const relevant = new Set([...chain, ...facts.pushes.filter((p) => known.has(p.after))]);
  for (const p of newestFirst([...relevant])) {
    if (p.actor === null) {
      if (chain.includes(p)) unknown.push(`${short(p.after)} was pushed by an account GitHub no longer has (${p.kind} at ${p.at})`);
      continue;
    }
    if (isAgentLogin(p.actor.login, agents)) {
      signals.push({ strong: true, reason: `commit ${short(p.after)} was pushed by agent ${p.actor.login} (${p.kind} ${short(p.before)}→${short(p.after)} at ${p.at}), whatever its commits say`, commitSha: p.after });
    }
  }
  return { signals, unknown: [...new Set(unknown)] };
}
