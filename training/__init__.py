"""Training and export of Homebody's intent model (a dev tool; needs the ``train`` extra).

Never imported by ``pipelines/`` or ``app/``: the app runs the exported ONNX model with
onnxruntime + tokenizers only. Rebuild everything with ``python -m training.build``.
"""
