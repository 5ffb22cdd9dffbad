# recipe_scrapers imports its settings module and plugins by name (importlib.import_module on
# strings in recipe_scrapers/settings/default.py): collect every submodule so each runs frozen.
from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("recipe_scrapers")
