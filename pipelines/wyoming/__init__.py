"""Homebody over the Wyoming protocol (the ``wyoming`` package, 1.10.x).

Both ways: a server Home Assistant (or any Wyoming client) uses for speech-to-text, intent
recognition and handling, text-to-speech and wake word detection; and a hub that drives
wyoming-satellite devices in other rooms and can use a speech engine on another home machine.
One small module per concern:

- ``audio_convert``: announced rate/width/channels -> 16 kHz mono s16le (and back);
- ``framing``: reading events with limits (line, data and payload size) and clear faults;
- ``peers``: who may connect (loopback, or an allow-list of addresses and subnets);
- ``engines``: the adapter over today's pieces (recognisers, Assistant, TTS, wake words);
- ``info``: the ``describe`` -> ``info`` answer Home Assistant needs;
- ``asr_handler``, ``intent_handler``, ``tts_handler``, ``wake_handler``: one per service;
- ``session``: one client connection; ``server``: listening, peers, ledger, zeroconf;
- ``satellite``: Homebody as the hub of a satellite; ``remote_asr``: a remote engine.
"""
