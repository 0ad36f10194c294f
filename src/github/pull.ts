/**
 * The fetching adapter (app and `review --repo` alike): a pull request → PullFacts, with ONE
 * GraphQL query for a typical PR (author, labels, files, commits with author/committer emails and
 * logins, reviews with their commit and whether the reviewer can push, other open PRs on the same
 * head, this app's check runs on the head). Extra requests only when needed: further pages, old
 * paths of renamed files (GraphQL does not expose them), team memberships when `approverTeams` is
 * set. Completeness is reported honestly: `filesComplete`/`commitsComplete` false when truncated.
 */
import type { Actor, CommitSignature, Permission, Person, PullFacts, ReviewState, Trigger } from "../core/review/facts.js";
import type { ChangedFile, ExistingRun, GitHubApi } from "./checks/types.js";
import { compareText } from "../core/sorted.js";
import { mergesToProve, provenCleanMerges } from "./merges.js";

const PAGE = 100;
const MAX_FILE_PAGES = 30; // GitHub lists at most 3,000 files of a pull request
const MAX_COMMIT_PAGES = 10;
const MAX_REVIEW_PAGES = 20;
const MAX_TIMELINE_PAGES = 20;
/** Linked issues read per PR (a PR that closes more is unusual; more fails closed). */
const MAX_CLOSING_ISSUES = 10;
/** Issues a PR's bodies once closed but no longer links, read in one query (more fails closed). */
const MAX_UNLINKED_ISSUES = 50;
/** Edited comments, reviews and issues whose history is read, per query (the `nodes` limit). */
const EDITED_PER_QUERY = 100;
/** Open pull requests listed to find the ones sharing a head: at most 3,000 (more fails closed). */
const MAX_OPEN_PULL_PAGES = 30;

export interface FetchedPull {
  facts: PullFacts;
  files: ChangedFile[];
  /** The base commit GitHub recorded (`baseRefOid`): the base branch's tip when the PR was opened, not moved since. */
  baseSha: string;
  /**
   * The base branch's tip now (`baseRef.target.oid`; `baseSha` when GitHub no longer returns the
   * branch): what the PR merges into, whose project folders make a path infrastructure.
   */
  baseTip: string;
  state: string;
  /** The base branch holds `.github/agent-guardrail.yaml`, a name the app does not read (an error). */
  unreadConfigOnBase: boolean;
  /**
   * `.github/agent-guardrail.yml` at `baseTip` as the facts query returned it: its text, null when
   * the base has no such file, undefined when the query did not give it whole (read by REST then).
   */
  configOnBase?: string | null;
  /**
   * The heads force pushes replaced, newest first (GitHub no longer holding one: left out). Their
   * commits are read into `facts.replacedCommits` when the pull request touches infrastructure.
   */
  replacedHeads: string[];
  /** Other OPEN pull requests whose head is the same commit: they share its check runs. */
  sameHead: number[];
  /** The repository the head branch lives in (a fork's; null: deleted since; undefined: not returned, the base's). */
  headRepo?: { owner: string; name: string } | null;
  /** This app's check runs on the head commit, by name (only when an appId was given). */
  checkRuns: Map<string, ExistingRun>;
  /**
   * The facts version: the latest time GitHub recorded a change of what the decision reads (review,
   * dismissal, base change, force push, body edit, comment, label, assignment). Never a commit's
   * date, which its committer chooses. An evaluation never overwrites a check run written from a
   * newer version (several instances).
   */
  version: string;
}

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
interface GqlPerson {
  name: string | null;
  email: string | null;
  user: { login: string } | null;
}
interface GqlCommit {
  commit: {
    oid: string;
    message: string;
    author: GqlPerson | null;
    committer: GqlPerson | null;
    signature?: { isValid: boolean; signer: { login: string } | null } | null;
    /** The git author, then each Co-authored-by address, as GitHub links them to accounts. */
    authors?: { nodes: (GqlPerson | null)[] } | null;
    parents?: { totalCount: number; nodes: { oid: string }[] } | null;
  };
}
/** A timeline record of the PR or of an issue it closes (only the fields of its type are set). */
interface GqlTimelineItem {
  __typename: string;
  id?: string;
  createdAt?: string;
  lastEditedAt?: string | null;
  actor?: { login: string } | null;
  author?: { login: string } | null;
  assignee?: { login?: string } | null;
  label?: { name: string } | null;
  body?: string;
  deletedCommentAuthor?: { login: string } | null;
  previousTitle?: string;
  currentTitle?: string;
  subject?: { number?: number } | null;
  beforeCommit?: { oid: string } | null;
}
/** A text someone wrote that can command an agent: a comment, a review, an inline review comment, an issue. */
interface GqlText {
  id?: string;
  createdAt?: string | null;
  lastEditedAt?: string | null;
  author?: { login: string } | null;
  body?: string | null;
}
interface GqlTimeline {
  totalCount: number;
  pageInfo: PageInfo;
  nodes: GqlTimelineItem[];
}
interface GqlReview {
  databaseId: number | null;
  id?: string;
  lastEditedAt?: string | null;
  /** Inline comments of the review (a reply in a thread is a review of its own). */
  comments?: { totalCount: number; nodes: GqlText[] } | null;
  body?: string | null;
  state: string;
  submittedAt: string | null;
  authorCanPushToRepository: boolean;
  author: { login: string; __typename: string; databaseId?: number | null } | null;
  commit: { oid: string } | null;
}
/** An issue the PR closes: its text (`@claude` in an issue's title or body starts claude-code-action) and timeline. */
interface GqlIssue extends GqlText {
  number: number;
  title?: string;
  timelineItems: GqlTimeline | null;
}
interface GqlFile {
  path: string;
  changeType: string;
}
interface GqlPull {
  number: number;
  state: string;
  title: string;
  body: string;
  headRefName: string;
  headRefOid: string;
  /** Where the head branch lives (a fork's own repository); null: deleted since. */
  headRepository?: { name: string; owner: { login: string } } | null;
  baseRefName: string;
  baseRefOid: string;
  changedFiles: number;
  lastEditedAt?: string | null;
  author: { login: string; __typename: string } | null;
  labels: { pageInfo?: PageInfo; nodes: { name: string }[] } | null;
  baseRef?: { target: { oid?: string; unreadConfig?: { oid: string } | null; config?: GqlConfigEntry | null } | null } | null;
  userContentEdits?: { totalCount: number; nodes: Revision[] } | null;
  timelineItems?: GqlTimeline | null;
  closingIssuesReferences?: { totalCount: number; nodes: GqlIssue[] } | null;
  files: { pageInfo: PageInfo; nodes: GqlFile[] } | null;
  commits: { totalCount: number; pageInfo: PageInfo; nodes: GqlCommit[] };
  reviews: { totalCount: number; pageInfo: PageInfo; nodes: GqlReview[] } | null;
  head?: {
    nodes: {
      commit: {
        oid: string;
        associatedPullRequests: { pageInfo?: PageInfo; nodes: { number: number; state: string; headRefOid: string }[] } | null;
        checkSuites?: {
          nodes: { checkRuns: { nodes: { databaseId: number; name: string; status?: string; conclusion?: string | null; annotations: { totalCount: number } | null }[] } | null }[];
        } | null;
      };
    }[];
  };
}

