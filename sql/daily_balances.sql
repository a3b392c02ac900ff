-- End-of-day balance per account: the last printed balance of the day, or, where the
-- statement printed none, the opening balance plus the running sum of amounts.
WITH tx AS (
    SELECT
        account_number,
        txn_date,
        amount,
        balance,
        row_number() OVER (
            PARTITION BY account_number ORDER BY txn_date, statement_id, page, row_no
        ) AS seq
    FROM {ledger}
),
per_day AS (
    SELECT
        account_number,
        txn_date,
        sum(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS money_in,
        sum(CASE WHEN amount < 0 THEN amount ELSE 0 END) AS money_out,
        sum(amount) AS net,
        arg_max(balance, seq) FILTER (WHERE balance IS NOT NULL) AS printed_balance,
        count(*) AS transaction_count
    FROM tx
    GROUP BY account_number, txn_date
),
opening AS (
    SELECT account_number, arg_min(opening_balance, period_start) AS opening_balance
    FROM {statements}
    GROUP BY account_number
)
SELECT
    d.account_number,
    d.txn_date,
    d.money_in,
    d.money_out,
    d.transaction_count,
    coalesce(
        d.printed_balance,
        o.opening_balance
            + sum(d.net) OVER (PARTITION BY d.account_number ORDER BY d.txn_date)
    ) AS balance
FROM per_day AS d
LEFT JOIN opening AS o ON o.account_number IS NOT DISTINCT FROM d.account_number
ORDER BY d.account_number, d.txn_date
