from enum import StrEnum

class ExportKindEnum(StrEnum):
    LIST = "list"
    USAGE_REPORT = "usage_report"

    def __str__(self) -> str:
        return str(self.value)
