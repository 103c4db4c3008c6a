"""The sandbox: everything that stands in for the outside world, never the product.

- ``demo``: the demo data generator (``cambill demo-data``)
- ``flow``: the end-to-end ``cambill demo-flow``
- ``fake_watcher``: a fake Flussonic Watcher over real HTTP (``cambill fake-watcher``,
  and ``cambill demo-serve`` next to the web server)
- ``fake_stripe``: a fake Stripe API

``make demo``, the tests and the benchmarks use it; ``cambill`` never imports it
(the import-linter contract in pyproject.toml). The settings add it to
``INSTALLED_APPS`` by name when ``CAMBILL_SANDBOX`` is on (the default outside
production) so its commands are offered by the ``cambill`` console script.
"""
