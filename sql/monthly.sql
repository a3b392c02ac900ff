-- Money in and out per calendar month and account.
SELECT
    CAST(date_trunc('month', txn_date) AS DATE) AS month,
    account_number,
    sum(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS money_in,
    sum(CASE WHEN amount < 0 THEN amount ELSE 0 END) AS money_out,
    sum(amount) AS net,
    count(*) AS transaction_count
FROM {ledger}
GROUP BY 1, 2
ORDER BY 1, 2
