from enum import StrEnum

class CloudsNotificationsListStatus(StrEnum):
    FAILED = "failed"
    QUEUED = "queued"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
