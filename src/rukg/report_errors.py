"""The build's error type, importable without the build's heavy dependencies."""


class BuildError(Exception):
    """A notebook or a parameter file failed; the message names the notebook and the cell."""


class ParameterError(BuildError):
    """A parameters file or value is refused: one line naming the file and the problem."""
