-- Recurring payments in the ledger: the same counterparty, in the same direction, on the
-- same account, three times (twice if about monthly), with a similar amount (largest within 25% of the
-- smallest) and a regular interval (every gap between 5 and 40 days, and the gaps
-- differ by at most a quarter of the typical interval, minimum 3 days).
-- Averages are left to Python (sum + count) so money stays DECIMAL end to end.
SELECT
    account_number,
    counterparty,
    direction,
    occurrences,
    total_amount,
    interval_days,
    first_date,
    last_date,
    category
FROM (
    SELECT
        account_number,
        counterparty,
        direction,
        count(*) AS occurrences,
        sum(amount) AS total_amount,
        min(abs(amount)) AS min_abs,
        max(abs(amount)) AS max_abs,
        CAST(round(median(gap_days)) AS INTEGER) AS interval_days,
        min(gap_days) AS min_gap,
        max(gap_days) AS max_gap,
        min(txn_date) AS first_date,
        max(txn_date) AS last_date,
        mode(category) AS category
    FROM (
        SELECT
            account_number,
            nr_counterparty(description) AS counterparty,
            CASE WHEN amount > 0 THEN 'in' ELSE 'out' END AS direction,
            amount,
            txn_date,
            category,
            date_diff(
                'day',
                lag(txn_date) OVER (
                    PARTITION BY account_number, nr_counterparty(description), amount > 0
                    ORDER BY txn_date
                ),
                txn_date
            ) AS gap_days
        FROM {ledger}
        WHERE amount <> 0
    )
    GROUP BY account_number, counterparty, direction
)
WHERE (occurrences >= 3 OR (occurrences = 2 AND interval_days >= 25))
  AND counterparty <> 'UNKNOWN'
  AND min_gap >= 5
  AND max_gap <= 40
  AND max_abs <= min_abs * 1.25
  AND (max_gap - min_gap) <= greatest(3, interval_days / 4)
