-- Payees that took an unusual share of this month's money out.
-- {ledger}: this month; {history}: the tenant's earlier months (may be empty).
-- A payee is flagged when it took at least {min_share_pct} % of the month's money out and
-- more than {growth_pct} % of the largest share it ever took in an earlier month (or the
-- tenant has no earlier month to compare with). usual_share is the payee's average share
-- over the earlier months (0 where it was not paid), NULL without history.
WITH current_out AS (
    SELECT nr_counterparty(description) AS counterparty, -amount AS spent
    FROM {ledger}
    WHERE amount < 0
),
month_total AS (
    SELECT sum(spent) AS total FROM current_out
),
payees AS (
    SELECT counterparty, sum(spent) AS spent, count(*) AS payments
    FROM current_out
    GROUP BY counterparty
),
earlier_out AS (
    SELECT period, nr_counterparty(description) AS counterparty, -amount AS spent
    FROM {history}
    WHERE amount < 0
),
earlier_months AS (
    SELECT period, sum(spent) AS total FROM earlier_out GROUP BY period HAVING sum(spent) > 0
),
earlier_shares AS (
    SELECT e.counterparty, e.period, sum(e.spent) / any_value(m.total) AS share
    FROM earlier_out AS e
    JOIN earlier_months AS m USING (period)
    GROUP BY e.counterparty, e.period
),
history_of_payee AS (
    SELECT
        counterparty,
        max(share) AS highest_share,
        sum(share) / (SELECT count(*) FROM earlier_months) AS usual_share
    FROM earlier_shares
    GROUP BY counterparty
)
SELECT
    p.counterparty,
    p.spent,
    p.payments,
    t.total AS month_out,
    p.spent / t.total AS share,
    CASE WHEN (SELECT count(*) FROM earlier_months) = 0 THEN NULL
         ELSE coalesce(h.usual_share, 0) END AS usual_share,
    CASE WHEN (SELECT count(*) FROM earlier_months) = 0 THEN NULL
         ELSE coalesce(h.highest_share, 0) END AS highest_share,
    (SELECT count(*) FROM earlier_months) AS months_compared
FROM payees AS p
CROSS JOIN month_total AS t
LEFT JOIN history_of_payee AS h USING (counterparty)
WHERE t.total > 0
  AND p.counterparty <> 'UNKNOWN'
  AND p.spent / t.total >= {min_share_pct} / 100.0
  AND (h.highest_share IS NULL
       OR p.spent / t.total > h.highest_share * {growth_pct} / 100.0)
ORDER BY share DESC, p.counterparty
