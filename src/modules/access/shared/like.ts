// Search text in ILIKE patterns, shared by the users and groups searches.

/** `%`, `_` and `\` are literal in a user's search text. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
