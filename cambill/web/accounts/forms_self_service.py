"""The subscriber's tariff choice for one camera (issue #17, point 7)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.clouds.self_service import self_service_tariffs_for_camera
from cambill.web.core.format import price_text
from cambill.web.core.forms import ActorForm


class SelfServiceTariffForm(ActorForm):
    """One of the cloud's self-service tariffs (``camera`` given by the page)."""

    tariff = forms.ChoiceField(label=_("New tariff"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, camera: Any, **kwargs: Any) -> None:
        self.camera = camera
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        rows = self_service_tariffs_for_camera(actor=self.actor, camera=self.camera)
        field = self.fields["tariff"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (t.code, f"{t.name} ({t.code}): {price_text(t.price, t.currency)}") for t in rows
        ]
