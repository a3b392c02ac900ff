"""Analysis engine: categorisation and report figures computed in DuckDB from ``sql/``.

No Dagster import: the assets call these functions through a resource.

Names resolve on first use (PEP 562): the isolated render worker unpickles the report's
dataclasses (``report_analysis``) without importing DuckDB, pyarrow or the warehouse.
``categorize`` is imported at once: the function shares its module's name, and a module
imported later would replace a lazily bound function on the package.
"""

from typing import TYPE_CHECKING

from neurareport_resources.analysis.categorize import (
    NO_RULE,
    UNCATEGORISED,
    CategoryRulesError,
    categorize,
    load_tenant_rules,
)
from neurareport_resources.lazy_names import lazy_getattr

if TYPE_CHECKING:  # the names below, typed for mypy
    from neurareport_resources.analysis.bursting import account_views, accounts_to_render
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

_LAZY = {
    "account_views": "neurareport_resources.analysis.bursting",
    "accounts_to_render": "neurareport_resources.analysis.bursting",
    "HISTORY_MONTHS": "neurareport_resources.analysis.history",
    "earlier_periods": "neurareport_resources.analysis.history",
    "register_history": "neurareport_resources.analysis.history",
    "AccountSummary": "neurareport_resources.analysis.report_analysis",
    "CategoryTotal": "neurareport_resources.analysis.report_analysis",
    "CounterpartyTotal": "neurareport_resources.analysis.report_analysis",
    "DailyBalance": "neurareport_resources.analysis.report_analysis",
    "LedgerMovement": "neurareport_resources.analysis.report_analysis",
    "MonthlyTotal": "neurareport_resources.analysis.report_analysis",
    "RecurringPayment": "neurareport_resources.analysis.report_analysis",
    "ReportAnalysis": "neurareport_resources.analysis.report_analysis",
    "build_analysis": "neurareport_resources.analysis.report_analysis",
    "SQL_DIR": "neurareport_resources.analysis.sqlfiles",
    "SqlNameError": "neurareport_resources.analysis.sqlfiles",
    "ComparisonLine": "neurareport_resources.analysis.trends",
    "Outlier": "neurareport_resources.analysis.trends",
    "PeriodComparison": "neurareport_resources.analysis.trends",
    "compare_periods": "neurareport_resources.analysis.trends",
    "find_outliers": "neurareport_resources.analysis.trends",
    "UncategorisedCounterparty": "neurareport_resources.analysis.uncategorised",
    "UncategorisedMonth": "neurareport_resources.analysis.uncategorised",
    "uncategorised_months": "neurareport_resources.analysis.uncategorised",
    "uncategorised_summary": "neurareport_resources.analysis.uncategorised",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


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
