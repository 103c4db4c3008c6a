"""Sandbox tax authorities (SAT through a sandbox PAC, DIAN, ...) for the demo and the tests."""
