"""A local demo page over the running TorchServe (``make demo``); see demo/server.py."""
