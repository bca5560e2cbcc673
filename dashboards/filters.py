"""The sidebar filters every page shares: period, division and district.

They are drawn by the router on every run, so they keep their values when the reader moves
between pages, and they are bound to the URL's query parameters (``?period=Oct+2026&
division=Makran&district=Kech``), so a view can be shared by sending its link. A value
that does not fit the current snapshot (a month it does not hold, a district outside the
chosen division) falls back to the default instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from dashboards.queries import filters as options

# Widget keys double as the URL's query-parameter names.
PERIOD_KEY = "period"
DIVISION_KEY = "division"
DISTRICT_KEY = "district"
_STATE_KEY = "_bgw_filters"

PROVINCE_CODE = "PK2"
PROVINCE_NAME = "Balochistan"


@dataclass(frozen=True)
class Filters:
    """What the reader chose; ``None`` means "all" (or, for the period, no monthly data)."""

    period: date | None = None
    period_label: str = ""
    fiscal_year_label: str = ""
    period_complete: bool = True
    latest_complete_period: date | None = None
    division: str | None = None
    district_pcode: str | None = None
    district_name: str | None = None

    @property
    def geo_level(self) -> str:
        if self.district_pcode:
            return "district"
        return "division" if self.division else "province"

    @property
    def geo_code(self) -> str:
        """District P-code, division name or the province code (the marts' geo_code)."""
        return self.district_pcode or self.division or PROVINCE_CODE

    @property
    def geo_name(self) -> str:
        return self.district_name or self.division or PROVINCE_NAME

    @property
    def period_caption(self) -> str:
        if self.period is None:
            return "no monthly figures"
        progress = "" if self.period_complete else " (month in progress)"
        fiscal = f", {self.fiscal_year_label}" if self.fiscal_year_label else ""
        return f"{self.period_label}{fiscal}{progress}"


def render_sidebar() -> Filters:
    """Draw the filters in the sidebar and remember the choice for the page."""
    sidebar = st.sidebar
    sidebar.subheader("Filters")

    months = options.months()
    by_start = {m.month_start: m for m in months}
    default = options.default_month(months)
    period = sidebar.selectbox(
        "Period (month)",
        options=list(by_start),
        index=list(by_start).index(default.month_start) if default else 0,
        format_func=lambda d: by_start[d].label,
        key=PERIOD_KEY,
        bind="query-params",
        disabled=not months,
        placeholder="No monthly figures yet",
        help="Pages with monthly figures show this month and compare it with the month "
        "before. The survey is by wave and has its own selector.",
    )
    chosen = by_start.get(period)
    if chosen is not None:
        progress = "" if chosen.complete else " · month in progress"
        sidebar.caption(f"{chosen.fiscal_year_label}{progress}")

    division_options: list[str | None] = [None, *options.divisions()]
    division = sidebar.selectbox(
        "Division",
        options=division_options,
        format_func=lambda d: "All divisions" if d is None else d,
        key=DIVISION_KEY,
        bind="query-params",
    )

    districts = options.districts(division)
    names = dict(zip(districts["district_pcode"], districts["district_name"], strict=True))
    district = sidebar.selectbox(
        "District",
        options=[None, *names],
        format_func=lambda code: "All districts" if code is None else names[code],
        key=DISTRICT_KEY,
        bind="query-params",
        help="Pages compare a chosen district with its division and the province.",
    )
    if district is not None and division is None:
        division = str(districts.loc[districts["district_pcode"] == district, "division"].iloc[0])

    chosen_filters = Filters(
        period=period,
        period_label=chosen.label if chosen else "",
        fiscal_year_label=chosen.fiscal_year_label if chosen else "",
        period_complete=chosen.complete if chosen else True,
        latest_complete_period=default.month_start if default else None,
        division=division,
        district_pcode=district,
        district_name=names.get(district) if district else None,
    )
    st.session_state[_STATE_KEY] = chosen_filters
    return chosen_filters


def current() -> Filters:
    """The filters the router drew for this run (all-province, no period, if it did not)."""
    value = st.session_state.get(_STATE_KEY)
    return value if isinstance(value, Filters) else Filters()
