"""Who may see what: sign-in (OpenID Connect through Streamlit), roles and scopes, audit."""
