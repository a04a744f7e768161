"""PLP Online: the reference simulator of the TPS Online PLP exchange."""

__version__ = "0.1.0"
