"""Which pages a reader is offered: the router's ``PAGES``, less those their role may not see.

A page left out here is not in the navigation, and Streamlit does not run a page that is
not registered: a link straight to it shows "page not found" and the reader's first page.
Its data are not in the reader's catalog either, so this is the second lock, not the only
one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from dashboards.auth.access import Scope


def page_name(page: st.Page) -> str:
    """The page's own URL path (the default page reports "" for it in ``url_path``)."""
    return page.url_path or getattr(page, "_url_path", "")


def _nothing_to_show() -> None:
    st.title("Nothing to show")
    st.info("Your role has no dashboard pages. Ask the IT Department for access.")


def pages_for(pages: Mapping[str, Sequence[st.Page]], scope: Scope) -> dict[str, list[st.Page]]:
    """``pages`` (section → pages) with only the pages ``scope`` may see; empty sections go."""
    allowed = {}
    for section, section_pages in pages.items():
        visible = [p for p in section_pages if scope.may_see_page(page_name(p))]
        if visible:
            allowed[section] = visible
    if not allowed:
        return {"": [st.Page(_nothing_to_show, title="Nothing to show", url_path="nothing")]}
    return allowed
