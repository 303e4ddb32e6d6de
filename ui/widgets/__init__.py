"""Reusable widgets: pickers, time entry, table page, chart."""
