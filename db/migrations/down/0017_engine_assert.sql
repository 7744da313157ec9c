DROP FUNCTION IF EXISTS runledger_assert(boolean, text);
