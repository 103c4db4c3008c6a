"""Form plumbing shared by the pages: local times and shape-only checks.

Forms only check shape (a number is a number, a date a date). Business rules
(a code is unique, a price is not negative, a time zone exists) are the verbs'
and come back as ``DomainError`` on the form; keeping them in one place means
the API and the pages can never disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def local_to_utc(naive: datetime, tz: ZoneInfo) -> datetime:
    """A wall-clock time in ``tz`` as an aware UTC instant.

    A time skipped by a daylight-saving jump does not exist and one repeated by
    it is ambiguous; both are refused rather than guessed, because a tariff
    change an hour off moves money between days.
    """
    aware = naive.replace(tzinfo=tz)
    back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if back != naive:
        raise ValidationError(
            gettext("%(time)s does not exist in %(tz)s (clock change)."),
            params={"time": naive.strftime("%Y-%m-%d %H:%M"), "tz": str(tz)},
        )
    if aware.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        raise ValidationError(
            gettext("%(time)s happens twice in %(tz)s (clock change); pick another minute."),
            params={"time": naive.strftime("%Y-%m-%d %H:%M"), "tz": str(tz)},
        )
    return aware.astimezone(UTC)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time in the form's time zone (the cloud's).

    ``to_python`` keeps it naive; the form converts it to aware UTC once it
    knows the zone (``TzForm.clean``). An explicit UTC offset is honoured.
    """

    widget = LocalDateTimeInput
    input_formats = INPUT_FORMATS
    tz: ZoneInfo = ZoneInfo("UTC")

    def to_python(self, value: Any) -> datetime | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            parsed = parse_datetime(text)
        except ValueError:
            parsed = None
        if parsed is None:
            for fmt in self.input_formats:
                try:
                    parsed = datetime.strptime(text, fmt)  # noqa: DTZ007 - naive on purpose: zone applied by the form
                    break
                except (ValueError, TypeError):
                    continue
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed

    def prepare_value(self, value: Any) -> Any:
        # Show stored (UTC) instants as the cloud's wall-clock time.
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(self.tz).replace(tzinfo=None)
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MonthInput(forms.TextInput):
    """A month picker (``<input type="month">``, value ``YYYY-MM``); a browser
    without one shows a text box that takes the same ``YYYY-MM``."""

    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"placeholder": "2026-03", "pattern": r"\d{4}-\d{2}", **(attrs or {})}
        )


class TzForm(forms.Form):
    """A form whose ``LocalDateTimeField`` values are read in ``tz`` and
    returned as aware UTC datetimes in ``cleaned_data``."""

    def __init__(self, *args: Any, tz: ZoneInfo | None = None, **kwargs: Any) -> None:
        self.tz = tz or ZoneInfo("UTC")
        super().__init__(*args, **kwargs)
        for field in self.local_fields():
            field.tz = self.tz
            if not field.help_text:
                field.help_text = _("Local time in %(tz)s.") % {"tz": self.tz}

    # Optional grouping for long forms: ``[(legend, [field names])]``; fields
    # a role does not get are simply absent, empty groups are skipped.
    fieldsets: list[tuple[Any, list[str]]] = []

    def grouped_fields(self) -> list[tuple[Any, list[Any]]]:
        groups = []
        placed: set[str] = set()
        for legend, names in self.fieldsets:
            bound = [self[n] for n in names if n in self.fields]
            placed.update(names)
            if bound:
                groups.append((legend, bound))
        rest = [self[n] for n in self.fields if n not in placed]
        if groups and rest:
            groups.append((_("Other"), rest))
        return groups

    def local_fields(self) -> list[LocalDateTimeField]:
        return [f for f in self.fields.values() if isinstance(f, LocalDateTimeField)]

    def entry_tz(self) -> ZoneInfo:
        """The zone local times were typed in (a cloud form reads its own field)."""
        return self.tz

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        tz = self.entry_tz()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if not isinstance(field, LocalDateTimeField) or value is None:
                continue
            if value.tzinfo is not None:
                cleaned[name] = value.astimezone(UTC)
                continue
            try:
                cleaned[name] = local_to_utc(value, tz)
            except ValidationError as e:
                self.add_error(name, e)
        return cleaned


class ActorForm(TzForm):
    """A form that builds its choices from what the actor may see."""

    def __init__(self, *args: Any, actor: Any, cloud: Any = None, **kwargs: Any) -> None:
        self.actor = actor
        self.cloud = cloud
        super().__init__(*args, **kwargs)
        self.setup()
        show_currencies(self, getattr(cloud, "currency", None))

    def setup(self) -> None:
        """Hook: fill choices, drop fields the actor may not set."""

    def set_queryset(self, name: str, queryset: Any) -> None:
        """Offer only ``queryset`` (a selector's, so never another tenant's rows)."""
        field = self.fields.get(name)
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = queryset


def decimal_input_text(value: Any, currency: str | None = None) -> str:
    """A number as an input box shows it: plain digits and a dot, never an
    exponent ("32000", not the "3.2E+4" of ``Decimal("32000").normalize()``).
    An amount in ``currency`` keeps the currency's places at least and up to the
    6 a price keeps when it has them ("32000.00", "0.004"); another number shows
    the decimals it has ("7", "1.5")."""
    from cambill.core.money import PRICE_PLACES, places_shown

    number = Decimal(value)
    if not number.is_finite():
        return str(value)
    if currency:
        places = places_shown(number, currency, PRICE_PLACES)
        with localcontext() as ctx:
            ctx.prec = 60
            return f"{number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}"
    return f"{number.normalize():f}"


