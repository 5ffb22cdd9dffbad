"""Command language models and grammars built from our own sentences, and the store of
prebuilt builds."""
