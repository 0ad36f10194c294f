/**
 * What a reader sees of text that may hold HTML: a Grafana text panel in HTML mode (or markdown
 * with HTML in it), an Azure workbook's markdown step, a description. Tags and their attributes
 * (`style="cursor: auto; width: 80%"`, `target="_blank"`, `class="ext-usage-param"`), comments
 * and the contents of `<style>` and `<script>` are drawn by the browser, never shown as words:
 * read as prose they named Cursor (a CSS cursor), a measure (a class name) or a usage target (a
 * link's target and a width).
 */

/**
 * A tag: `<` and a letter (so `x < 5` and `<=` are not one), its attributes, quoted values whole.
 * No `<` or `>` inside a tag, even quoted: each try then ends at the next one, so a long text of
 * unclosed tags is read in linear time.
 */
const TAG = /<\/?[A-Za-z][\w:.-]*(?:\s(?:[^<>"']|"[^"<>]*"|'[^'<>]*')*)?\/?>/g;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** Elements whose content is code, not text. */
const HIDDEN = ["style", "script"] as const;

/** The text without what a browser does not show as words; text without `<` is returned as it is. */
export function shownText(text: string): string {
  if (!text.includes("<")) return text;
  return withoutHiddenElements(text.replace(COMMENT, " ")).replace(TAG, " ");
}

/**
 * Drops each `<style>…</style>` and `<script>…</script>`, by a scan rather than a lazy regex, which
 * retried from every opening of an unclosed one (quadratic on a long text). One left open hides
 * the rest of the text, as in a browser.
 */
function withoutHiddenElements(text: string): string {
  const lower = text.toLowerCase();
  let out = "";
  let from = 0;
  for (;;) {
    let start = -1;
    let name = "";
    for (const element of HIDDEN) {
      const at = openingAt(lower, element, from);
      if (at !== -1 && (start === -1 || at < start)) {
        start = at;
        name = element;
      }
    }
    if (start === -1) return out + text.slice(from);
    out += `${text.slice(from, start)} `;
    const close = lower.indexOf(`</${name}`, start);
    if (close === -1) return out;
    const end = lower.indexOf(">", close);
    if (end === -1) return out;
    from = end + 1;
  }
}

/** Where `<name` opens an element (followed by a space, `/` or `>`, not `<styles`) at or after `from`. */
function openingAt(lower: string, name: string, from: number): number {
  let at = lower.indexOf(`<${name}`, from);
  while (at !== -1) {
    const next = lower[at + name.length + 1];
    if (next === undefined || next === ">" || next === "/" || /\s/.test(next)) return at;
    at = lower.indexOf(`<${name}`, at + 1);
  }
  return -1;
}
