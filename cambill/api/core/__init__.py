"""What every API domain shares: base view sets and serializer primitives (``common``),
authentication (``auth``), the error shape (``errors``, ``handlers``), body parsers,
pagination, filtering, throttles, renderers of downloads, the OpenAPI schema class
(``schema``) and how routes are written (``routing``)."""
