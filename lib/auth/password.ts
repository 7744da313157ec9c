import bcrypt from "bcryptjs";

/** bcrypt with cost 12 (~250 ms here): slow enough to make offline guessing expensive. */
const COST = 12;

export function hashPassword(password: string, cost = COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A hash to compare against when the user does not exist, so timing does not reveal which e-mails exist. */
export const DUMMY_HASH = "$2b$12$rhUouVy9LvTky5w.QZhOHuc8EBSD3Nf0KASxgCZHZePP2tfXzFQTy";
