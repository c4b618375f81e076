"""Load tests and serving benchmarks for the TorchServe archives (docs/loadtest.md)."""
