-- Recurring payments in the ledger: the same counterparty, in the same direction, on the
-- same account, three times (twice if about monthly), at a regular interval with a
-- similar amount. Real payments shift by a weekend or a holiday and a bill varies a
-- little, so one odd gap or amount does not break the pattern: the typical interval is
-- the median gap (5 to 40 days: weekly to monthly), and at least three quarters of the
-- gaps lie within a quarter of it (3 days at least), and at least three quarters of the
-- amounts within 25 % of the median amount.
-- Averages are left to Python (sum + count) so money stays DECIMAL end to end.
WITH movements AS (
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
),
typical AS (
    SELECT
        *,
        median(gap_days) OVER (PARTITION BY account_number, counterparty, direction)
            AS median_gap,
        median(abs(amount)) OVER (PARTITION BY account_number, counterparty, direction)
            AS median_size
    FROM movements
)
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
        CAST(round(any_value(median_gap)) AS INTEGER) AS interval_days,
        count(gap_days) AS gaps,
        count(gap_days) FILTER (
            WHERE abs(gap_days - median_gap) <= greatest(3, median_gap / 4)
        ) AS regular_gaps,
        count(*) FILTER (
            WHERE abs(abs(amount) - median_size) <= median_size * 0.25
        ) AS similar_amounts,
        min(txn_date) AS first_date,
        max(txn_date) AS last_date,
        mode(category) AS category
    FROM typical
    GROUP BY account_number, counterparty, direction
)
WHERE (occurrences >= 3 OR (occurrences = 2 AND interval_days >= 25))
  AND counterparty <> 'UNKNOWN'
  AND interval_days BETWEEN 5 AND 40
  AND regular_gaps >= 0.75 * gaps
  AND similar_amounts >= 0.75 * occurrences
