"""Offline pipeline: synthetic data generation, data preparation and model training.

Kept apart from ``model`` so that serving never imports training-only code or dependencies.
"""
