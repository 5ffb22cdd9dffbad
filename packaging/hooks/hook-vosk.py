# vosk dlopens libvosk (.so/.dll/.dyld) from its package folder through cffi.
from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs("vosk")
hiddenimports = ["vosk.vosk_cffi", "_cffi_backend"]
