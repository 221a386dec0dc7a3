"""Reports that read across domains: the roster and the admin dashboard."""
