"""Dynamic mode: run a training script briefly with instrumentation and confirm findings.

The parent side (`runner`, `evidence`) never imports torch; the child side (`child`,
`instrument`, `offline`) runs in a separate Python process where torch is installed.
"""
