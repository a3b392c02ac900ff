-- Per tenant and month: how much of the ledger no rule categorised, in rows and money.
-- money_in / money_out are the uncategorised money by direction (money_out negative);
-- uncategorised_money is their absolute sum, total_money the same over every row.
SELECT
    tenant,
    period,
    count(*) FILTER (WHERE category = 'uncategorised') AS uncategorised_rows,
    count(*) AS total_rows,
    coalesce(sum(amount) FILTER (WHERE category = 'uncategorised' AND amount > 0), 0) AS money_in,
    coalesce(sum(amount) FILTER (WHERE category = 'uncategorised' AND amount < 0), 0) AS money_out,
    coalesce(sum(abs(amount)) FILTER (WHERE category = 'uncategorised'), 0) AS uncategorised_money,
    coalesce(sum(abs(amount)), 0) AS total_money
FROM {ledger}
GROUP BY tenant, period
ORDER BY tenant, period
