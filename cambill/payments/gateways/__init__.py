"""Payment gateways, one module per responsibility (docs/decisions/0014):

* ``config``: the gateway configuration of a cloud and of the provider, the Stripe client;
* ``amounts``: Stripe's currency table, amounts to and from minor units;
* ``stripe_adapter``: the gateway interface, the Stripe adapter, saving a card;
* ``scheduling``: auto-charge on issue (after commit, the task by its name);
* ``charging``: one charge attempt of an invoice's open amount;
* ``stripe_webhooks``: Stripe's webhook events;
* ``export``: the export adapter and the import of its results.

Callers import from the module that owns a name; there is no re-export list.
"""
