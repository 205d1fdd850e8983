"""Clinician review records (added with the dashboard)."""
