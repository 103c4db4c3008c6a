"""The amounts of a CFDI's concepts, exact to the cent against the ``EInvoice``.

CFDI 4.0 has no negative concept. A line's ``net`` is its ``Importe`` and its
``discount`` (its share of the document's allowances, as ``cambill.einvoice.build``
allocates them) its ``Descuento``; when no line carries a share, the document's
allowances are shared here. cambill's negative lines (true-up, offline credits)
become ``Descuento`` on the positive concepts of the same tax rate, shared in
proportion by largest remainder, so the document's ``Descuento`` is exactly the
allowances plus the credits. Each concept
then carries its own IVA (``ObjetoImp`` 02): the document's tax of that rate is
shared out so the concepts' taxes sum to it exactly, each within the limits SAT
allows around ``Base x TasaOCuota`` (Anexo 20, "límites" of ``Importe``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from satcfdi.catalogs import moneda_decimales

from ...protocol import EInvoiceError, ValidationIssue
from ...value import EInvoice, Line

_SIX = Decimal("0.000001")


@dataclass(frozen=True)
class ConceptAmounts:
    """One ``Concepto``: what it says and its exact amounts."""

    position: int
    description: str
    service_code: str
    product_code: str
    unit_code: str
    quantity: Decimal
    unit_price: Decimal
    importe: Decimal  # Cantidad x ValorUnitario, rounded to the currency
    descuento: Decimal
    objeto_imp: str  # "02" taxed, "01" not subject
    tax_category: str  # EN 16931 category the concept's tax comes from
    tax_factor: str  # "Tasa", "Exento" or "" (not subject)
    rate: Decimal  # TasaOCuota, e.g. 0.160000
    tax: Decimal  # this concept's IVA (0 when exempt or not subject)

    @property
    def base(self) -> Decimal:
        return self.importe - self.descuento


@dataclass(frozen=True)
class DocumentAmounts:
    concepts: tuple[ConceptAmounts, ...]
    subtotal: Decimal
    descuento: Decimal
    tax: Decimal
    total: Decimal


def decimals(currency: str) -> int:
    """SAT's decimals of a currency (catalogue c_Moneda)."""
    return int(moneda_decimales(currency))


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-decimals(currency))


def sat_round(value: Decimal, q: Decimal) -> Decimal:
    """How ``satcfdi`` (and so the ``Importe`` it writes) rounds: Python's ``round``."""
    return value.quantize(q, rounding=ROUND_HALF_EVEN)


def tax_limits(base: Decimal, rate: Decimal, q: Decimal) -> tuple[Decimal, Decimal]:
    """SAT's lower and upper limits of a concept's tax ``Importe`` (Anexo 20)."""
    half = q / 2
    lower = ((base - half) * rate).quantize(q, rounding=ROUND_DOWN)
    upper = ((base + half - Decimal("1e-12")) * rate).quantize(q, rounding=ROUND_CEILING)
    return lower, upper


def importe_limits(quantity: Decimal, unit_price: Decimal, q: Decimal) -> tuple[Decimal, Decimal]:
    """SAT's limits of a concept's ``Importe`` given ``Cantidad`` and ``ValorUnitario``."""
    qh = Decimal(1).scaleb(_exponent(quantity)) / 2
    ph = Decimal(1).scaleb(_exponent(unit_price)) / 2
    tiny = Decimal("1e-12")
    lower = ((quantity - qh) * (unit_price - ph)).quantize(q, rounding=ROUND_DOWN)
    upper = ((quantity + qh - tiny) * (unit_price + ph - tiny)).quantize(q, rounding=ROUND_CEILING)
    return lower, upper


def _exponent(value: Decimal) -> int:
    exp = value.normalize().as_tuple().exponent
    return min(int(exp), 0) if isinstance(exp, int) else 0


def rate_of(percent: Decimal) -> Decimal:
    return (percent / 100).quantize(_SIX)


