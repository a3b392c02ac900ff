-- Single transactions far larger than the tenant's own history says is usual.
-- {ledger}: this month; {history}: the tenant's earlier months (may be empty: then
-- nothing is judged, the largest-transactions table shows the month's big items).
-- Against the payee's own past when it was paid (or paid) at least 3 times before:
-- flagged at {payee_factor} x its median amount. Otherwise against the tenant's earlier
-- transactions in that direction (at least 10 of them): flagged at {tenant_factor} x
-- their median and above the largest of them. Amounts under {min_amount} never are.
WITH current_rows AS (
    SELECT
        txn_date, account_number, description, amount, category, page, row_no,
        nr_counterparty(description) AS counterparty,
        CASE WHEN amount > 0 THEN 'in' ELSE 'out' END AS direction
    FROM {ledger}
    WHERE amount <> 0
),
earlier AS (
    SELECT
        nr_counterparty(description) AS counterparty,
        CASE WHEN amount > 0 THEN 'in' ELSE 'out' END AS direction,
        abs(amount) AS size
    FROM {history}
    WHERE amount <> 0
),
payee_usual AS (
    SELECT counterparty, direction, median(size) AS usual
    FROM earlier
    GROUP BY counterparty, direction
    HAVING count(*) >= 3
),
tenant_usual AS (
    SELECT direction, median(size) AS usual, max(size) AS largest
    FROM earlier
    GROUP BY direction
    HAVING count(*) >= 10
)
SELECT
    c.txn_date, c.account_number, c.description, c.amount, c.category, c.page, c.row_no,
    c.counterparty, c.direction,
    CASE WHEN p.usual IS NOT NULL THEN 'payee' ELSE 'tenant' END AS compared_with,
    coalesce(p.usual, t.usual) AS usual
FROM current_rows AS c
LEFT JOIN payee_usual AS p USING (counterparty, direction)
LEFT JOIN tenant_usual AS t ON t.direction = c.direction
WHERE abs(c.amount) >= {min_amount}
  AND (
      (p.usual > 0 AND abs(c.amount) >= p.usual * {payee_factor})
      OR (p.usual IS NULL AND t.usual > 0
          AND abs(c.amount) >= t.usual * {tenant_factor} AND abs(c.amount) > t.largest)
  )
ORDER BY abs(c.amount) DESC, c.txn_date, c.page, c.row_no
