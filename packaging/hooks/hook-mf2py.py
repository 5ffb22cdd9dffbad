# mf2py (microformats, used by extruct for recipe pages) reads backcompat-rules/*.json next to
# its code at import time.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("mf2py")
