"""Demo data: `flask seed-demo`, small and idempotent, or large for benchmarks."""
