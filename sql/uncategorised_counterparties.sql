-- The uncategorised rows per tenant, month, counterparty and direction, largest first:
-- the list an analyst teaches new rules from.
SELECT
    tenant,
    period,
    nr_counterparty(description) AS counterparty,
    CASE WHEN amount > 0 THEN 'in' ELSE 'out' END AS direction,
    count(*) AS rows,
    sum(amount) AS money,
    min(description) AS example,
    min(txn_date) AS first_date,
    max(txn_date) AS last_date
FROM {ledger}
WHERE category = 'uncategorised'
GROUP BY ALL
ORDER BY tenant, period, sum(abs(amount)) DESC, counterparty
