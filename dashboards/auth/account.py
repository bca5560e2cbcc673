"""The sidebar's account block: who is reading, in which role and scope; sign in and out.

Signing in goes through Streamlit's ``st.login`` to the identity provider configured in the
``[auth]`` section of Streamlit's secrets; the app keeps no password. Without that section
everyone reads as the public, and the block says so.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from dashboards.auth import audit_trail
from dashboards.auth.identity import Identity

PUBLIC_NOTE = "Published indicators by province, division and district."


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return False


def show(identity: Identity) -> None:
    box = st.sidebar.container(key="bgw_account")
    if identity.signed_in:
        who = identity.name or identity.subject
        box.markdown(f"**{who}**  \n{identity.subject}")
        if identity.granted:
            box.caption(f"{identity.scope.role_label}: {identity.scope.describe()}.")
        else:
            box.caption(f"No role granted to this account: public view. {PUBLIC_NOTE}")
        if box.button("Sign out", key="bgw_sign_out", icon=":material/logout:"):
            audit_trail.sign_out()
        return
    if identity.expired:
        box.warning("Your session has expired: sign in again.", icon=":material/timer_off:")
    elif identity.refused:
        box.error(identity.refused, icon=":material/gpp_bad:")
    box.caption(f"Public view, not signed in. {PUBLIC_NOTE}")
    if sign_in_configured():
        if box.button("Sign in", key="bgw_sign_in", type="primary", icon=":material/login:"):
            st.login()
    else:
        box.caption("Sign-in is not configured (no [auth] section in Streamlit's secrets).")
