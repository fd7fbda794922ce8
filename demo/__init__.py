"""Demo data for `make run`: Beibei District's units, a year of activities, a quarter of
problems and one credential per role. The service itself never imports it."""
