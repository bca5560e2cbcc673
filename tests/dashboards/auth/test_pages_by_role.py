"""The running app, signed in as each role (AppTest seeds ``st.user`` as Streamlit's sign-in
does): which pages are offered, what they show, and attempts to see more through the URL,
session state or an old session."""

from __future__ import annotations

import io
import sqlite3
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboards.auth.access import load_policy
from dashboards.filters import Filters

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

APP_FILE = Path(__file__).resolve().parents[3] / "dashboards" / "streamlit_app.py"
OVERVIEW = "app_pages/overview.py"
COMPLAINTS = "app_pages/complaints.py"
SURVEY = "app_pages/survey.py"
DATA_HEALTH = "app_pages/data_health.py"
KNOWN = (OVERVIEW, COMPLAINTS, SURVEY, DATA_HEALTH)


def offered(at) -> set[str]:
    """The pages the navigation registered (AppTest cannot switch to any other)."""
    found = set()
    for page in KNOWN:
        try:
            at.switch_page(page)
        except ValueError:
            continue
        found.add(page)
    return found


def account_text(at) -> str:
    return " ".join(
        [m.value for m in at.sidebar.markdown]
        + [c.value for c in at.sidebar.caption]
        + [w.value for w in at.sidebar.warning]
    )


def audit_rows(warehouse, event=None) -> pd.DataFrame:
    with sqlite3.connect(warehouse / "audit" / "audit.sqlite") as con:
        frame = pd.read_sql_query("select * from audit_event order by event_id", con)
    return frame if event is None else frame[frame["event"] == event]


@pytest.mark.parametrize(
    ("groups", "pages"),
    [
        ((), {OVERVIEW, COMPLAINTS}),
        (("bgw-policy-makers",), set(KNOWN)),
        (("bgw-secretary-health",), {OVERVIEW, COMPLAINTS, SURVEY}),
        (("bgw-dc-gwadar",), {OVERVIEW, COMPLAINTS, SURVEY}),
        (("bgw-data-engineers",), {DATA_HEALTH}),
    ],
    ids=["public", "policy-maker", "secretary", "district-officer", "data-engineer"],
)
def test_each_role_is_offered_its_pages_and_no_other(publish, run_app, sign_in, groups, pages):
    publish()
    at = run_app(user=sign_in(*groups) if groups else {"is_logged_in": False})
    assert not at.exception
    assert offered(at) == pages


def test_the_data_engineer_opens_on_the_data_health_page(publish, run_app, sign_in):
    publish()
    at = run_app(user=sign_in("bgw-data-engineers"))
    assert [t.value for t in at.title] == ["Data health"]


def test_the_sidebar_says_who_reads_in_which_role_and_offers_sign_out(publish, run_app, sign_in):
    publish()
    at = run_app(user=sign_in("bgw-dc-gwadar", email="dc.gwadar@bgw-demo.example"))
    text = account_text(at)
    assert "dc.gwadar@bgw-demo.example" in text
    assert "District officer: every department, district PK205." in text
    assert [b.key for b in at.sidebar.button] == ["bgw_sign_out"]


def test_a_signed_in_person_without_a_grant_reads_as_the_public(publish, run_app, sign_in):
    publish()
    at = run_app(user=sign_in("some-other-group"))
    assert "No role granted to this account: public view." in account_text(at)
    assert offered(at) == {OVERVIEW, COMPLAINTS}


def test_an_expired_session_reads_as_the_public_and_is_asked_to_sign_in_again(
    publish, run_app, sign_in, warehouse
):
    publish()
    hours = load_policy().session_max_age_minutes / 60 + 1
    old = sign_in("bgw-policy-makers", iat=int(time.time() - hours * 3600))
    at = run_app(user=old)
    assert not at.exception
    assert "Your session has expired" in account_text(at)
    assert offered(at) == {OVERVIEW, COMPLAINTS}
    assert list(audit_rows(warehouse)["event"][:1]) == ["session_expired"]


def test_a_district_officer_sees_only_their_district_on_the_complaints_page(
    publish, run_app, sign_in
):
    publish()
    at = run_app(COMPLAINTS, user=sign_in("bgw-dc-gwadar"))
    assert not at.exception
    (ranking,) = at.dataframe
    assert ranking.value["district_pcode"].tolist() == ["PK205"]
    assert at.selectbox(key="district").options == ["All districts", "Gwadar"]


