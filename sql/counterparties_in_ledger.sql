-- The (account, counterparty, direction) triples present in {ledger}.
SELECT DISTINCT
    account_number,
    nr_counterparty(description) AS counterparty,
    CASE WHEN amount > 0 THEN 'in' ELSE 'out' END AS direction
FROM {ledger}
WHERE amount <> 0
