"""dashboards.auth.audit_trail and .navigation: what is recorded when, and what is offered."""

from __future__ import annotations

from types import SimpleNamespace

from dashboards.auth import audit_trail
from dashboards.auth.access import load_policy
from dashboards.auth.identity import acting_as
from dashboards.auth.navigation import pages_for
from dashboards.queries import audit

ENGINEER = load_policy().scope_of("data_engineer")


def test_a_download_is_recorded_with_who_took_which_table_and_how_many_rows():
    with acting_as(load_policy().public_scope(), subject="visitor"):
        audit_trail.note_download("Complaints ranking 2026-10", "complaints.csv", 6)
    with acting_as(ENGINEER):
        (event,) = audit.events().itertuples()
    assert (event.event, event.subject, event.role) == ("download", "visitor", "public")
    assert '"rows": 6' in event.detail and "complaints.csv" in event.detail


def page(url_path: str) -> SimpleNamespace:
    # st.Page outside a running app is an empty shell; the filter only reads the URL path.
    return SimpleNamespace(url_path=url_path)


def test_pages_keep_their_sections_and_empty_sections_go():
    pages = {
        "Overview": [page("overview"), page("complaints")],
        "Surveys": [page("survey")],
        "Data engineering": [page("data-health")],
    }
    public = pages_for(pages, load_policy().public_scope())
    assert {s: [p.url_path for p in ps] for s, ps in public.items()} == {
        "Overview": ["overview", "complaints"]
    }
    assert list(pages_for(pages, ENGINEER)) == ["Data engineering"]


def test_a_role_without_pages_gets_one_page_saying_so_instead_of_an_empty_app():
    assert [len(v) for v in pages_for({"Overview": [page("overview")]}, ENGINEER).values()] == [1]
    assert list(pages_for({"Overview": [page("overview")]}, ENGINEER)) == [""]