/**
 * Every open pull request with its head, oldest first (a PR opened while the pages are read comes
 * last, so none is skipped). GitHub links a fork's commit to no pull request of the base
 * repository (`associatedPullRequests` and `GET /commits/{sha}/pulls` return none for it), so a
 * fork PR sharing a head is found only by listing.
 */
const OPEN_PULLS = "openPulls: pullRequests(states: OPEN, first: 100, after: $openPulls, orderBy: { field: CREATED_AT, direction: ASC }) { totalCount pageInfo { hasNextPage endCursor } nodes { number headRefOid } }";
const OPEN_PULLS_QUERY = `query OpenPullHeads($owner: String!, $name: String!, $openPulls: String) { repository(owner: $owner, name: $name) { ${OPEN_PULLS} } }`;

interface OpenPullsPage {
  totalCount: number;
  pageInfo: PageInfo;
  nodes: { number: number; headRefOid: string }[];
}

/**
 * The open pull requests whose head is `sha`, read from the list of every open pull request
 * (`first`: its first page, when a query already brought it). Every one, or it throws.
 */
export async function listOpenPullsWithHead(api: GitHubApi, owner: string, name: string, sha: string, first?: OpenPullsPage | null): Promise<number[]> {
  const numbers: number[] = [];
  let page = first;
  let after: string | null = null;
  for (let read = 0; ; read++) {
    if (page === undefined) {
      const data: { repository: { openPulls?: OpenPullsPage | null } | null } = await api.graphql(OPEN_PULLS_QUERY, { owner, name, openPulls: after });
      if (!data.repository) throw new IncompleteDataError(`${owner}/${name} not found: cannot list the open pull requests that could share ${sha.slice(0, 7)} (fail closed)`);
      page = data.repository.openPulls;
    }
    if (!page) throw new IncompleteDataError(`GitHub returned no list of open pull requests: cannot find every one that shares ${sha.slice(0, 7)} (fail closed)`);
    numbers.push(...page.nodes.filter((p) => p.headRefOid === sha).map((p) => p.number));
    if (!page.pageInfo.hasNextPage) return numbers;
    if (read + 1 >= MAX_OPEN_PULL_PAGES) break;
    after = page.pageInfo.endCursor;
    page = undefined;
  }
  throw new IncompleteDataError(`more than ${MAX_OPEN_PULL_PAGES * PAGE} open pull requests: cannot find every one that shares ${sha.slice(0, 7)} (fail closed)`);
}

const PERSON = "name email user { login }";
/**
 * A commit's authors read (the git author and its co-authors): GitHub's link of a co-author's
 * address to an account. One past these is read as unlinked by the rule (fail closed), never as
 * nobody.
 */
const MAX_AUTHORS = 20;
const FILES = "files(first: 100, after: $files) { pageInfo { hasNextPage endCursor } nodes { path changeType } }";
const COMMITS = `commits(first: 100, after: $commits) { totalCount pageInfo { hasNextPage endCursor } nodes { commit { oid message author { ${PERSON} } committer { ${PERSON} } authors(first: ${MAX_AUTHORS}) { nodes { ${PERSON} } } signature { isValid signer { login } } parents(first: 2) { totalCount nodes { oid } } } } }`;
/** The text fields of a comment, review or issue: its author, and whether it was edited (its history is read then). */
const TEXT = "id createdAt lastEditedAt author { login } body";
const REVIEWS = `reviews(first: 100, after: $reviews) { totalCount pageInfo { hasNextPage endCursor } nodes { databaseId id lastEditedAt body state submittedAt authorCanPushToRepository author { login __typename ... on User { databaseId } } commit { oid }
  comments(first: 100) { totalCount nodes { ${TEXT} } } } }`;
