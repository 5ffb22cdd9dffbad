"""One error hierarchy for all of Homebody.

Every error carries a stable machine-readable ``code`` (used by the CLI's JSON output, the
GUI and the run history) and a human message that says what went wrong and what to do.
"""

from __future__ import annotations


class HomebodyError(Exception):
    """Base of every error Homebody raises on purpose."""

    code = "homebody_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class SettingsError(HomebodyError):
    code = "settings_invalid"


class StorageError(HomebodyError):
    code = "storage_error"


class MigrationError(StorageError):
    code = "migration_failed"


class ModelError(HomebodyError):
    code = "model_error"


class ModelNotInstalledError(ModelError):
    code = "model_not_installed"


class ModelVerificationError(ModelError):
    code = "model_verification_failed"


class StagePrepareError(HomebodyError):
    code = "stage_prepare_failed"


class StageProcessError(HomebodyError):
    code = "stage_process_failed"


class DeviceError(HomebodyError):
    """A microphone, camera, speaker or home device is missing or unreachable."""

    code = "device_unavailable"


class InputError(HomebodyError):
    """A file or value supplied by the user cannot be used (malformed recipe, bad image...)."""

    code = "invalid_input"


class PrivacyError(HomebodyError):
    code = "privacy_error"


class LedgerTamperedError(PrivacyError):
    code = "ledger_tampered"


class EgressBlockedError(PrivacyError, ConnectionRefusedError):
    """Raised by the egress guard for a connection that would leave this computer.

    It is also a ``ConnectionRefusedError`` so that libraries handle it like any refused
    connection instead of crashing.
    """

    code = "egress_blocked"

    def __init__(self, message: str) -> None:
        PrivacyError.__init__(self, message)
