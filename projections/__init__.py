"""Read models that follow the event log (the lists, the board, the statistics)."""
