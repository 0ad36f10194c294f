import { parseSource, SourceParseError } from "../../../src/core/source/parse.js";

/** The error parsing `text` raises; a text that parses fails the test. */
export const parseRefusal = (text: string): SourceParseError => {
  try {
    parseSource(text);
  } catch (error) {
    if (error instanceof SourceParseError) return error;
    throw error;
  }
  throw new Error("parsed without error");
};

/** The line a parse error names. */
export const lineOfError = (text: string): number | undefined => parseRefusal(text).line;
