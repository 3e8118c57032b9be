"""Follow-up reports built from the same queries and figures as the dashboard (no running server)."""
