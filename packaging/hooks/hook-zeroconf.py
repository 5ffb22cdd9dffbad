# zeroconf's modules are compiled with Cython and import each other from C, which PyInstaller's
# analysis cannot see: collect them all (LAN announcement to Home Assistant).
from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("zeroconf")
