"""Server-rendered pages, one module per area; ``base`` holds the shared recipe."""
