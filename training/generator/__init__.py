"""The synthetic prompt generator: template families per intent, pools, contexts, edge cases and
the engine that renders them (CLI: ``generate-training-data``, :mod:`training.generate_data`).

Imports run one way: ``base`` ← ``pools``/``code_snippets`` ← ``contexts`` ← ``families`` ←
``edge_cases``/``registry`` ← ``surface`` ← ``engine``.
"""