/** Who asked an agent on an issue or a PR: assignments, labels, comments (deleted ones too), renamed titles. */
const ASKED = `__typename
  ... on AssignedEvent { createdAt actor { login } assignee { ... on User { login } ... on Bot { login } ... on Mannequin { login } } }
  ... on LabeledEvent { createdAt actor { login } label { name } }
  ... on IssueComment { ${TEXT} }
  ... on CommentDeletedEvent { createdAt actor { login } deletedCommentAuthor { login } }
  ... on RenamedTitleEvent { createdAt actor { login } previousTitle currentTitle }`;
/**
 * The PR's own records besides: base changes, dismissals, issues linked and unlinked by hand, the
 * heads force pushes replaced (their commits may be an agent's, rewritten as a person's). Only
 * in the PR's timeline: an issue's timeline union has no such members, and GitHub rejects the
 * whole query for a fragment on a type its union cannot hold.
 */
const TIMELINE_ITEM = `${ASKED}
  ... on BaseRefChangedEvent { createdAt }
  ... on ReviewDismissedEvent { createdAt }
  ... on ConnectedEvent { createdAt subject { ... on Issue { number } } }
  ... on DisconnectedEvent { createdAt subject { ... on Issue { number } } }
  ... on HeadRefForcePushedEvent { createdAt beforeCommit { oid } }`;
const TIMELINE = `timelineItems(first: 100, after: $timeline, itemTypes: [BASE_REF_CHANGED_EVENT, REVIEW_DISMISSED_EVENT, ASSIGNED_EVENT, LABELED_EVENT, ISSUE_COMMENT, COMMENT_DELETED_EVENT, CONNECTED_EVENT, DISCONNECTED_EVENT, HEAD_REF_FORCE_PUSHED_EVENT])  { totalCount pageInfo { hasNextPage endCursor } nodes { ${TIMELINE_ITEM} } }`;
const ISSUE_FIELDS = `number title ${TEXT}
  timelineItems(first: 100, itemTypes: [ASSIGNED_EVENT, LABELED_EVENT, ISSUE_COMMENT, COMMENT_DELETED_EVENT, RENAMED_TITLE_EVENT]) { totalCount pageInfo { hasNextPage endCursor } nodes { ${ASKED} } }`;
const CLOSING_ISSUES = `closingIssuesReferences(first: ${MAX_CLOSING_ISSUES}) { totalCount nodes { ${ISSUE_FIELDS} } }`;

/**
 * "Fixes #12" (GitHub's closing keywords): read in every revision of the body,
 * so an edit that unlinks the issue an agent was asked on does not hide who asked. Linear: one
 * quantifier between keyword and number.
 */
const CLOSING_REF = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?[ \t]+#(\d{1,9})\b/gi;

/** An edit's text, who made it, and who deleted it from the history (its `diff` is null then). */
const REVISION = "diff editedAt editor { login } deletedAt deletedBy { login }";
/** Earlier revisions of edited texts, by node id (one query per 100; each revision names its editor). */
const EDITS_QUERY = `query TextEdits($ids: [ID!]!) { nodes(ids: $ids) { ... on Comment { id userContentEdits(first: 100) { totalCount nodes { ${REVISION} } } } } }`;

export const PULL_QUERY = `query PullFacts($owner: String!, $name: String!, $number: Int!, $files: String, $commits: String, $reviews: String, $timeline: String, $openPulls: String, $appId: Int, $withChecks: Boolean!) {
  repository(owner: $owner, name: $name) {
    ${OPEN_PULLS}
    pullRequest(number: $number) {
      number state title body headRefName headRefOid baseRefName baseRefOid changedFiles lastEditedAt
      headRepository { name owner { login } }
      author { login __typename }
      labels(first: 100) { pageInfo { hasNextPage endCursor } nodes { name } }
      baseRef { target { ... on Commit { oid unreadConfig: file(path: ".github/agent-guardrail.yaml") { oid } config: file(path: ".github/agent-guardrail.yml") { mode object { ... on Blob { text isBinary isTruncated } } } } } }
      userContentEdits(first: 100) { totalCount nodes { ${REVISION} } }
      ${FILES}
      ${COMMITS}
      ${REVIEWS}
      ${TIMELINE}
      ${CLOSING_ISSUES}
      head: commits(last: 1) { nodes { commit { oid
        associatedPullRequests(first: 100) { pageInfo { hasNextPage endCursor } nodes { number state headRefOid } }
        checkSuites(first: 20, filterBy: { appId: $appId }) @include(if: $withChecks) { nodes { checkRuns(first: 50, filterBy: { checkType: LATEST }) { nodes { databaseId name status conclusion annotations { totalCount } } } } }
      } } }
    }
  }
}`;

/** The next page of one connection: it declares only its own cursor (GitHub rejects a declared, unused variable). */
const pageQuery = (connection: string, cursor: "files" | "commits" | "reviews" | "timeline") => `query PullFactsPage($owner: String!, $name: String!, $number: Int!, $${cursor}: String) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) { headRefOid ${connection} } }
}`;

export class IncompleteDataError extends Error {
  override name = "IncompleteDataError";
}

const ACTOR_TYPES = new Set(["User", "Bot", "Organization"]);

