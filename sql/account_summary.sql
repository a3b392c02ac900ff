-- One row per account: the statement header figures beside the ledger's own sums.
-- Opening comes from the earliest statement of the account, closing from the latest.
WITH headers AS (
    SELECT
        account_number,
        any_value(currency) AS currency,
        any_value(holder) AS holder,
        min(period_start) AS period_start,
        max(period_end) AS period_end,
        arg_min(opening_balance, period_start) AS opening_balance,
        arg_max(closing_balance, period_end) AS closing_balance,
        string_agg(DISTINCT file_name, ', ' ORDER BY file_name) AS files,
        count(*) AS statements,
        sum(page_count) AS pages
    FROM {statements}
    GROUP BY account_number
),
sums AS (
    SELECT
        account_number,
        any_value(currency) AS currency,
        sum(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS money_in,
        sum(CASE WHEN amount < 0 THEN amount ELSE 0 END) AS money_out,
        count(*) AS transaction_count,
        min(txn_date) AS first_date,
        max(txn_date) AS last_date
    FROM {ledger}
    GROUP BY account_number
)
SELECT
    coalesce(h.account_number, s.account_number) AS account_number,
    coalesce(h.currency, s.currency) AS currency,
    h.holder,
    coalesce(h.period_start, s.first_date) AS period_start,
    coalesce(h.period_end, s.last_date) AS period_end,
    h.opening_balance,
    coalesce(s.money_in, 0) AS money_in,
    coalesce(s.money_out, 0) AS money_out,
    h.closing_balance,
    coalesce(s.transaction_count, 0) AS transaction_count,
    h.files,
    coalesce(h.statements, 0) AS statements,
    coalesce(h.pages, 0) AS pages
FROM headers AS h
FULL OUTER JOIN sums AS s ON h.account_number IS NOT DISTINCT FROM s.account_number
ORDER BY 1
