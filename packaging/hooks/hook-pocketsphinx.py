# pocketsphinx reads its US-English acoustic model and dictionary from the "model" folder next
# to its code (pocketsphinx.get_model_path()). The general LM (en-us.lm.bin) and the phone LM
# are dropped afterwards (bundle_data.DROPPED_FILES): the first is a download in the installers.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("pocketsphinx")
