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

/**
 * Whether a push brought nothing but one merge proven clean on top of the branch's previous head
 * ("Update branch": its first parent is the push's `before`, its second a commit of no pull
 * request's own, the base's). A clean merge of another branch that holds commits of the PR
 * (its second parent one of them) brought those commits too. Parents not recorded: not proven.
 */
function onlyCleanMerge(facts: PullFacts, p: Push, prCommits: ReadonlySet<string>): boolean {
  if (!(facts.cleanMerges ?? []).includes(p.after)) return false;
  const parents = facts.cleanMergeParents?.[p.after];
  return parents !== undefined && parents.length === 2 && parents[0] === p.before && !prCommits.has(parents[1] ?? "");
}

export interface Provenance {
  /** An agent pushed commits of the PR, or opened it through its app. */
  signals: AgentSignal[];
  /** Why who pushed (or which app opened the PR) is unknown. */
  unknown: string[];
  /**
   * Who pushed commits of the PR (or ones a force push took out of it) into its branch, and how:
   * on an agent's PR they took the agent's work into it, as its author would, so they cannot be
   * its independent reviewer (GitHub's own "approval of the most recent reviewable push" rule
   * excludes the pusher too). Whoever pushed only a clean merge of the base ("Update branch")
   * brought nothing of the change.
   */
  pushers: { login: string; why: string }[];
  /**
   * Why a push of the PR's commits cannot be attributed: the record was not readable, or holds no
   * push of a commit on the way to the head. Any approver may have made it. Empty when the record
   * was never read (`pushes` and `provenanceUnread` absent), and for a push by a deleted account,
   * which can approve nothing.
   */
  pushersUnknown: string[];
}

/** What the push record and the opening app say about who wrote the pull request. */
export function provenance(facts: PullFacts, agents: AgentSignals): Provenance {
  const signals: AgentSignal[] = [];
  const unknown = [...(facts.provenanceUnread ?? [])];
  const pushers: Provenance["pushers"] = [];
  const pushersUnknown = [...unknown];
  const app = facts.openedViaApp;
  if (app && isAgentLogin(app.slug, agents)) {
    signals.push({ strong: true, reason: `opened by ${facts.author.login} through the agent app ${app.slug} (${app.name}), as GitHub records it (performed_via_github_app)` });
  }
  if (facts.pushes === undefined) return { signals, unknown, pushers, pushersUnknown };
  // Every push that built the head must be on record; a force push ends that chain (what it
  // replaced is read below, as far as the record goes, like the replaced commits themselves).
  const { chain, missing } = pushChain(facts.pushes, facts.headSha, new Set(facts.commits.map((c) => c.sha)));
  if (missing !== undefined) {
    const why = `GitHub's repository activity records no push that set ${facts.headRef} to ${short(missing)}: who pushed it is unknown`;
    unknown.push(why);
    pushersUnknown.push(why);
  }
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
    if (!onlyCleanMerge(facts, p, known)) pushers.push({ login: p.actor.login, why: `pushed ${short(p.after)} to ${facts.headRef} (${p.kind} ${short(p.before)}→${short(p.after)} at ${p.at}): whoever pushes the change into the pull request cannot be its independent reviewer` });
  }
  return { signals, unknown: [...new Set(unknown)], pushers, pushersUnknown: [...new Set(pushersUnknown)] };
}
