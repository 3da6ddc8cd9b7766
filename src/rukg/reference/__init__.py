"""Reference data: official trade tables, exchange rates and prices, places and
boundaries, later facts, and the schemas of every table beside the catalogue."""
