"""The one error a converter raises."""


class ConversionError(ValueError):
    """A page file that cannot be converted to text; the message, in Chinese, says why."""