/** GraphQL __typename → Actor type; anything else (Mannequin, EnterpriseUserAccount) is no User. */
function actor(a: { login: string; __typename: string } | null): Actor {
  if (!a) return { login: "ghost", type: "Bot" };
  return { login: a.login, type: (ACTOR_TYPES.has(a.__typename) ? a.__typename : "Bot") as Actor["type"] };
}

function person(p: GqlPerson | null): Person {
  return { name: p?.name ?? "", email: p?.email ?? "", login: p?.user?.login ?? null };
}

/** A commit as the facts hold it; GitHub's list of its authors only when a co-author is on it. */
function commitOf(c: GqlCommit): PullFacts["commits"][number] {
  const authors = (c.commit.authors?.nodes ?? []).map(person);
  return { sha: c.commit.oid, message: c.commit.message, author: person(c.commit.author), committer: person(c.commit.committer), ...(authors.length > 1 ? { authors } : {}) };
}

const STATUS: Record<string, ChangedFile["status"]> = {
  ADDED: "added",
  DELETED: "removed",
  MODIFIED: "modified",
  RENAMED: "renamed",
  COPIED: "copied",
  CHANGED: "changed",
};

async function queryRepository(api: GitHubApi, text: string, variables: Record<string, unknown>): Promise<{ pull: GqlPull; openPulls: OpenPullsPage | null }> {
  const data = await api.graphql<{ repository: { pullRequest: GqlPull | null; openPulls?: OpenPullsPage | null } | null }>(text, variables);
  const pull = data.repository?.pullRequest;
  if (!pull) throw new Error(`pull request ${String(variables["owner"])}/${String(variables["name"])}#${String(variables["number"])} not found`);
  return { pull, openPulls: data.repository?.openPulls ?? null };
}

async function query(api: GitHubApi, text: string, variables: Record<string, unknown>): Promise<GqlPull> {
  return (await queryRepository(api, text, variables)).pull;
}

export interface FetchOptions {
  /** The app's id: also fetch this app's check runs on the head (idempotent updates). */
  appId?: number;
  /** Slugs (or "org/slug") of the approver teams: fetch each reviewer's memberships. */
  approverTeams?: string[];
  /** false: do not list every open pull request to find those sharing the head (`sameHead` then holds only those GitHub links to the head commit). */
  sameHead?: boolean;
}

