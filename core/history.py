"""One field's change between two history rows, as the audit log and the
edit-conflict message both show it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str

    def __str__(self):
        return f"{self.label}：{self.old} → {self.new}"
