-- This month against the previous month and the year to date, per category.
-- {ledger}: this month; {history}: the tenant's earlier months (may be empty);
-- {this_month}, {previous_month}, {year_start}: DATE literals computed by the caller.
-- One row per category with its money in, money out and net for the three periods;
-- previous_* are NULL for a category the previous month did not have.
WITH movements AS (
    SELECT period, category, amount FROM {ledger}
    UNION ALL
    SELECT period, category, amount FROM {history}
    WHERE period >= {year_start} AND period < {this_month}
)
SELECT
    coalesce(category, 'uncategorised') AS category,
    sum(amount) FILTER (WHERE period = {this_month} AND amount > 0) AS this_in,
    sum(amount) FILTER (WHERE period = {this_month} AND amount < 0) AS this_out,
    sum(amount) FILTER (WHERE period = {previous_month} AND amount > 0) AS previous_in,
    sum(amount) FILTER (WHERE period = {previous_month} AND amount < 0) AS previous_out,
    count(*) FILTER (WHERE period = {previous_month}) AS previous_rows,
    sum(amount) FILTER (WHERE amount > 0) AS ytd_in,
    sum(amount) FILTER (WHERE amount < 0) AS ytd_out
FROM movements
GROUP BY 1
ORDER BY abs(coalesce(sum(amount) FILTER (WHERE period = {this_month}), 0)) DESC, 1