export async function fetchPull(api: GitHubApi, owner: string, name: string, number: number, options: FetchOptions = {}): Promise<FetchedPull> {
  const vars = { owner, name, number };
  const { pull: first, openPulls } = await queryRepository(api, PULL_QUERY, { ...vars, openPulls: null, appId: options.appId ?? null, withChecks: options.appId !== undefined });
  /**
   * A further page, of the same head as the first answer: a push between two queries gives the
   * next page of the new head's lists, and glued to the first page they are neither head's (an
   * agent's commit or an infrastructure file of the head judged can fall out). The push's own
   * event evaluates the new head.
   */
  const nextPage = async (connection: string, cursor: "files" | "commits" | "reviews" | "timeline", after: string | null): Promise<GqlPull> => {
    const next = await query(api, pageQuery(connection, cursor), { ...vars, [cursor]: after });
    if (next.headRefOid !== first.headRefOid) {
      throw new IncompleteDataError(`the head moved from ${first.headRefOid.slice(0, 7)} to ${typeof next.headRefOid === "string" ? next.headRefOid.slice(0, 7) : "a head GitHub did not name"} while reading the pull request's ${cursor}: its pages are of two heads (fail closed); the push's own event evaluates the new head`);
    }
    return next;
  };

  const files: ChangedFile[] = [];
  const commits: GqlCommit[] = [...first.commits.nodes];
  const reviews: GqlReview[] = [...(first.reviews?.nodes ?? [])];
  files.push(...(first.files?.nodes ?? []).map((f) => ({ path: f.path, status: STATUS[f.changeType] ?? "changed" })));

  let filesPage = first.files?.pageInfo;
  for (let page = 1; filesPage?.hasNextPage && page < MAX_FILE_PAGES; page++) {
    const next = await nextPage(FILES, "files", filesPage.endCursor);
    files.push(...(next.files?.nodes ?? []).map((f) => ({ path: f.path, status: STATUS[f.changeType] ?? "changed" })));
    filesPage = next.files?.pageInfo;
  }
  let commitsPage = first.commits.pageInfo;
  for (let page = 1; commitsPage.hasNextPage && page < MAX_COMMIT_PAGES; page++) {
    const next = await nextPage(COMMITS, "commits", commitsPage.endCursor);
    commits.push(...next.commits.nodes);
    commitsPage = next.commits.pageInfo;
  }
  let reviewsPage = first.reviews?.pageInfo;
  for (let page = 1; reviewsPage?.hasNextPage && page < MAX_REVIEW_PAGES; page++) {
    const next = await nextPage(REVIEWS, "reviews", reviewsPage.endCursor);
    reviews.push(...(next.reviews?.nodes ?? []));
    reviewsPage = next.reviews?.pageInfo;
  }
  // A missing review could be the changes-request that cancels an approval: no partial verdicts.
  if (reviewsPage?.hasNextPage) throw new IncompleteDataError(`more than ${MAX_REVIEW_PAGES * PAGE} reviews: cannot read them all (fail closed)`);
  const reviewCount = first.reviews?.totalCount ?? 0;
  if (reviews.length < reviewCount) throw new IncompleteDataError(`GitHub returned ${reviews.length} of ${reviewCount} reviews (a page did not come): cannot read them all (fail closed)`);
  // The timeline holds base changes, dismissals and who asked an agent: read to its end or fail.
  if (!first.timelineItems) throw new IncompleteDataError("GitHub returned no timeline for the pull request: cannot tell who asked for it (fail closed)");
  const timeline: GqlTimelineItem[] = [...first.timelineItems.nodes];
  let timelinePage = first.timelineItems.pageInfo;
  for (let page = 1; timelinePage.hasNextPage && page < MAX_TIMELINE_PAGES; page++) {
    const next = await nextPage(TIMELINE, "timeline", timelinePage.endCursor);
    if (!next.timelineItems) throw new IncompleteDataError("a timeline page is missing (fail closed)");
    timeline.push(...next.timelineItems.nodes);
    timelinePage = next.timelineItems.pageInfo;
  }
  if (timelinePage.hasNextPage) throw new IncompleteDataError(`more than ${MAX_TIMELINE_PAGES * PAGE} timeline events: cannot read them all (fail closed)`);
  if (first.labels?.pageInfo?.hasNextPage) throw new IncompleteDataError("more than 100 labels: cannot read them all (fail closed)");
  const edits = first.userContentEdits;
  if (!edits) throw new IncompleteDataError("GitHub returned no edit history of the PR body (fail closed)");
  if (edits.totalCount > edits.nodes.length) throw new IncompleteDataError(`the PR body was edited ${edits.totalCount} times: more than ${edits.nodes.length} revisions cannot be read (fail closed)`);
  const closing = first.closingIssuesReferences;
  if (!closing) throw new IncompleteDataError("GitHub returned no linked issues for the pull request (fail closed)");
  if (closing.totalCount > closing.nodes.length) throw new IncompleteDataError(`the pull request closes ${closing.totalCount} issues: more than ${closing.nodes.length} cannot be read (fail closed)`);
  for (const issue of closing.nodes) {
    if (!issue.timelineItems || issue.timelineItems.pageInfo.hasNextPage) throw new IncompleteDataError(`the timeline of linked issue #${issue.number} is longer than ${PAGE} events: cannot read it all (fail closed)`);
  }
  // An inline review comment can command an agent ("@copilot use a GSI here"): every one is read.
  for (const r of reviews) {
    if (r.comments && r.comments.totalCount > r.comments.nodes.length) throw new IncompleteDataError(`review ${r.databaseId ?? "?"} has ${r.comments.totalCount} inline comments: more than ${r.comments.nodes.length} cannot be read (fail closed)`);
  }
  // Issues linked once and unlinked since (an earlier body's "Fixes #12", a manual link): read like the linked ones.
  const linked = new Set(closing.nodes.map((i) => i.number));
  const once = new Set<number>();
  // Bodies only: a release PR's commit messages close dozens of issues nobody asked an agent on.
  for (const text of [first.body, ...edits.nodes.map((e) => e.diff ?? "")]) for (const m of text.matchAll(CLOSING_REF)) once.add(Number(m[1]));
  for (const item of timeline) if ((item.__typename === "ConnectedEvent" || item.__typename === "DisconnectedEvent") && item.subject?.number !== undefined) once.add(item.subject.number);
  const issues = [...closing.nodes, ...(await unlinkedIssues(api, owner, name, [...once].filter((n) => !linked.has(n))))];
  const earlier = await earlierRevisions(api, [...timeline, ...issues.flatMap((i) => [i, ...(i.timelineItems?.nodes ?? [])]), ...reviews, ...reviews.flatMap((r) => r.comments?.nodes ?? [])]);

  let filesComplete = !filesPage?.hasNextPage && files.length === first.changedFiles;
  if (files.some((f) => f.status === "renamed")) filesComplete = (await addPreviousPaths(api, owner, name, number, files)) && filesComplete;
  const commitsComplete = !commitsPage.hasNextPage && commits.length === first.commits.totalCount;

  const decided = reviews.filter((r) => r.state !== "PENDING" && r.databaseId !== null && r.submittedAt !== null);
  const permissions: Record<string, Permission> = {};
  // authorCanPushToRepository is write-or-higher, which is all the rule asks; no per-user call.
  for (const r of decided) if (r.author) permissions[r.author.login] = r.authorCanPushToRepository ? "write" : "read";

  const head = first.head?.nodes[0]?.commit;
  // Another open PR on this head shares its check runs: missing one would let it inherit a pass.
  // Without the head commit (GitHub answered without it) there is no telling which ones do.
  if (!head) throw new IncompleteDataError("the head commit was not returned: cannot find the pull requests that share its check runs (fail closed)");
  if (head.associatedPullRequests?.pageInfo?.hasNextPage) throw new IncompleteDataError("more than 100 pull requests contain the head commit: cannot find every one that shares it (fail closed)");
  const linkedToHead = (head.associatedPullRequests?.nodes ?? []).filter((p) => p.state === "OPEN" && p.headRefOid === first.headRefOid).map((p) => p.number);
  // GitHub links no fork PR to the head commit: only the list of open PRs finds one sharing it.
  const listed = options.sameHead === false ? [] : await listOpenPullsWithHead(api, owner, name, first.headRefOid, openPulls);
  const sameHead = [...new Set([...linkedToHead, ...listed])].filter((n) => n !== first.number).sort((a, b) => a - b);
  const checkRuns = new Map<string, ExistingRun>();
  if (head.oid === first.headRefOid) {
    for (const suite of head.checkSuites?.nodes ?? []) {
      for (const run of suite.checkRuns?.nodes ?? []) {
        if (checkRuns.has(run.name)) continue;
        const state = run.conclusion || run.status; // the conclusion once completed, else the status
        checkRuns.set(run.name, { id: run.databaseId, annotations: run.annotations?.totalCount ?? 0, ...(state ? { state: state.toLowerCase() } : {}) });
      }
    }
  }

  const facts: PullFacts = {
    repo: `${owner}/${name}`,
    number: first.number,
    author: actor(first.author),
    headSha: first.headRefOid,
    headRef: first.headRefName,
    baseRef: first.baseRefName,
    title: first.title,
    body: first.body,
    labels: (first.labels?.nodes ?? []).map((l) => l.name),
    files: files.map((f) => ({ path: f.path, ...(f.previousPath ? { previousPath: f.previousPath } : {}) })),
    filesComplete,
    commits: commits.map(commitOf),
    commitsComplete,
    reviews: decided.map((r) => ({
      id: r.databaseId as number,
      // The account's id too: a rename changes the login, not the id a no-reply address carries.
      user: { ...actor(r.author), ...(typeof r.author?.databaseId === "number" ? { id: r.author.databaseId } : {}) },
      state: r.state as ReviewState,
      commitId: r.commit?.oid ?? "",
      submittedAt: r.submittedAt as string,
    })),
    permissions,
  };
  const history = recordsOf(first, timeline, edits.nodes, issues, reviews, earlier);
  if (history.baseChangedAt !== undefined) facts.baseChangedAt = history.baseChangedAt;
  if (history.bodyRevisions.length) facts.bodyRevisions = history.bodyRevisions;
  if (history.triggers.length) facts.triggers = history.triggers;
  const signatures = commitSignatures(commits);
  if (signatures) facts.commitSignatures = signatures;
  // "Update branch" makes its clicker a commit author: a merge proven clean does not make them a writer.
  const parents = parentsBySha(commits);
  const merges = mergesToProve(facts, parents);
  if (merges.length) {
    const clean = await provenCleanMerges(api, owner, name, merges);
    if (clean.length) {
      facts.cleanMerges = clean;
      // Which push brought only such a merge ("Update branch") is told by its parents.
      facts.cleanMergeParents = Object.fromEntries(clean.map((sha) => [sha, parents.get(sha) ?? []]));
    }
  }
  if (options.approverTeams?.length) {
    const approvers = [...new Set(facts.reviews.filter((r) => r.state === "APPROVED" && r.user.type === "User").map((r) => r.user.login))];
    facts.teams = await fetchTeams(api, owner, approvers, options.approverTeams);
  }
  const unreadConfigOnBase = Boolean(first.baseRef?.target?.unreadConfig);
  const configOnBase = configText(first.baseRef?.target);
  const replacedHeads = timeline
    .filter((t) => t.__typename === "HeadRefForcePushedEvent" && t.beforeCommit?.oid)
    .sort((a, b) => compareText(b.createdAt ?? "", a.createdAt ?? ""))
    .map((t) => t.beforeCommit?.oid ?? "");
  const baseTip = first.baseRef?.target?.oid ?? first.baseRefOid;
  const headRepo = first.headRepository === undefined ? {} : { headRepo: first.headRepository ? { owner: first.headRepository.owner.login, name: first.headRepository.name } : null };
  return { facts, files, baseSha: first.baseRefOid, baseTip, state: first.state, unreadConfigOnBase, ...(configOnBase !== undefined ? { configOnBase } : {}), replacedHeads, sameHead, checkRuns, version: history.version, ...headRepo };
}

