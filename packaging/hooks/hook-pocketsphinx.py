# pocketsphinx reads its US-English acoustic model, dictionary and language model from the
# "model" folder next to its code (pocketsphinx.get_model_path()).
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("pocketsphinx")
