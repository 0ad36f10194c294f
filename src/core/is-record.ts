/** A JSON object (not null, not an array): what every reader of parsed input checks before indexing. */
export const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
