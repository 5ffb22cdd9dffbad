"""The PySide6 desktop app. The only package where Qt is imported.

Widgets subscribe to pipeline events through :class:`~app.gui.bridge.EventBridge`, which
re-emits them as Qt signals on the GUI thread; pipelines run on worker threads through
:class:`~app.gui.tasks.TaskRunner`.
"""