@pytest.mark.parametrize("district", ["Awaran", "PK201", "Awaran' OR '1'='1", "ＰＫ２０１"])
def test_a_district_officer_changing_the_district_in_the_url_gets_nothing_more(
    publish, run_app, sign_in, district
):
    publish()
    at = run_app(COMPLAINTS, query={"district": district}, user=sign_in("bgw-dc-gwadar"))
    assert not at.exception
    assert at.selectbox(key="district").value is None
    (ranking,) = at.dataframe
    assert ranking.value["district_pcode"].tolist() == ["PK205"]
    assert "Awaran" not in " ".join(s.value for s in at.subheader)


def test_a_district_officer_setting_the_district_in_session_state_gets_nothing_more(
    publish, sign_in
):
    from streamlit.testing.v1 import AppTest

    publish()
    at = AppTest.from_file(str(APP_FILE), default_timeout=60)
    at.user = sign_in("bgw-dc-gwadar")
    # The widgets' keys and the filters the router hands to pages, set before the first run.
    at.session_state["district"] = "PK201"
    at.session_state["division"] = "Kalat"
    at.session_state["_bgw_filters"] = Filters(district_pcode="PK201", district_name="Awaran")
    at.run()
    at.switch_page(COMPLAINTS).run()
    assert not at.exception
    (ranking,) = at.dataframe
    assert ranking.value["district_pcode"].tolist() == ["PK205"]
    assert at.selectbox(key="district").value is None
    assert not [s.value for s in at.subheader if "Awaran" in s.value or "Kalat" in s.value]


@pytest.fixture
def stored_files(monkeypatch):
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        stored[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    return stored


def test_a_district_officers_downloads_hold_only_their_district(
    publish, run_app, sign_in, stored_files
):
    publish(synthetic=False)
    at = run_app(COMPLAINTS, user=sign_in("bgw-dc-gwadar"))
    assert not at.exception
    files = [n for n in stored_files if n and n.startswith("complaints_")]
    assert files
    for name in files:
        data = io.BytesIO(stored_files[name])
        frame = pd.read_csv(data) if name.endswith(".csv") else pd.read_excel(data)
        assert set(frame["District P-code"]) == {"PK205"}, name


def test_the_audit_trail_records_the_sign_in_and_each_view_with_its_filters(
    publish, run_app, sign_in, warehouse
):
    publish()
    at = run_app(COMPLAINTS, user=sign_in("bgw-dc-gwadar", email="dc@bgw-demo.example"))
    at.selectbox(key="period").select(pd.Timestamp("2026-09-01").date()).run()
    at.run()  # a rerun with nothing changed is not a new view
    signed_in = audit_rows(warehouse, "sign_in")
    assert signed_in["subject"].tolist() == ["dc@bgw-demo.example"]
    assert signed_in["role"].tolist() == ["district_officer"]
    views = audit_rows(warehouse, "view")
    assert views["page"].tolist()[-2:] == ["complaints", "complaints"]
    assert '"period": "2026-09-01"' in views["filters"].iloc[-1]


def test_a_crafted_link_is_recorded_as_it_was_sent(publish, run_app, sign_in, warehouse):
    publish()
    crafted = "'; drop table audit_event; --"
    run_app(COMPLAINTS, query={"district": crafted}, user=sign_in("bgw-dc-gwadar"))
    views = audit_rows(warehouse, "view")
    assert any(crafted in f for f in views["filters"])


def test_the_data_engineer_reads_the_audit_trail_on_the_data_health_page(publish, run_app, sign_in):
    publish()
    run_app(COMPLAINTS, user=sign_in("bgw-dc-gwadar", email="dc@bgw-demo.example"))
    at = run_app(user=sign_in("bgw-data-engineers", email="engineer@bgw-demo.example"))
    assert not at.exception
    assert "Audit trail" in [h.value for h in at.header]
    (trail,) = [d.value for d in at.dataframe if "subject" in d.value.columns]
    assert {"dc@bgw-demo.example", "engineer@bgw-demo.example"} <= set(trail["subject"])
    assert {"health_audit_csv", "health_audit_xlsx"} <= {b.key for b in at.get("download_button")}


def test_the_policy_maker_gets_the_data_health_page_without_the_audit_trail(publish, run_app):
    publish()
    at = run_app(DATA_HEALTH)
    assert [t.value for t in at.title] == ["Data health"]
    assert "Audit trail" not in [h.value for h in at.header]


def test_code_acting_as_someone_cannot_widen_what_a_session_sees(publish, run_app, reader):
    # conftest acts as a policy maker for direct calls; a session reads st.user alone.
    assert reader.role == "policy_maker"
    publish()
    at = run_app(user={"is_logged_in": False})
    assert offered(at) == {OVERVIEW, COMPLAINTS}
