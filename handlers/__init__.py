"""The TorchServe handler; an archive packs intent_handler.py alone, at its root."""
