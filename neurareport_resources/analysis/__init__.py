"""Analysis engine: categorisation and report figures computed in DuckDB from ``sql/``.

No Dagster import: the assets call these functions through a resource.
"""

from neurareport_resources.analysis.bursting import account_views, accounts_to_render
from neurareport_resources.analysis.categorize import (
    NO_RULE,
    UNCATEGORISED,
    CategoryRulesError,
    categorize,
    load_tenant_rules,
)
from neurareport_resources.analysis.history import (
    HISTORY_MONTHS,
    earlier_periods,
    register_history,
)
from neurareport_resources.analysis.report_analysis import (
    AccountSummary,
    CategoryTotal,
    CounterpartyTotal,
    DailyBalance,
    LedgerMovement,
    MonthlyTotal,
    RecurringPayment,
    ReportAnalysis,
    build_analysis,
)
from neurareport_resources.analysis.sqlfiles import SQL_DIR, SqlNameError
from neurareport_resources.analysis.trends import (
    ComparisonLine,
    Outlier,
    PeriodComparison,
    compare_periods,
    find_outliers,
)
from neurareport_resources.analysis.uncategorised import (
    UncategorisedCounterparty,
    UncategorisedMonth,
    uncategorised_months,
    uncategorised_summary,
)

__all__ = [
    "HISTORY_MONTHS",
    "NO_RULE",
    "SQL_DIR",
    "UNCATEGORISED",
    "AccountSummary",
    "CategoryRulesError",
    "CategoryTotal",
    "ComparisonLine",
    "CounterpartyTotal",
    "DailyBalance",
    "LedgerMovement",
    "MonthlyTotal",
    "Outlier",
    "PeriodComparison",
    "RecurringPayment",
    "ReportAnalysis",
    "SqlNameError",
    "UncategorisedCounterparty",
    "UncategorisedMonth",
    "account_views",
    "accounts_to_render",
    "build_analysis",
    "categorize",
    "compare_periods",
    "earlier_periods",
    "find_outliers",
    "load_tenant_rules",
    "register_history",
    "uncategorised_months",
    "uncategorised_summary",
]
