"""Presentation: what a chapter is drawn from (:mod:`rukg.present.inputs`), the palette,
the chart frame, chart kinds, the checks every chart passes, the registry of the
report's figures (:mod:`rukg.present.figures`), tables, glue and the back matter."""
