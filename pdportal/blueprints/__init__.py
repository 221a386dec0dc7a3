"""Thin HTTP layers, one package per area."""
