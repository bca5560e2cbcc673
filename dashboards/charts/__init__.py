"""Plotly figure builders. They take already-aggregated frames and never query."""
