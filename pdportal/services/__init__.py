"""Domain rules and transactions; no request objects here."""
