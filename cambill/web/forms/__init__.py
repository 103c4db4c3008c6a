"""Forms of the web pages (shape checks only; the verbs judge the rest)."""
