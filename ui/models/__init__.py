"""Item models over plain row dataclasses."""
