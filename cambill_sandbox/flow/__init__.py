"""The end-to-end flow from a camera bought to a card charged (``cambill demo-flow``)."""