def _quantity_and_price(line: Line, importe: Decimal, q: Decimal) -> tuple[Decimal, Decimal]:
    """A ``Cantidad`` and ``ValorUnitario`` (6 places at most) whose product rounds to
    exactly ``importe``: the line's own if they do, else the price recomputed from the
    amount, else one unit at the amount (a prorated line whose quantity and price were
    rounded apart)."""
    quantity = abs(line.quantity)
    candidates: list[tuple[Decimal, Decimal]] = []
    if quantity > 0 and quantity == quantity.quantize(_SIX):
        candidates.append((quantity, abs(line.unit_price)))
        candidates.append((quantity, (importe / quantity).quantize(_SIX, rounding=ROUND_HALF_UP)))
    candidates.append((Decimal(1), importe))
    for qty, price in candidates:
        if price != price.quantize(_SIX):
            continue
        if sat_round(qty * price, q) != importe:
            continue
        lower, upper = importe_limits(qty, price, q)
        if lower <= importe <= upper:
            return qty.normalize(), price
    return Decimal(1), importe  # pragma: no cover - the last candidate always fits


def _share(amount: Decimal, weights: list[Decimal], q: Decimal) -> list[Decimal]:
    """``amount`` shared in proportion to ``weights``, by largest remainder, in steps
    of ``q``: the parts sum to ``amount`` exactly."""
    total = sum(weights, Decimal(0))
    if amount == 0 or total == 0:
        return [Decimal(0)] * len(weights)
    exact = [amount * w / total for w in weights]
    parts = [e.quantize(q, rounding=ROUND_DOWN) for e in exact]
    left = int(((amount - sum(parts, Decimal(0))) / q).to_integral_value())
    order = sorted(range(len(weights)), key=lambda i: (exact[i] - parts[i], -i), reverse=True)
    for i in order[:left]:
        parts[i] += q
    return parts


def _tax_group_key(category: str, percent: Decimal) -> tuple[str, Decimal]:
    return category, rate_of(percent)


def _objeto(category: str) -> tuple[str, str]:
    """(ObjetoImp, TipoFactor) of an EN 16931 tax category."""
    if category in ("S", "Z", "AA", "K", "G", "L", "M"):
        return "02", "Tasa"
    if category == "E":
        return "02", "Exento"
    return "01", ""  # "O" not subject, "AE" reverse charge: no Mexican IVA on this CFDI


def _scaled(value: EInvoice) -> EInvoice:
    """A credit note given with negative amounts, as CFDI states them: positive."""
    if value.kind != "credit_note" or value.total >= 0:
        return value
    neg = Decimal(-1)
    return replace(
        value,
        lines=tuple(
            replace(
                line,
                quantity=abs(line.quantity),
                unit_price=line.unit_price * neg,
                net=line.net * neg,
                tax=line.tax * neg,
                discount=line.discount * neg,
            )
            for line in value.lines
        ),
        allowances=tuple(replace(a, amount=a.amount * neg) for a in value.allowances),
        taxes=tuple(
            replace(t, taxable=t.taxable * neg, amount=t.amount * neg) for t in value.taxes
        ),
        line_total=value.line_total * neg,
        allowance_total=value.allowance_total * neg,
        net=value.net * neg,
        tax_total=value.tax_total * neg,
        total=value.total * neg,
    )


