"""Reads of public feedback, one module per part."""
