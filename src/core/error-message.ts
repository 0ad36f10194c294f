/**
 * The text of anything thrown: an Error's message, else its string form (code may throw strings,
 * numbers or plain objects), so an error path always has something to name.
 */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Running out of stack: an input nested tens of thousands of levels deep (or, evaluating, a loop followed). */
export const isTooDeep = (error: unknown): boolean => error instanceof RangeError && /call stack/i.test(error.message);

/** What a parser that ran out of stack met: nesting (YAML aliases are bounded before they expand). */
export const TOO_DEEP = "nested too deeply: thousands of levels, more than the reader's stack holds";
