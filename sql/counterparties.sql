-- Largest counterparties by money moved ({limit} rows).
SELECT
    nr_counterparty(description) AS counterparty,
    sum(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS money_in,
    sum(CASE WHEN amount < 0 THEN amount ELSE 0 END) AS money_out,
    count(*) AS transaction_count,
    mode(category) AS category
FROM {ledger}
GROUP BY 1
ORDER BY sum(abs(amount)) DESC, 1
LIMIT {limit}