/** `.github/agent-guardrail.yml` as the query's `file()` returned it at the base's tip. */
interface GqlConfigEntry {
  mode?: number;
  object?: { text?: string | null; isBinary?: boolean | null; isTruncated?: boolean } | null;
}

/** A regular file's mode (100644, 100755): a symlink's blob holds its target's path, not the file. */
const REGULAR_FILE = new Set([0o100644, 0o100755]);

/**
 * The config's text at the base's tip from the facts query (saving the REST read), null when the
 * base has no such file; undefined when the query did not say it whole (a symlink, a submodule,
 * a binary or truncated blob, no tip returned): the REST read decides then, as before.
 */
function configText(target: { oid?: string; config?: GqlConfigEntry | null } | null | undefined): string | null | undefined {
  if (!target?.oid || target.config === undefined) return undefined;
  if (target.config === null) return null;
  const blob = target.config.object;
  if (!REGULAR_FILE.has(target.config.mode ?? -1) || typeof blob?.text !== "string" || blob.isBinary === true || blob.isTruncated !== false) return undefined;
  return blob.text;
}

const loginOf = (a: { login?: string } | null | undefined): string | undefined => (a?.login ? a.login : undefined);

/** Base changes, earlier bodies, who asked an agent, and the facts version, from the PR's records. */
function recordsOf(
  pull: GqlPull,
  timeline: GqlTimelineItem[],
  edits: Revision[],
  issues: GqlIssue[],
  reviews: GqlReview[],
  earlier: Map<string, Revision[]>,
): { baseChangedAt?: string; bodyRevisions: string[]; triggers: Trigger[]; version: string } {
  const triggers: Trigger[] = [];
  let baseChangedAt: string | undefined;
  // GitHub's own times only: a commit's date is whatever its committer wrote (a future one would make
  // every later evaluation of the head "older facts", and no verdict could be written again).
  const times: string[] = [pull.lastEditedAt ?? ""];
  /**
   * A text that can ask an agent for work, and every earlier revision of it: an edit that removes
   * "@claude …" after the agent acted must not clear its writer. A revision is its editor's words.
   */
  const text = (t: GqlText, body: string, at: string) => {
    const who = loginOf(t.author);
    times.push(t.lastEditedAt ?? "");
    if (who) triggers.push({ login: who, kind: "comment", text: body, at });
    for (const r of t.id ? (earlier.get(t.id) ?? []) : []) {
      times.push(r.editedAt);
      const editor = loginOf(r.editor) ?? who;
      if (r.diff === null) erased(r, editor, "a comment");
      else if (editor) triggers.push({ login: editor, kind: "comment", text: r.diff, at: r.editedAt });
    }
  };
  /**
   * A revision deleted from its history can no longer be read: it may have asked the agent or named
   * who did. Whoever wrote it and whoever deleted it count as having asked, as a deleted comment's author does.
   */
  const erased = (r: Revision, writer: string | undefined, of: string) => {
    const at = r.deletedAt ?? r.editedAt;
    times.push(at);
    const deleter = loginOf(r.deletedBy);
    if (writer) triggers.push({ login: writer, kind: "deleted-comment", text: `wrote an earlier revision of ${of}, deleted since`, at });
    if (deleter) triggers.push({ login: deleter, kind: "deleted-comment", text: `deleted an earlier revision of ${of}`, at });
  };
  const read = (item: GqlTimelineItem, ofPull: boolean) => {
    const at = item.createdAt ?? "";
    times.push(at);
    switch (item.__typename) {
      case "BaseRefChangedEvent":
        if (ofPull && (baseChangedAt === undefined || at > baseChangedAt)) baseChangedAt = at;
        break;
      case "AssignedEvent": {
        const [who, whom] = [loginOf(item.actor), loginOf(item.assignee)];
        if (who && whom) triggers.push({ login: who, kind: "assignment", text: whom, at });
        break;
      }
      case "LabeledEvent": {
        const who = loginOf(item.actor);
        if (who && item.label) triggers.push({ login: who, kind: "label", text: item.label.name, at });
        break;
      }
      case "IssueComment":
        text(item, item.body ?? "", at);
        break;
      case "CommentDeletedEvent": {
        // Who wrote the deleted comment (or, when GitHub no longer says, who deleted it).
        const who = loginOf(item.deletedCommentAuthor) ?? loginOf(item.actor);
        if (who) triggers.push({ login: who, kind: "deleted-comment", text: "", at });
        break;
      }
      case "RenamedTitleEvent": {
        // An issue titled "@claude …" starts claude-code-action; a rename does not undo it.
        const who = loginOf(item.actor);
        if (who) triggers.push({ login: who, kind: "comment", text: item.currentTitle ?? "", at });
        break;
      }
    }
  };
  for (const item of timeline) read(item, true);
  for (const issue of issues) {
    // The issue's title and body (now and before each edit), as its author's request; earlier titles too.
    const words = `${issue.title ?? ""}\n${issue.body ?? ""}`;
    if (words.trim() !== "" || issue.lastEditedAt) text(issue, words, issue.createdAt ?? "");
    const author = loginOf(issue.author);
    for (const item of issue.timelineItems?.nodes ?? []) {
      if (item.__typename === "RenamedTitleEvent" && author) triggers.push({ login: author, kind: "comment", text: item.previousTitle ?? "", at: issue.createdAt ?? "" });
      read(item, false);
    }
  }
  // A review's text and its inline comments can command an agent too ("@copilot use a GSI instead").
  for (const r of reviews) {
    times.push(r.submittedAt ?? "");
    if (r.author && r.submittedAt) text(r, r.body ?? "", r.submittedAt);
    for (const c of r.comments?.nodes ?? []) text(c, c.body ?? "", c.createdAt ?? r.submittedAt ?? "");
  }
  // GitHub lists edits newest first; each `diff` is the body as that edit left it.
  const ordered = [...edits].sort((a, b) => compareText(a.editedAt, b.editedAt));
  for (const e of ordered) times.push(e.editedAt);
  for (const e of ordered) if (e.diff === null) erased(e, loginOf(e.editor), "the PR body");
  const bodyRevisions = ordered.flatMap((e) => (e.diff !== null && e.diff !== pull.body ? [e.diff] : []));
  const version = times.filter((t) => t !== "").reduce((a, b) => (b > a ? b : a), "");
  return { ...(baseChangedAt !== undefined ? { baseChangedAt } : {}), bodyRevisions: [...new Set(bodyRevisions)], triggers, version };
}

