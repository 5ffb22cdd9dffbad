# pymicro_wakeword loads its .tflite wake-word models from models/ and dlopens
# libtensorflowlite_c from lib/, both looked up next to its own __file__.
from PyInstaller.utils.hooks import collect_data_files, collect_dynamic_libs

datas = collect_data_files("pymicro_wakeword")
binaries = collect_dynamic_libs("pymicro_wakeword")
