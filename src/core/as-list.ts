/** A value IAM or CloudFormation takes as one item or a list of them, as a list. */
export const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
