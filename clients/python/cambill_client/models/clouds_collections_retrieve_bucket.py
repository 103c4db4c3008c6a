from enum import StrEnum

class CloudsCollectionsRetrieveBucket(StrEnum):
    CURRENT = "current"
    DAYS_1_30 = "days_1_30"
    DAYS_31_60 = "days_31_60"
    DAYS_61_90 = "days_61_90"
    DAYS_OVER_90 = "days_over_90"

    def __str__(self) -> str:
        return str(self.value)
