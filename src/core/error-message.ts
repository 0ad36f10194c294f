/**
 * The text of anything thrown: an Error's message, else its string form (code may throw strings,
 * numbers or plain objects), so an error path always has something to name.
 */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
