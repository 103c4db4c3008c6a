from enum import StrEnum

class CloudsWatcherPushesListStatus(StrEnum):
    DONE = "done"
    FAILED = "failed"
    OPEN = "open"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