def document_amounts(value: EInvoice) -> DocumentAmounts:
    """The concepts of an invoice or credit note, exact to the ``EInvoice``'s totals.

    Raises ``EInvoiceError`` when SAT's rules cannot state them exactly (credits of a
    rate larger than its charges, a tax no per-concept split can reach)."""
    value = _scaled(value)
    q = quantum(value.currency)
    issues: list[ValidationIssue] = []

    charges: dict[tuple[str, Decimal], list[tuple[int, Line]]] = {}
    credits: dict[tuple[str, Decimal], Decimal] = {}
    for index, line in enumerate(value.lines):
        key = _tax_group_key(line.tax_category, line.tax_percent)
        if line.net > 0:
            charges.setdefault(key, []).append((index, line))
        elif line.net < 0:
            credits[key] = credits.get(key, Decimal(0)) - line.net
    if not any(line.discount for line in value.lines):
        for allowance in value.allowances:
            key = _tax_group_key(allowance.tax_category, allowance.tax_percent)
            credits[key] = credits.get(key, Decimal(0)) + allowance.amount

    concepts: list[ConceptAmounts] = []
    for key in sorted(set(charges) | set(credits), key=str):
        category, rate = key
        lines = charges.get(key, [])
        gross = [line.net for _, line in lines]
        own_discounts = [line.discount for _, line in lines]
        remaining = [g - d for g, d in zip(gross, own_discounts, strict=True)]
        pool = credits.get(key, Decimal(0))
        if pool > sum(remaining, Decimal(0)):
            issues.append(
                ValidationIssue(
                    field="lines",
                    code="mx-cfdi40.credits",
                    message=(
                        f"The credits and discounts at {category} {rate * 100:.2f}% "
                        "exceed the charges at that rate; a CFDI cannot state a negative amount."
                    ),
                )
            )
            continue
        shared = _share(pool, remaining, q)
        objeto, factor = _objeto(category)
        for (index, line), g, own, extra in zip(lines, gross, own_discounts, shared, strict=True):
            qty, price = _quantity_and_price(line, g, q)
            concepts.append(
                ConceptAmounts(
                    position=line.position or index + 1,
                    description=line.description,
                    service_code=line.service_code,
                    product_code=line.product_code,
                    unit_code=line.regime_unit_code,
                    quantity=qty,
                    unit_price=price,
                    importe=g,
                    descuento=own + extra,
                    objeto_imp=objeto,
                    tax_category=category,
                    tax_factor=factor,
                    rate=rate if factor == "Tasa" else Decimal(0),
                    tax=Decimal(0),
                )
            )
    if issues:
        raise EInvoiceError("mx-cfdi40.amounts", issues)

    concepts = _with_taxes(value, concepts, q)
    subtotal = sum((c.importe for c in concepts), Decimal(0))
    descuento = sum((c.descuento for c in concepts), Decimal(0))
    tax = sum((c.tax for c in concepts), Decimal(0))
    total = subtotal - descuento + tax
    if total != value.total or tax != value.tax_total:
        raise EInvoiceError(
            "mx-cfdi40.totals",
            [
                ValidationIssue(
                    field="total",
                    code="mx-cfdi40.totals",
                    message=(
                        f"The concepts add up to {total} with tax {tax}, "
                        f"the invoice says {value.total} with tax {value.tax_total}."
                    ),
                )
            ],
        )
    return DocumentAmounts(tuple(concepts), subtotal, descuento, tax, total)


def _targets(value: EInvoice) -> dict[tuple[str, Decimal], Decimal]:
    """The document's tax per rate: its VAT breakdown when it has one, else its lines'."""
    targets: dict[tuple[str, Decimal], Decimal] = {}
    rows: Iterable[tuple[str, Decimal, Decimal]]
    if value.taxes:
        rows = ((t.category, t.percent, t.amount) for t in value.taxes)
    else:
        rows = ((line.tax_category, line.tax_percent, line.tax) for line in value.lines)
    for category, percent, amount in rows:
        key = _tax_group_key(category, percent)
        targets[key] = targets.get(key, Decimal(0)) + amount
    return targets


def _with_taxes(
    value: EInvoice, concepts: list[ConceptAmounts], q: Decimal
) -> list[ConceptAmounts]:
    targets = _targets(value)
    out = list(concepts)
    issues: list[ValidationIssue] = []
    groups: dict[tuple[str, Decimal], list[int]] = {}
    for i, c in enumerate(out):
        if c.tax_factor == "Tasa":
            groups.setdefault((c.tax_category, c.rate), []).append(i)
    for key, target in targets.items():
        if target and key not in groups:
            issues.append(
                ValidationIssue(
                    field="taxes",
                    code="mx-cfdi40.taxes",
                    message=f"Tax {target} at {key[1] * 100:.2f}% has no taxed concept to carry it.",
                )
            )
    for key, members in groups.items():
        rate = key[1]
        target = targets.get(key, Decimal(0))
        taxes = [(out[i].base * rate).quantize(q, rounding=ROUND_HALF_UP) for i in members]
        steps = int(((target - sum(taxes, Decimal(0))) / q).to_integral_value())
        residual = [out[i].base * rate - t for i, t in zip(members, taxes, strict=True)]
        order = sorted(range(len(members)), key=lambda k: residual[k], reverse=steps > 0)
        sign = q if steps > 0 else -q
        for k in order[: abs(steps)]:
            taxes[k] += sign
        bad = abs(steps) > len(members)
        for k, i in enumerate(members):
            lower, upper = tax_limits(out[i].base, rate, q)
            if bad or not lower <= taxes[k] <= upper:
                bad = True
            out[i] = replace(out[i], tax=taxes[k])
        if bad:
            issues.append(
                ValidationIssue(
                    field="tax_total",
                    code="mx-cfdi40.taxes",
                    message=(
                        f"The tax at {rate * 100:.2f}% ({target}) cannot be split over the "
                        "concepts within SAT's rounding limits."
                    ),
                )
            )
    if issues:
        raise EInvoiceError("mx-cfdi40.taxes", issues)
    return out
