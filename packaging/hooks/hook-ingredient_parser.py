# ingredient_parser reads its CRF model, tag dictionary, embeddings and foundation-foods table
# (en/data/*) and pint_extensions.txt from its package folder.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("ingredient_parser")
