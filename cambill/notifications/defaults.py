"""The default subject and body of every kind of message in every language.

Written out per language (like the invoice labels), not through gettext: a
message goes out in its recipient's language whatever the sender's. A cloud may
override any of them (``Template``). Placeholders in braces are filled from the
event; an unknown placeholder stays as written.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

from .choices import Kind

#: The placeholders each kind fills (shown beside the editor and in the preview).
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    Kind.INVOICE_ISSUED: (
        "account_name",
        "cloud_name",
        "number",
        "total",
        "due_date",
        "period",
        "portal_url",
    ),
    Kind.CREDIT_NOTE: (
        "account_name",
        "cloud_name",
        "number",
        "invoice_number",
        "total",
        "reason",
        "portal_url",
    ),
    Kind.WHOLESALE_INVOICE: (
        "cloud_name",
        "provider_name",
        "number",
        "total",
        "due_date",
        "period",
        "portal_url",
    ),
    Kind.PAYMENT_RECEIPT: (
        "account_name",
        "cloud_name",
        "amount",
        "received_date",
        "reference",
        "invoices",
        "portal_url",
    ),
    Kind.WHOLESALE_RECEIPT: (
        "cloud_name",
        "provider_name",
        "amount",
        "received_date",
        "reference",
        "invoices",
        "portal_url",
    ),
    Kind.PAYMENT_FAILED: (
        "account_name",
        "cloud_name",
        "number",
        "amount",
        "reason",
        "portal_url",
    ),
    Kind.DUNNING_REMINDER: (
        "account_name",
        "cloud_name",
        "number",
        "amount",
        "due_date",
        "days_overdue",
        "portal_url",
    ),
    Kind.AGENT_STATEMENT: ("agent_name", "cloud_name", "period", "total", "portal_url"),
    # ``reset_url`` is made when the message is sent, never stored in the outbox.
    Kind.PASSWORD_RESET: ("user_name", "username", "cloud_name", "valid_hours", "reset_url"),
    # an issuer's e-invoice signing certificate (cambill.einvoice), to its admins
    Kind.CERTIFICATE_EXPIRING: (
        "issuer_name",
        "cloud_name",
        "serial_number",
        "tax_id",
        "valid_until",
        "portal_url",
    ),
    # a legal e-invoice document the tax authority refused (cambill.einvoice), to the
    # issuer's admins
    Kind.EINVOICE_REJECTED: (
        "issuer_name",
        "cloud_name",
        "document",
        "number",
        "codes",
        "message",
        "portal_url",
    ),
    # a co-dian issuer has used 90 % of its DIAN numbering resolution's range
    Kind.EINVOICE_RESOLUTION: (
        "issuer_name",
        "cloud_name",
        "resolution",
        "used",
        "size",
        "remaining",
        "valid_until",
        "portal_url",
    ),
}

SAMPLE: dict[str, str] = {
    "issuer_name": "Telenet",
    "serial_number": "30001000000400002434",
    "tax_id": "EKU9003173C9",
    "valid_until": "2026-05-01",
    "account_name": "Acme Security",
    "cloud_name": "Telenet",
    "provider_name": "cambill",
    "agent_name": "Ana Agent",
    "number": "TN-2026-000123",
    "invoice_number": "TN-2026-000120",
    "total": "25.91 USD",
    "amount": "25.91 USD",
    "due_date": "2026-04-20",
    "received_date": "2026-04-18",
    "period": "2026-03",
    "reason": "Camera offline",
    "reference": "TRX-0042",
    "invoices": "TN-2026-000123",
    "days_overdue": "7",
    "document": "invoice",
    "codes": "CFDI40102",
    "resolution": "18760000001",
    "used": "4500",
    "size": "5000",
    "remaining": "500",
    "message": "El resultado de la digestión debe ser igual al resultado de desencriptar el sello",
    "portal_url": "https://billing.example.com/clouds/telenet/invoices/1/",
    "user_name": "Ana Ruiz",
    "username": "ana",
    "valid_hours": "24",
    "reset_url": "https://billing.example.com/password/reset/MQ/abc123-def456/",
}

_EN: dict[str, tuple[str, str]] = {
    Kind.INVOICE_ISSUED: (
        "Invoice {number} from {cloud_name}",
        "Hello {account_name},\n\nyour invoice {number} for {period} is attached: "
        "{total}, due on {due_date}.\n\nSee it and pay it in your portal: {portal_url}\n\n"
        "Thank you,\n{cloud_name}\n",
    ),
    Kind.CREDIT_NOTE: (
        "Credit note {number} from {cloud_name}",
        "Hello {account_name},\n\nwe issued credit note {number} of {total} on invoice "
        "{invoice_number} ({reason}). The corrected invoice is attached.\n\n"
        "Your portal: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.WHOLESALE_INVOICE: (
        "Wholesale invoice {number} for {cloud_name}",
        "Hello {cloud_name},\n\nthe wholesale invoice {number} for {period} is attached: "
        "{total}, due on {due_date}.\n\nSee it in cambill: {portal_url}\n\n{provider_name}\n",
    ),
    Kind.PAYMENT_RECEIPT: (
        "Payment received: {amount}",
        "Hello {account_name},\n\nwe received your payment of {amount} on {received_date} "
        "(reference {reference}), applied to {invoices}.\n\nYour portal: {portal_url}\n\n"
        "Thank you,\n{cloud_name}\n",
    ),
    Kind.WHOLESALE_RECEIPT: (
        "Payment received from {cloud_name}: {amount}",
        "Hello {cloud_name},\n\nwe received your payment of {amount} on {received_date} "
        "(reference {reference}), applied to the wholesale invoices {invoices}.\n\n"
        "Your invoices and balance: {portal_url}\n\nThank you,\n{provider_name}\n",
    ),
    Kind.PAYMENT_FAILED: (
        "{cloud_name}: your card payment of {amount} did not go through",
        "Hello {account_name},\n\nwe could not charge your card {amount} for invoice {number}: "
        "{reason}\n\nPlease pay it in your portal, where your bank can ask you to confirm "
        "the payment: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.DUNNING_REMINDER: (
        "{cloud_name}: invoice {number} is overdue ({amount})",
        "Hello {account_name},\n\nInvoice {number} was due on {due_date} and {amount} is "
        "still open ({days_overdue} days overdue).\n\nPlease pay it at your earliest "
        "convenience in your portal: {portal_url}\nIf you have already paid, thank you, and "
        "please ignore this message.\n\n{cloud_name}\n",
    ),
    Kind.AGENT_STATEMENT: (
        "Your commission statement for {period}",
        "Hello {agent_name},\n\nyour commission statement for {period} is attached: "
        "{total}.\n\nYour portal: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.PASSWORD_RESET: (
        "{cloud_name}: set a new password",
        "Hello {user_name},\n\nsomeone asked for a new password for your sign-in "
        "{username}. Choose a new password here (the link works once, for {valid_hours} "
        "hours):\n\n{reset_url}\n\nIf you did not ask for it, ignore this message: your "
        "password stays as it is.\n\n{cloud_name}\n",
    ),
    Kind.CERTIFICATE_EXPIRING: (
        "{issuer_name}: the e-invoice certificate expires on {valid_until}",
        "Hello,\n\nthe certificate {serial_number} ({tax_id}) that signs the legal "
        "e-invoices of {issuer_name} expires on {valid_until}. After that day no invoice can "
        "be issued in its regime.\n\nUpload its successor here: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.EINVOICE_REJECTED: (
        "{issuer_name}: the tax authority rejected e-invoice {number}",
        "Hello,\n\nthe tax authority rejected the legal e-invoice of {document} {number} "
        "({codes}): {message}\n\nNothing has legal effect until it is accepted. Fix the data "
        "it names and retry it here: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.EINVOICE_RESOLUTION: (
        "{issuer_name}: 90 % of DIAN resolution {resolution} is used",
        "Hello,\n\n{issuer_name} has used {used} of the {size} invoice numbers DIAN authorized "
        "in resolution {resolution}; {remaining} are left, and it is in force until "
        "{valid_until}. Ask DIAN for the next resolution and enter it in the legal data "
        "before the numbers run out: {portal_url}\n\n{cloud_name}\n",
    ),
}

_ES: dict[str, tuple[str, str]] = {
    Kind.INVOICE_ISSUED: (
        "Factura {number} de {cloud_name}",
        "Hola {account_name}:\n\nadjuntamos su factura {number} de {period}: {total}, "
        "con vencimiento el {due_date}.\n\nConsúltela y páguela en su portal: {portal_url}\n\n"
        "Gracias,\n{cloud_name}\n",
    ),
    Kind.CREDIT_NOTE: (
        "Nota de crédito {number} de {cloud_name}",
        "Hola {account_name}:\n\nhemos emitido la nota de crédito {number} por {total} sobre "
        "la factura {invoice_number} ({reason}). Adjuntamos la factura corregida.\n\n"
        "Su portal: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.WHOLESALE_INVOICE: (
        "Factura mayorista {number} para {cloud_name}",
        "Hola {cloud_name}:\n\nadjuntamos la factura mayorista {number} de {period}: {total}, "
        "con vencimiento el {due_date}.\n\nConsúltela en cambill: {portal_url}\n\n"
        "{provider_name}\n",
    ),
    Kind.PAYMENT_RECEIPT: (
        "Pago recibido: {amount}",
        "Hola {account_name}:\n\nhemos recibido su pago de {amount} el {received_date} "
        "(referencia {reference}), aplicado a {invoices}.\n\nSu portal: {portal_url}\n\n"
        "Gracias,\n{cloud_name}\n",
    ),
    Kind.WHOLESALE_RECEIPT: (
        "Pago recibido de {cloud_name}: {amount}",
        "Hola {cloud_name}:\n\nhemos recibido su pago de {amount} el {received_date} "
        "(referencia {reference}), aplicado a las facturas mayoristas {invoices}.\n\n"
        "Sus facturas y su saldo: {portal_url}\n\nGracias,\n{provider_name}\n",
    ),
    Kind.PAYMENT_FAILED: (
        "{cloud_name}: su pago con tarjeta de {amount} no se completó",
        "Hola {account_name}:\n\nno pudimos cobrar {amount} en su tarjeta por la factura "
        "{number}: {reason}\n\nPor favor, páguela en su portal, donde su banco puede pedirle "
        "que confirme el pago: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.DUNNING_REMINDER: (
        "{cloud_name}: la factura {number} está vencida ({amount})",
        "Hola {account_name}:\n\nLa factura {number} venció el {due_date} y quedan {amount} "
        "pendientes ({days_overdue} días de retraso).\n\nLe rogamos que la pague lo antes "
        "posible en su portal: {portal_url}\nSi ya la ha pagado, gracias, y por favor ignore "
        "este mensaje.\n\n{cloud_name}\n",
    ),
    Kind.AGENT_STATEMENT: (
        "Su liquidación de comisiones de {period}",
        "Hola {agent_name}:\n\nadjuntamos su liquidación de comisiones de {period}: "
        "{total}.\n\nSu portal: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.PASSWORD_RESET: (
        "{cloud_name}: elija una nueva contraseña",
        "Hola {user_name}:\n\nse ha pedido una nueva contraseña para su usuario "
        "{username}. Elíjala aquí (el enlace sirve una vez, durante {valid_hours} "
        "horas):\n\n{reset_url}\n\nSi no lo ha pedido usted, ignore este mensaje: su "
        "contraseña no cambia.\n\n{cloud_name}\n",
    ),
    Kind.CERTIFICATE_EXPIRING: (
        "{issuer_name}: el certificado de facturación electrónica vence el {valid_until}",
        "Hola:\n\nel certificado {serial_number} ({tax_id}) que firma las facturas "
        "electrónicas de {issuer_name} vence el {valid_until}. Desde ese día no se podrá "
        "emitir ninguna factura en su régimen.\n\nSuba el nuevo aquí: {portal_url}\n\n"
        "{cloud_name}\n",
    ),
    Kind.EINVOICE_REJECTED: (
        "{issuer_name}: la autoridad tributaria rechazó la factura electrónica {number}",
        "Hola:\n\nla autoridad tributaria rechazó el documento electrónico de {document} "
        "{number} ({codes}): {message}\n\nNo tiene efecto legal hasta que sea aceptado. "
        "Corrija los datos que indica y reinténtelo aquí: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.EINVOICE_RESOLUTION: (
        "{issuer_name}: se ha usado el 90 % de la resolución DIAN {resolution}",
        "Hola:\n\n{issuer_name} ha usado {used} de los {size} números de factura que la DIAN "
        "autorizó en la resolución {resolution}; quedan {remaining} y está vigente hasta el "
        "{valid_until}. Solicite a la DIAN la siguiente resolución y regístrela en los datos "
        "legales antes de que se agoten: {portal_url}\n\n{cloud_name}\n",
    ),
}

_PT: dict[str, tuple[str, str]] = {
    Kind.INVOICE_ISSUED: (
        "Fatura {number} de {cloud_name}",
        "Olá {account_name},\n\nsegue anexa a sua fatura {number} de {period}: {total}, "
        "com vencimento em {due_date}.\n\nVeja e pague no seu portal: {portal_url}\n\n"
        "Obrigado,\n{cloud_name}\n",
    ),
    Kind.CREDIT_NOTE: (
        "Nota de crédito {number} de {cloud_name}",
        "Olá {account_name},\n\nemitimos a nota de crédito {number} de {total} sobre a "
        "fatura {invoice_number} ({reason}). A fatura corrigida segue anexa.\n\n"
        "Seu portal: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.WHOLESALE_INVOICE: (
        "Fatura de atacado {number} para {cloud_name}",
        "Olá {cloud_name},\n\nsegue anexa a fatura de atacado {number} de {period}: {total}, "
        "com vencimento em {due_date}.\n\nVeja no cambill: {portal_url}\n\n{provider_name}\n",
    ),
    Kind.PAYMENT_RECEIPT: (
        "Pagamento recebido: {amount}",
        "Olá {account_name},\n\nrecebemos o seu pagamento de {amount} em {received_date} "
        "(referência {reference}), aplicado a {invoices}.\n\nSeu portal: {portal_url}\n\n"
        "Obrigado,\n{cloud_name}\n",
    ),
    Kind.WHOLESALE_RECEIPT: (
        "Pagamento recebido de {cloud_name}: {amount}",
        "Olá {cloud_name},\n\nrecebemos o seu pagamento de {amount} em {received_date} "
        "(referência {reference}), aplicado às faturas de atacado {invoices}.\n\n"
        "Suas faturas e seu saldo: {portal_url}\n\nObrigado,\n{provider_name}\n",
    ),
    Kind.PAYMENT_FAILED: (
        "{cloud_name}: seu pagamento com cartão de {amount} não foi concluído",
        "Olá {account_name},\n\nnão conseguimos cobrar {amount} no seu cartão pela fatura "
        "{number}: {reason}\n\nPague-a no seu portal, onde o seu banco pode pedir que "
        "confirme o pagamento: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.DUNNING_REMINDER: (
        "{cloud_name}: a fatura {number} está vencida ({amount})",
        "Olá, {account_name}.\n\nA fatura {number} venceu em {due_date} e {amount} ainda está "
        "em aberto ({days_overdue} dias de atraso).\n\nPedimos que a pague o quanto antes no "
        "seu portal: {portal_url}\nSe já a pagou, obrigado, e por favor desconsidere esta "
        "mensagem.\n\n{cloud_name}\n",
    ),
    Kind.AGENT_STATEMENT: (
        "O seu extrato de comissões de {period}",
        "Olá {agent_name},\n\nsegue anexo o seu extrato de comissões de {period}: "
        "{total}.\n\nSeu portal: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.PASSWORD_RESET: (
        "{cloud_name}: defina uma nova senha",
        "Olá {user_name},\n\nfoi pedida uma nova senha para o seu usuário "
        "{username}. Defina-a aqui (o link funciona uma vez, durante {valid_hours} "
        "horas):\n\n{reset_url}\n\nSe não foi você que pediu, ignore esta mensagem: a "
        "sua senha continua a mesma.\n\n{cloud_name}\n",
    ),
    Kind.CERTIFICATE_EXPIRING: (
        "{issuer_name}: o certificado de faturação eletrônica vence em {valid_until}",
        "Olá,\n\no certificado {serial_number} ({tax_id}) que assina as faturas "
        "eletrônicas de {issuer_name} vence em {valid_until}. A partir desse dia nenhuma "
        "fatura poderá ser emitida no seu regime.\n\nEnvie o novo aqui: {portal_url}\n\n"
        "{cloud_name}\n",
    ),
    Kind.EINVOICE_REJECTED: (
        "{issuer_name}: a autoridade fiscal rejeitou a fatura eletrônica {number}",
        "Olá,\n\na autoridade fiscal rejeitou o documento eletrônico de {document} {number} "
        "({codes}): {message}\n\nEle não tem efeito legal até ser aceito. Corrija os dados "
        "indicados e tente novamente aqui: {portal_url}\n\n{cloud_name}\n",
    ),
    Kind.EINVOICE_RESOLUTION: (
        "{issuer_name}: 90 % da resolução DIAN {resolution} foram usados",
        "Olá,\n\n{issuer_name} usou {used} dos {size} números de fatura que a DIAN autorizou "
        "na resolução {resolution}; restam {remaining}, e ela vale até {valid_until}. Peça à "
        "DIAN a próxima resolução e cadastre-a nos dados legais antes que os números "
        "acabem: {portal_url}\n\n{cloud_name}\n",
    ),
}

DEFAULTS: dict[str, dict[str, tuple[str, str]]] = {"en": _EN, "es": _ES, "pt-br": _PT}


def default(kind: str, language: str) -> tuple[str, str]:
    """The default (subject, body) of ``kind`` in ``language`` (English if unknown)."""
    return DEFAULTS.get(language, _EN)[kind]


class _Keep(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: dict[str, Any]) -> str:
    """``text`` with its ``{placeholders}`` filled; unknown ones are left as written,
    and a text that is not a valid template is returned unchanged."""
    try:
        return Formatter().vformat(text, (), _Keep(values))
    except (ValueError, IndexError, AttributeError, KeyError):
        return text


def check(text: str) -> str | None:
    """None when ``text`` is a valid template, else what is wrong with it."""
    try:
        for _lit, name, spec, _conv in Formatter().parse(text):
            if name is not None and (not name.isidentifier() or spec):
                return name or "{}"
    except ValueError as exc:
        return str(exc)
    return None
