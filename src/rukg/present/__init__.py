"""Presentation: the palette, the chart frame, chart kinds, the checks every chart
passes, and the registry of the report's figures (:mod:`rukg.present.figures`)."""