/** Issues the PR named as closed at some point but no longer links (a number that is a PR is skipped). */
async function unlinkedIssues(api: GitHubApi, owner: string, name: string, numbers: number[]): Promise<GqlIssue[]> {
  if (numbers.length === 0) return [];
  if (numbers.length > MAX_UNLINKED_ISSUES) throw new IncompleteDataError(`the pull request named ${numbers.length} more issues as closed than it links now: more than ${MAX_UNLINKED_ISSUES} cannot be read (fail closed)`);
  const fields = numbers.map((n, i) => `i${i}: issueOrPullRequest(number: ${n}) { __typename ... on Issue { ${ISSUE_FIELDS} } }`).join("\n");
  const data = await api.graphql<{ repository: Record<string, (GqlIssue & { __typename: string }) | null> | null }>(`query UnlinkedIssues($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { ${fields} } }`, { owner, name });
  if (!data.repository) throw new IncompleteDataError(`${owner}/${name} not found: cannot read the issues the pull request named (fail closed)`);
  const out: GqlIssue[] = [];
  numbers.forEach((n, i) => {
    const issue = data.repository?.[`i${i}`];
    if (!issue || issue.__typename !== "Issue") return; // no such issue, or a pull request: nobody asked an agent there
    if (!issue.timelineItems || issue.timelineItems.pageInfo.hasNextPage) throw new IncompleteDataError(`the timeline of issue #${n} is longer than ${PAGE} events: cannot read it all (fail closed)`);
    out.push(issue);
  });
  return out;
}

