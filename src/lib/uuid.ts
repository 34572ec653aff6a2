// The one shape check of a UUID (any version): ids from paths, headers and files are checked with it
// before they reach SQL (Postgres would answer a malformed uuid with a 500-worthy error).
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
