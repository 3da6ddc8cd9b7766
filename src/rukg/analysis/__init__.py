"""The analyses: trade, aid and debt, security, geopolitics, the verdict, the
parameters, and the consistency checks."""
