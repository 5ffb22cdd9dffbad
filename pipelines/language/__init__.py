"""Language understanding: utterance -> :class:`~pipelines.core.intent.Intent`."""
