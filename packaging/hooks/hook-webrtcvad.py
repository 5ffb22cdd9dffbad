# Overrides the contrib hook, which copies the metadata of "webrtcvad": Homebody depends on the
# "webrtcvad-wheels" distribution, whose webrtcvad.py reads its own version from that name.
from PyInstaller.utils.hooks import copy_metadata

datas = copy_metadata("webrtcvad-wheels")
