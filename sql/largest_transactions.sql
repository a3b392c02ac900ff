-- The largest movements by absolute amount ({limit} rows), newest first on ties.
SELECT txn_date, account_number, description, amount, balance, category, page, row_no
FROM {ledger}
ORDER BY abs(amount) DESC, txn_date DESC, page, row_no
LIMIT {limit}
