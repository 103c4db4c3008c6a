from enum import StrEnum

class TaxRegimeEnum(StrEnum):
    VALUE_0 = "601"
    VALUE_1 = "603"
    VALUE_10 = "614"
    VALUE_11 = "615"
    VALUE_12 = "616"
    VALUE_13 = "620"
    VALUE_14 = "621"
    VALUE_15 = "622"
    VALUE_16 = "623"
    VALUE_17 = "624"
    VALUE_18 = "625"
    VALUE_19 = "626"
    VALUE_2 = "605"
    VALUE_20 = "628"
    VALUE_21 = "629"
    VALUE_22 = "630"
    VALUE_3 = "606"
    VALUE_4 = "607"
    VALUE_5 = "608"
    VALUE_6 = "609"
    VALUE_7 = "610"
    VALUE_8 = "611"
    VALUE_9 = "612"

    def __str__(self) -> str:
        return str(self.value)
