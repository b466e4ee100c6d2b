"""The facts layer: one walk over a parsed module that rules query instead of walking again."""
