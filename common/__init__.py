"""Helpers shared by training, the load tests, the archive builder and the tests.

Never imported by ``model/`` or the handler: a served archive packs ``model/`` only, so anything
serving needs lives there.
"""