class AsciiDecimalField(forms.DecimalField):
    """Django's DecimalField read by the product's one decimal rule
    (``cambill.core.validation.parse_decimal``): ASCII digits and a dot, so
    "١٢" or "1_000" are refused instead of read as 12 and 1000. A stored value
    (an initial) is shown by :func:`decimal_input_text`: an amount box with its
    currency's places, never an exponent."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            currency = getattr(self.widget, "currency", None) or None
            return decimal_input_text(value, currency)
        return super().prepare_value(value)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if self.localize:
            from django.utils.formats import sanitize_separators

            value = sanitize_separators(value)
        from cambill.core.validation import parse_decimal

        if parse_decimal(value if not isinstance(value, str) else value.strip()) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class CheckedDecimalField(AsciiDecimalField):
    """A number also judged by the verb's own check (``check_percent``,
    ``check_amount``) while the form is validated: the verb's rule, the verb's
    message, reported with the form's other errors in the same submit (a form
    with a shape error never reaches the verb). The verb checks again."""

    def __init__(self, *args: Any, check: Any, **kwargs: Any) -> None:
        self.check = check
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        from cambill.core.errors import DomainError
        from cambill.core.field_errors import field_messages

        try:
            self.check(value, "value")
        except DomainError as e:
            messages = [m for ms in field_messages(e).values() for m in ms] or [e.message]
            raise forms.ValidationError(messages, code=str(e.code)) from None


class JsonTextField(forms.JSONField):
    """A JSON box that is empty when there is no value: Django's JSONField
    writes None as the word "null" in the box."""

    def prepare_value(self, value: Any) -> Any:
        if value is None:
            return ""
        return super().prepare_value(value)


class MoneyInput(forms.TextInput):
    """An amount box that shows its currency beside it (``USD``).

    ``currency`` is fixed (the cloud's, set by the form); ``currency_from``
    names the form's currency field whose choice it follows (shown as chosen
    when the page is drawn; cambill.js updates it when the choice changes)."""

    template_name = "web/widgets/money.html"

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        currency: str | None = None,
        currency_from: str | None = None,
    ) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.currency = currency
        self.currency_from = currency_from
        self.currency_of = ""  # the id of the currency box it follows (set by the form)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        addon = f"{attrs.get('id', name)}_currency"
        described = attrs.get("aria-describedby", "")
        attrs["aria-describedby"] = f"{described} {addon}".strip()
        ctx = super().get_context(name, value, attrs)
        ctx["widget"]["currency"] = self.currency or ""
        ctx["widget"]["addon_id"] = addon
        ctx["widget"]["currency_of"] = self.currency_of
        return ctx


def decimal_field(
    label: Any,
    *,
    required: bool = True,
    help_text: Any = "",
    money: bool = False,
    currency: str | None = None,
    currency_from: str | None = None,
    check: Any = None,
    **kw: Any,
) -> forms.DecimalField:
    """A number, nothing more: sign, places and range are the verb's to judge.

    An amount of money (``money``, ``currency`` or ``currency_from``) shows its
    currency beside the box: ``currency`` fixed, ``currency_from`` the form's
    currency field, or (``money`` alone) the form's cloud's currency. ``check``
    (a ``cambill.core.validation`` check) judges it with the form's other fields."""
    widget: forms.TextInput
    if money or currency or currency_from:
        widget = MoneyInput(currency=currency, currency_from=currency_from)
    else:
        widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    if check is not None:
        return CheckedDecimalField(
            label=label, required=required, help_text=help_text, widget=widget, check=check, **kw
        )
    return AsciiDecimalField(
        label=label,
        required=required,
        help_text=help_text,
        widget=widget,
        **kw,
    )


def show_currencies(form: forms.Form, currency: str | None) -> None:
    """Fill each money box's currency: the value of the field it follows, else ``currency``."""
    for field in form.fields.values():
        widget = field.widget
        if not isinstance(widget, MoneyInput):
            continue
        if widget.currency_from and widget.currency_from in form.fields:
            source = form[widget.currency_from]
            chosen = source.value()
            widget.currency = str(chosen).upper() if chosen else ""
            widget.currency_of = source.auto_id or ""
        elif not widget.currency and currency:
            widget.currency = currency


class LabelledModelChoiceField(forms.ModelChoiceField):
    """A choice showing ``code - name`` (or the username and full name)."""

    def label_from_instance(self, obj: Any) -> str:
        code = getattr(obj, "code", None) or getattr(obj, "username", None) or str(obj)
        name = getattr(obj, "name", None)
        if name is None and hasattr(obj, "get_full_name"):
            name = obj.get_full_name()
        return f"{code} - {name}" if name and name != code else str(code)


class LabelledMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return LabelledModelChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


CODE_HELP = _("Letters, digits, '-', '_' and '.'. Cannot be changed later.")


def choice_field(
    label: Any, *, required: bool = False, empty: Any = "---------"
) -> LabelledModelChoiceField:
    """A model choice field whose queryset the form's ``setup`` fills in."""
    return LabelledModelChoiceField(
        label=label, queryset=None, required=required, empty_label=empty
    )  # type: ignore[arg-type]
