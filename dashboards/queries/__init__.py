"""Read-only access to the published serving snapshot. All dashboard SQL lives here."""
