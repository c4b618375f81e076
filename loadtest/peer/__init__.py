"""The peer `make bench-peer` measures intent-serve's archives against: TorchServe's own Hugging
Face example handler setup, re-implemented here (``hf_example_handler``) and packed around our
trained encoder (``build``), so the comparison isolates the serving path, not the weights."""
