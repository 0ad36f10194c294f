import { parseSource, SourceParseError } from "../../../src/core/source/parse.js";

/** The line a parse error names; a text that parses fails the test. */
export const lineOfError = (text: string): number | undefined => {
  try {
    parseSource(text);
  } catch (error) {
    if (error instanceof SourceParseError) return error.line;
    throw error;
  }
  throw new Error("parsed without error");
};
