"""The read models' SQL side: views, generations, runners, locks and the list queries."""
