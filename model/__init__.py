"""Shared core of intent-serve: labels, features, preprocessing and the classifier.

Training, the TorchServe handler, ONNX export and the tests all import from here, so that
what a model sees in training is exactly what it sees in serving.
"""