interface Revision {
  diff: string | null;
  editedAt: string;
  editor?: { login: string } | null;
  deletedAt?: string | null;
  deletedBy?: { login: string } | null;
}

/**
 * The edit history of every text that was edited (`lastEditedAt` set), by node id: one query per
 * 100 texts, and only when one was edited. A history longer than one page fails closed.
 */
async function earlierRevisions(api: GitHubApi, texts: GqlText[]): Promise<Map<string, Revision[]>> {
  const ids = [...new Set(texts.flatMap((t) => (t.lastEditedAt && t.id ? [t.id] : [])))];
  const out = new Map<string, Revision[]>();
  for (let start = 0; start < ids.length; start += EDITED_PER_QUERY) {
    const batch = ids.slice(start, start + EDITED_PER_QUERY);
    const data = await api.graphql<{ nodes: ({ id?: string; userContentEdits?: { totalCount: number; nodes: Revision[] } | null } | null)[] }>(EDITS_QUERY, { ids: batch });
    batch.forEach((id, i) => {
      const edits = data.nodes[i]?.id === id ? data.nodes[i]?.userContentEdits : undefined;
      if (!edits) throw new IncompleteDataError(`GitHub returned no edit history for the edited comment ${id}: what it asked before cannot be read (fail closed)`);
      if (edits.totalCount > edits.nodes.length) throw new IncompleteDataError(`a comment was edited ${edits.totalCount} times: more than ${edits.nodes.length} revisions cannot be read (fail closed)`);
      out.set(id, edits.nodes);
    });
  }
  return out;
}

/** sha → its parents, for the commits whose parents GitHub listed whole (an octopus merge's are not). */
function parentsBySha(commits: GqlCommit[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { commit } of commits) if (commit.parents && commit.parents.totalCount === commit.parents.nodes.length) out.set(commit.oid, commit.parents.nodes.map((n) => n.oid));
  return out;
}

/** sha → signature verification, when GitHub reported it for every commit. */
function commitSignatures(commits: GqlCommit[]): Record<string, CommitSignature> | undefined {
  const out: Record<string, CommitSignature> = {};
  let any = false;
  for (const c of commits) {
    if (c.commit.signature === undefined) continue;
    any = true;
    out[c.commit.oid] = { verified: c.commit.signature?.isValid === true, signer: c.commit.signature?.signer?.login ?? null };
  }
  return any ? out : undefined;
}

/** GraphQL has no old path for a rename: read it from the REST file list. false when truncated. */
async function addPreviousPaths(api: GitHubApi, owner: string, repo: string, pullNumber: number, files: ChangedFile[]): Promise<boolean> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  let seen = 0;
  for (let page = 1; page <= MAX_FILE_PAGES; page++) {
    const res = await api.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { owner, repo, pull_number: pullNumber, per_page: PAGE, page });
    const rows = res.data as { filename: string; status: string; previous_filename?: string }[];
    for (const row of rows) {
      seen += 1;
      const file = byPath.get(row.filename);
      if (file && row.previous_filename) file.previousPath = row.previous_filename;
    }
    if (rows.length < PAGE) break;
  }
  const missing = files.filter((f) => f.status === "renamed" && f.previousPath === undefined);
  return missing.length === 0 && seen >= files.length;
}

/** login → the configured team slugs it belongs to (one GraphQL query with an alias per login). */
export async function fetchTeams(api: GitHubApi, owner: string, logins: string[], teams: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = Object.fromEntries(logins.map((l) => [l, []]));
  if (logins.length === 0) return out;
  const orgs = new Set(teams.map((t) => (t.includes("/") ? (t.split("/")[0] ?? owner) : owner).toLowerCase()));
  if (orgs.size !== 1 || !orgs.has(owner.toLowerCase())) throw new Error(`approverTeams must be teams of ${owner} (got ${teams.join(", ")})`);
  const aliases = logins.map((login, i) => `u${i}: teams(first: 100, userLogins: [${JSON.stringify(login)}]) { totalCount nodes { slug } }`).join("\n");
  const data = await api.graphql<{ organization: Record<string, { totalCount: number; nodes: { slug: string }[] }> | null }>(
    `query ApproverTeams($org: String!) { organization(login: $org) { ${aliases} } }`,
    { org: owner },
  );
  if (!data.organization) throw new Error(`organization ${owner} not found: cannot check approverTeams`);
  logins.forEach((login, i) => {
    const conn = data.organization?.[`u${i}`];
    if (!conn) throw new Error(`team memberships of ${login} missing from the response`);
    if (conn.totalCount > conn.nodes.length) throw new IncompleteDataError(`${login} is in more than ${conn.nodes.length} teams: memberships truncated (fail closed)`);
    out[login] = conn.nodes.map((n) => n.slug);
  });
  return out;
}
