"""Shared bases for the apps (no domain models): every app may import core, core imports none of them."""
