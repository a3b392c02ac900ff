-- Cash flow by category: money in, money out (negative), net and count.
SELECT
    coalesce(category, 'uncategorised') AS category,
    sum(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS money_in,
    sum(CASE WHEN amount < 0 THEN amount ELSE 0 END) AS money_out,
    sum(amount) AS net,
    count(*) AS transaction_count
FROM {ledger}
GROUP BY 1
ORDER BY sum(CASE WHEN amount < 0 THEN amount ELSE 0 END), sum(amount) DESC, 1
