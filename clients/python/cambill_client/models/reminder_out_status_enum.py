from enum import StrEnum

class ReminderOutStatusEnum(StrEnum):
    ALREADY_SENT = "already_sent"
    NOTHING_OVERDUE = "nothing_overdue"
    NO_CONTACT = "no_contact"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
