"""The layout families the sample generator can draw: one per real-world statement habit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FR = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
_ES = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
_DE_LONG = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
            "Oktober", "November", "Dezember")  # fmt: skip


def d_mon_yyyy(d: date) -> str:
    return f"{d.day:02d} {_EN[d.month - 1]} {d.year}"


def d_mon(d: date) -> str:
    return f"{d.day:02d} {_EN[d.month - 1]}"


def mon_d(d: date) -> str:
    return f"{_EN[d.month - 1]} {d.day:02d}"


def dmy_slash(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def mdy_slash(d: date) -> str:
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


def iso(d: date) -> str:
    return d.isoformat()


def dmy_dot(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def dmy_dot_short(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"


def d_mon_fr(d: date) -> str:
    return f"{d.day:02d} {_FR[d.month - 1]} {d.year}"


def d_mon_es(d: date) -> str:
    return f"{d.day:02d} {_ES[d.month - 1]} {d.year}"


def d_month_de(d: date) -> str:
    return f"{d.day}. {_DE_LONG[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class Column:
    """One table column: its role for the truth, the printed label, width and alignment."""

    role: str  # date | value_date | description | debit | credit | amount | balance
    label: str
    width: float
    align: str = "left"  # left | right


@dataclass(frozen=True)
class Family:
    """Everything that makes one layout family look the way it does."""

    name: str
    lang: str
    bank_name: str
    currency: str
    columns: tuple[Column, ...]
    date_fmt: Callable[[date], str]
    period_fmt: Callable[[date], str]
    decimal_sep: str = "."
    group_sep: str = ","
    negative_style: str = "minus"  # for a signed amount column
    balance_style: str = "minus"
    amount_prefix: str = ""  # e.g. "$" printed before every amount
    ruling: str = "grid"  # grid | header_rule | none
    header_every_page: bool = True
    brought_forward_rows: bool = False  # "Balance brought forward/carried forward" per page
    subtotal_label: str | None = None  # a per-page totals row ("Total", "Summe") when set
    stays_in_credit: bool = False  # never print a negative balance (the demo's family)
    balance_every_row: bool = True
    rows_per_page: int = 34
    labels: dict[str, str] = field(default_factory=dict)
    page_label: str = "Page {n} of {m}"
    period_joiner: str = " to "
    brought_forward: str = "Balance brought forward"
    carried_forward: str = "Balance carried forward"
    lang_descriptions: str = "en"


_EN_LABELS = {
    "holder": "Account holder",
    "account": "Account number",
    "period": "Statement period",
    "opening": "Opening balance",
    "closing": "Closing balance",
    "currency": "Currency",
}
_DE_LABELS = {
    "holder": "Kontoinhaber",
    "account": "Kontonummer",
    "period": "Zeitraum",
    "opening": "Alter Kontostand",
    "closing": "Neuer Kontostand",
    "currency": "Währung",
}
_FR_LABELS = {
    "holder": "Titulaire",
    "account": "Numéro de compte",
    "period": "Période",
    "opening": "Solde initial",
    "closing": "Solde final",
    "currency": "Devise",
}
_ES_LABELS = {
    "holder": "Titular",
    "account": "Número de cuenta",
    "period": "Periodo",
    "opening": "Saldo inicial",
    "closing": "Saldo final",
    "currency": "Moneda",
}

FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family(
            name="ruled_basic",
            lang="en",
            bank_name="Northbridge Bank plc",
            currency="GBP",
            columns=(
                Column("date", "Date", 70),
                Column("description", "Description", 215),
                Column("debit", "Debit", 75, "right"),
                Column("credit", "Credit", 75, "right"),
                Column("balance", "Balance", 80, "right"),
            ),
            date_fmt=d_mon_yyyy,
            period_fmt=d_mon_yyyy,
            ruling="grid",
            brought_forward_rows=True,
            stays_in_credit=True,
            labels=_EN_LABELS,
        ),
        Family(
            name="unruled_debit_credit",
            lang="en",
            bank_name="Harbour Savings",
            currency="GBP",
            columns=(
                Column("date", "Date", 65),
                Column("description", "Details", 230),
                Column("debit", "Paid out", 70, "right"),
                Column("credit", "Paid in", 70, "right"),
                Column("balance", "Balance", 80, "right"),
            ),
            date_fmt=dmy_slash,
            period_fmt=dmy_slash,
            amount_prefix="£",
            ruling="none",
            labels={**_EN_LABELS, "holder": "Customer name", "account": "Account No."},
        ),
        Family(
            name="header_rule_signed",
            lang="en",
            bank_name="First Prairie Bank",
            currency="USD",
            columns=(
                Column("date", "Date", 75),
                Column("description", "Description", 260),
                Column("amount", "Amount", 90, "right"),
                Column("balance", "Balance", 90, "right"),
            ),
            date_fmt=iso,
            period_fmt=iso,
            amount_prefix="$",
            ruling="header_rule",
            labels=_EN_LABELS,
        ),
        Family(
            name="german_soll_haben",
            lang="de",
            bank_name="Rheinische Volksbank eG",
            currency="EUR",
            columns=(
                Column("date", "Buchungstag", 62),
                Column("value_date", "Valuta", 55),
                Column("description", "Verwendungszweck", 190),
                Column("debit", "Soll", 68, "right"),
                Column("credit", "Haben", 68, "right"),
                Column("balance", "Saldo", 72, "right"),
            ),
            date_fmt=dmy_dot,
            period_fmt=dmy_dot,
            decimal_sep=",",
            group_sep=".",
            ruling="header_rule",
            header_every_page=False,
            labels=_DE_LABELS,
            page_label="Seite {n} von {m}",
            period_joiner=" bis ",
            lang_descriptions="de",
        ),
        Family(
            name="french_space_thousands",
            lang="fr",
            bank_name="Banque du Littoral",
            currency="EUR",
            columns=(
                Column("date", "Date", 75),
                Column("description", "Libellé", 210),
                Column("debit", "Débit", 75, "right"),
                Column("credit", "Crédit", 75, "right"),
                Column("balance", "Solde", 80, "right"),
            ),
            date_fmt=d_mon_fr,
            period_fmt=d_mon_fr,
            decimal_sep=",",
            group_sep=" ",
            ruling="grid",
            labels=_FR_LABELS,
            page_label="Page {n} sur {m}",
            period_joiner=" au ",
            lang_descriptions="fr",
        ),
        Family(
            name="spanish_signed",
            lang="es",
            bank_name="Caja Meridional",
            currency="EUR",
            columns=(
                Column("date", "Fecha", 75),
                Column("description", "Concepto", 250),
                Column("amount", "Importe", 90, "right"),
                Column("balance", "Saldo", 90, "right"),
            ),
            date_fmt=d_mon_es,
            period_fmt=dmy_slash,
            decimal_sep=",",
            group_sep=".",
            ruling="none",
            labels=_ES_LABELS,
            page_label="Página {n} de {m}",
            period_joiner=" al ",
            lang_descriptions="es",
        ),
        Family(
            name="swiss_apostrophe",
            lang="de",
            bank_name="Alpenbank AG",
            currency="CHF",
            columns=(
                Column("date", "Datum", 60),
                Column("description", "Text", 235),
                Column("debit", "Belastung", 75, "right"),
                Column("credit", "Gutschrift", 75, "right"),
                Column("balance", "Saldo", 80, "right"),
            ),
            date_fmt=dmy_dot_short,
            period_fmt=dmy_dot,
            decimal_sep=".",
            group_sep="'",
            ruling="header_rule",
            labels={**_DE_LABELS, "opening": "Anfangssaldo", "closing": "Schlusssaldo"},
            page_label="Seite {n} von {m}",
            period_joiner=" bis ",
            lang_descriptions="de",
        ),
        Family(
            name="us_month_first_crdr",
            lang="en",
            bank_name="Lakeshore Federal Credit Union",
            currency="USD",
            columns=(
                Column("date", "Date", 70),
                Column("description", "Transaction Details", 255),
                Column("amount", "Amount", 95, "right"),
                Column("balance", "Balance", 95, "right"),
            ),
            date_fmt=mdy_slash,
            period_fmt=mdy_slash,
            negative_style="crdr",
            balance_style="crdr",
            ruling="grid",
            labels={**_EN_LABELS, "opening": "Previous balance", "closing": "New balance"},
        ),
        Family(
            name="parens_no_year",
            lang="en",
            bank_name="Southern Cross Bank",
            currency="AUD",
            columns=(
                Column("date", "Date", 60),
                Column("description", "Transaction", 270),
                Column("amount", "Amount", 90, "right"),
                Column("balance", "Balance", 95, "right"),
            ),
            date_fmt=mon_d,
            period_fmt=d_mon_yyyy,
            negative_style="parens",
            balance_style="parens",
            amount_prefix="$",
            ruling="header_rule",
            labels=_EN_LABELS,
        ),
        Family(
            name="daymonth_forward_rows",
            lang="en",
            bank_name="Midland Cooperative Bank",
            currency="GBP",
            columns=(
                Column("date", "Date", 55),
                Column("description", "Particulars", 240),
                Column("debit", "Withdrawals", 75, "right"),
                Column("credit", "Deposits", 70, "right"),
                Column("balance", "Balance", 75, "right"),
            ),
            date_fmt=d_mon,
            period_fmt=d_mon_yyyy,
            ruling="none",
            brought_forward_rows=True,
            subtotal_label="Total",
            balance_every_row=False,
            rows_per_page=22,
            labels=_EN_LABELS,
        ),
        Family(
            name="trailing_minus_de",
            lang="de",
            bank_name="Hanseatische Sparkasse",
            currency="EUR",
            columns=(
                Column("date", "Datum", 65),
                Column("description", "Buchungstext", 265),
                Column("amount", "Betrag EUR", 90, "right"),
                Column("balance", "Saldo EUR", 95, "right"),
            ),
            date_fmt=dmy_dot,
            period_fmt=d_month_de,
            decimal_sep=",",
            group_sep=".",
            negative_style="trailing",
            balance_style="trailing",
            ruling="grid",
            brought_forward_rows=True,
            subtotal_label="Summe",
            labels={**_DE_LABELS, "opening": "Anfangssaldo", "closing": "Endsaldo"},
            page_label="Seite {n} von {m}",
            period_joiner=" bis ",
            brought_forward="Übertrag",
            carried_forward="Übertrag",
            lang_descriptions="de",
        ),
    )
}

# "ruled_basic" first: the demo draws it
LAYOUT_FAMILIES: tuple[str, ...] = tuple(FAMILIES)

DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "CARD PAYMENT TESCO STORES 2231",
        "DIRECT DEBIT BRITISH GAS",
        "SALARY ACME LOGISTICS LTD",
        "STANDING ORDER RENT FLAT 4B",
        "ATM WITHDRAWAL HIGH STREET",
        "TRANSFER TO SAVINGS 0042",
        "CARD PAYMENT AMAZON MARKETPLACE EU SARL REF 7781-2293 ONLINE PURCHASE",
        "INTEREST PAID",
        "MONTHLY ACCOUNT FEE",
        "FASTER PAYMENT FROM J SMITH INVOICE 2025-118 CONSULTING SERVICES RENDERED IN FULL",
        "CONTACTLESS COSTA COFFEE",
        "DIRECT DEBIT COUNCIL TAX",
        "REFUND ZALANDO ORDER 55821",
        "CHQ DEPOSIT 100234",
        "INSURANCE PREMIUM AVIVA POLICY 88812",
    ),
    "de": (
        "Kartenzahlung REWE Markt",
        "Lastschrift Stadtwerke Strom",
        "Gehalt Mustermann GmbH",
        "Dauerauftrag Miete Wohnung",
        "Bargeldauszahlung Geldautomat",
        "Überweisung an Sparkonto",
        "Lastschrift Versicherung Allianz Vertrag 4471-220 Beitrag Quartal Kfz-Haftpflicht",
        "Zinsgutschrift",
        "Kontoführungsgebühr",
        "Gutschrift Rechnung 2025-118 Beratung Projekt Nord vollständig beglichen",
        "Kartenzahlung Bäckerei Schmidt",
        "Rundfunkbeitrag",
    ),
    "fr": (
        "Paiement CB Carrefour Market",
        "Prélèvement EDF Électricité",
        "Virement salaire Société Durand",
        "Loyer appartement virement permanent",
        "Retrait DAB Rue de la Paix",
        "Virement vers livret A",
        "Prélèvement assurance habitation MAIF contrat 22871 échéance trimestrielle",
        "Intérêts créditeurs",
        "Frais de tenue de compte",
        "Virement reçu facture 2025-118 prestation de conseil réglée en totalité",
        "Paiement CB Boulangerie Martin",
    ),
    "es": (
        "Compra tarjeta Mercadona",
        "Recibo Iberdrola electricidad",
        "Nómina Construcciones Ruiz SL",
        "Transferencia alquiler piso",
        "Reintegro cajero automático",
        "Traspaso a cuenta ahorro",
        "Recibo seguro hogar Mapfre póliza 55812 cuota trimestral renovación anual",
        "Abono intereses",
        "Comisión mantenimiento",
        "Transferencia recibida factura 2025-118 servicios de consultoría pagada",
    ),
}
