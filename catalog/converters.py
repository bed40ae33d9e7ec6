"""URL converters for the source site's address scheme."""


class VenueCodeConverter:
    """`ICML2025`, `NeurIPS2025`: letters then a year; never clashes with
    fixed top-level paths such as `admin` or `areas`."""

    regex = r"[A-Za-z][A-Za-z-]*[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
