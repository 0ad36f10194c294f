/**
 * Check-run summaries are Markdown, and much of what they quote comes from the pull request: file
 * names (git allows a line break in one), dashboard titles, messages that quote them. Quoted as given,
 * a name could end its list item and start a heading, open an HTML comment that hides the lines after
 * it, or forge a link or a "**PASS**": the conclusion stays, but the text a reviewer acts on would not
 * be the check's.
 */
import { oneLine } from "../../report/text.js";

/**
 * Characters that start a Markdown or HTML construct inline (`$` too: GitHub renders math). The
 * backtick too: inside a code span that text opened, the escapes of the rest would show.
 */
const MARKUP = /[\\`*_[\]<>|~&$!{}]/g;
/** What starts a heading, a quote or a list when it opens the text (the text opens a list item or a line). */
const BLOCK_START = /^(\s*)(#|[-+=]|\d+[.)])/;
/** Text shown literally on one line of Markdown, whatever it holds (control characters as the text report writes them: `\n`, `\u001b`). */
export function markdownText(text: string): string {
  return oneLine(text).replace(MARKUP, "\\$&").replace(BLOCK_START, "$1\\$2");
}

/** A repository file (and line) at a commit on the web, each path segment percent-encoded. */
export function blobUrl(htmlUrl: string, sha: string, file: string, line?: number): string {
  return `${htmlUrl}/blob/${sha}/${file.split("/").map(encodeURIComponent).join("/")}${line ? `#L${line}` : ""}`;
}
