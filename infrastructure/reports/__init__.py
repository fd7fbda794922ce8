"""Submissions and bulletins: as-of snapshots of the lists, rendered as Excel and Word."""
