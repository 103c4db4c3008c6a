from enum import StrEnum

class AggregationEnum(StrEnum):
    COUNT = "count"
    LATEST = "latest"
    MAX = "max"
    SUM = "sum"
    TIME_WEIGHTED_AVG = "time_weighted_avg"
    UNIQUE_COUNT = "unique_count"

    def __str__(self) -> str:
        return str(self.value)
