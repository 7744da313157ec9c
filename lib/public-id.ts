// Public ids: `WF-…` for runs, `JD-…` for job descriptions. Two forms resolve:
// the six-digit ids written before migration 0004 (`WF-000123`; the pattern
// allows up to 18 digits, as it always did) and the 12-character Crockford
// base-32 ids written since (`WF-7K3M0Q9ZD2XA`), a keyed permutation of the
// sequence — see db/migrations/0004_public_ids.sql.
const BODY = "(?:\\d{1,18}|[0-9A-HJKMNP-TV-Z]{12})";

export const RUN_PUBLIC_ID = new RegExp(`^WF-${BODY}$`);
export const JD_PUBLIC_ID = new RegExp(`^JD-${BODY}$`);
/** A `JD-…` named inside free text (an e-mail subject). */
export const JD_PUBLIC_ID_IN_TEXT = new RegExp(`\\bJD-${BODY}\\b`);
