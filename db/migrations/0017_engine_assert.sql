-- The engine's hot path sends COMMIT on the same write as a transaction's last statement (one round trip
-- instead of two), so a check on that statement's outcome cannot be read by the caller before deciding
-- to commit: the statement checks itself and aborts (SQLSTATE RL002), and the COMMIT behind it then
-- rolls the transaction back. The engine reads RL002 as a lost race and retries from the top.
CREATE FUNCTION runledger_assert(ok boolean, message text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE
  AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION '%', message USING ERRCODE = 'RL002';
  END IF;
  RETURN true;
END
$$;
