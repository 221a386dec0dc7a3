"""Small helpers every service may use: absolute URLs, CSV cells, Markdown, the Stripe
client built from configuration. Nothing here imports another service package."""
