"""Packaging and operating TorchServe archives: ``python -m archive.build`` and ``archive.api_key``."""
