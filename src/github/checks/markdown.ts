/**
 * Check-run summaries are Markdown, and much of what they quote comes from the pull request: file
 * names (git allows a line break in one), dashboard titles, messages that quote them. Quoted as given,
 * a name could end its list item and start a heading, open an HTML comment that hides the lines after
 * it, or forge a link or a "**PASS**": the conclusion stays, but the text a reviewer acts on would not
 * be the check's.
 */

/**
 * Characters that start a Markdown or HTML construct inline (`$` too: GitHub renders math). The
 * backtick too: inside a code span that text opened, the escapes of the rest would show.
 */
const MARKUP = /[\\`*_[\]<>|~&$!{}]/g;
/** What starts a heading, a quote or a list when it opens the text (the text opens a list item or a line). */
const BLOCK_START = /^(\s*)(#|[-+=]|\d+[.)])/;
/** Line breaks and tabs: the text stays on its line. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Other control characters and bidirectional overrides (which can show a name reversed): replaced, visibly. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text shown literally on one line of Markdown, whatever it holds. */
export function markdownText(text: string): string {
  return text.replace(BREAKS, " ").replace(CONTROLS, "\ufffd").replace(MARKUP, "\\$&").replace(BLOCK_START, "$1\\$2");
}

/** A repository file (and line) at a commit on the web, each path segment percent-encoded. */
export function blobUrl(htmlUrl: string, sha: string, file: string, line?: number): string {
  return `${htmlUrl}/blob/${sha}/${file.split("/").map(encodeURIComponent).join("/")}${line ? `#L${line}` : ""}`;
}
