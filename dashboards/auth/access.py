"""The access policy (``dashboards/access.yaml``): roles, kinds of data, grants, and the
``Scope`` a person's ID-token claims resolve to.

A ``Scope`` is everything the data layer needs to decide which rows exist for a reader:
which kinds of marts, which districts and departments (``None`` means all), and which geo
levels. It is immutable and has a stable ``key``, so connections and query results are
cached per scope and never shared between scopes.

The file is re-read when it changes, so granting access needs no restart. A file that does
not make sense (a grant naming no district for a role that needs one, an unknown role) is
refused with a message saying where, rather than guessed at.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ACCESS_FILE = Path(__file__).resolve().parents[1] / "access.yaml"
PUBLIC_ROLE = "public"
AXES = ("districts", "departments")
COMPARISON_LEVELS = ("province", "division")
ALL = "all"


class AccessConfigError(ValueError):
    """access.yaml says something that cannot be enforced as written."""


@dataclass(frozen=True)
class TableRule:
    """What kind of data the marts matching ``match`` hold (see access.yaml)."""

    match: str
    kind: str
    shared_by: frozenset[str] = frozenset()
    department: str | None = None

    def matches(self, table: str) -> bool:
        return fnmatch.fnmatchcase(table, self.match)


@dataclass(frozen=True)
class Role:
    name: str
    label: str
    data: frozenset[str]
    pages: frozenset[str] | None  # None: every page
    except_pages: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()
    comparison: frozenset[str] = frozenset()
    geo_levels: frozenset[str] | None = None


@dataclass(frozen=True)
class Grant:
    role: str
    group: str | None = None
    user: str | None = None
    districts: frozenset[str] | None = None
    departments: frozenset[str] | None = None

    def applies_to(self, user: str | None, groups: frozenset[str]) -> bool:
        if self.group is not None:
            return self.group in groups
        if user is None or self.user is None:
            return False
        return user.casefold() == self.user.casefold()


@dataclass(frozen=True)
class Scope:
    """What one reader may see; the data layer builds their catalog from this alone."""

    role: str
    role_label: str
    data: frozenset[str]
    tables: tuple[TableRule, ...]
    districts: frozenset[str] | None = None  # None: every district
    departments: frozenset[str] | None = None  # None: every department
    comparison: frozenset[str] = frozenset()  # geo levels shown beside restricted districts
    geo_levels: frozenset[str] | None = None  # None: every level
    pages: frozenset[str] | None = None  # None: every page
    except_pages: frozenset[str] = frozenset()

    def rule_for(self, table: str) -> TableRule | None:
        """The first rule matching the mart, or None (then nobody sees it)."""
        return next((r for r in self.tables if r.matches(table)), None)

    def may_read(self, kind: str) -> bool:
        return kind in self.data

    def may_see_page(self, url_path: str) -> bool:
        if url_path in self.except_pages:
            return False
        return self.pages is None or url_path in self.pages

    @property
    def key(self) -> str:
        """A stable name for the scope: equal scopes share connections and cached results."""
        doc = {
            "role": self.role,
            "data": sorted(self.data),
            "districts": None if self.districts is None else sorted(self.districts),
            "departments": None if self.departments is None else sorted(self.departments),
            "comparison": sorted(self.comparison),
            "geo_levels": None if self.geo_levels is None else sorted(self.geo_levels),
            "tables": [[r.match, r.kind, sorted(r.shared_by), r.department] for r in self.tables],
        }
        digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:16]
        return f"{self.role}-{digest}"

    def describe(self) -> str:
        """In words, for the sidebar: where and for which departments."""
        where = (
            "every district"
            if self.districts is None
            else "district " + ", ".join(sorted(self.districts))
        )
        which = (
            "every department"
            if self.departments is None
            else "department " + ", ".join(sorted(self.departments))
        )
        return f"{which}, {where}"


@dataclass(frozen=True)
class Policy:
    roles: Mapping[str, Role]
    tables: tuple[TableRule, ...]
    grants: tuple[Grant, ...]
    groups_claim: str = "groups"
    user_claim: str = "email"
    session_max_age_minutes: int = 480
    audit_retention_days: int = 365
    source: str = field(default="", compare=False)

    def scope_of(self, role_name: str, grant: Grant | None = None) -> Scope:
        role = self.roles[role_name]
        return Scope(
            role=role.name,
            role_label=role.label,
            data=role.data,
            tables=self.tables,
            districts=grant.districts if grant else None,
            departments=grant.departments if grant else None,
            comparison=role.comparison,
            geo_levels=role.geo_levels,
            pages=role.pages,
            except_pages=role.except_pages,
        )

    def public_scope(self) -> Scope:
        return self.scope_of(PUBLIC_ROLE)

    def grant_for(self, claims: Mapping[str, Any]) -> Grant | None:
        """The first grant matching the claims' user or groups, or None."""
        user = claims.get(self.user_claim)
        user = user if isinstance(user, str) and user else None
        groups = frozenset(_strings(claims.get(self.groups_claim)))
        return next((g for g in self.grants if g.applies_to(user, groups)), None)

    def scope_for(self, claims: Mapping[str, Any] | None) -> Scope:
        """The scope of a signed-in person's claims; public without claims or a grant."""
        if not claims:
            return self.public_scope()
        grant = self.grant_for(claims)
        return self.scope_of(grant.role, grant) if grant else self.public_scope()


def _strings(value: Any) -> list[str]:
    """A claim that should list strings: a lone string counts as one; anything else none."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def _codes(raw: Any, where: str) -> frozenset[str] | None:
    if raw is None or raw == ALL:
        return None
    if not isinstance(raw, list) or not raw or not all(isinstance(c, str) and c for c in raw):
        raise AccessConfigError(f"{where}: expected '{ALL}' or a non-empty list of codes")
    return frozenset(raw)


def _names(raw: Any, where: str, allowed: Iterable[str] | None = None) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise AccessConfigError(f"{where}: expected a list of names")
    if allowed is not None:
        unknown = sorted(set(raw) - set(allowed))
        if unknown:
            raise AccessConfigError(f"{where}: unknown {unknown}; expected {sorted(allowed)}")
    return frozenset(raw)


def parse_policy(doc: Mapping[str, Any], source: str = "access policy") -> Policy:
    """Check and read a policy document (the parsed YAML)."""
    if not isinstance(doc, Mapping):
        raise AccessConfigError(f"{source}: expected a mapping at the top")
    tables = []
    for i, raw in enumerate(doc.get("tables") or []):
        where = f"{source}: tables[{i}]"
        if not isinstance(raw, Mapping) or not raw.get("match") or not raw.get("kind"):
            raise AccessConfigError(f"{where}: needs 'match' and 'kind'")
        tables.append(
            TableRule(
                match=str(raw["match"]),
                kind=str(raw["kind"]),
                shared_by=_names(raw.get("shared_by"), f"{where}.shared_by", AXES),
                department=raw.get("department"),
            )
        )
    roles = {}
    for name, raw in (doc.get("roles") or {}).items():
        where = f"{source}: roles.{name}"
        if not isinstance(raw, Mapping):
            raise AccessConfigError(f"{where}: expected a mapping")
        pages = raw.get("pages", ALL)
        roles[name] = Role(
            name=name,
            label=str(raw.get("label") or name),
            data=_names(raw.get("data"), f"{where}.data"),
            pages=None if pages == ALL else _names(pages, f"{where}.pages"),
            except_pages=_names(raw.get("except_pages"), f"{where}.except_pages"),
            requires=_names(raw.get("requires"), f"{where}.requires", AXES),
            comparison=_names(raw.get("comparison"), f"{where}.comparison", COMPARISON_LEVELS),
            geo_levels=None
            if raw.get("geo_levels") is None
            else _names(raw.get("geo_levels"), f"{where}.geo_levels"),
        )
    if PUBLIC_ROLE not in roles:
        raise AccessConfigError(f"{source}: roles must define '{PUBLIC_ROLE}' (not signed in)")
    if roles[PUBLIC_ROLE].requires:
        raise AccessConfigError(f"{source}: the {PUBLIC_ROLE} role cannot require a grant")
    grants = []
    for i, raw in enumerate(doc.get("grants") or []):
        where = f"{source}: grants[{i}]"
        if not isinstance(raw, Mapping):
            raise AccessConfigError(f"{where}: expected a mapping")
        if (raw.get("group") is None) == (raw.get("user") is None):
            raise AccessConfigError(f"{where}: give exactly one of 'group' or 'user'")
        role = raw.get("role")
        if role not in roles:
            raise AccessConfigError(f"{where}: unknown role {role!r}")
        grant = Grant(
            role=role,
            group=raw.get("group"),
            user=raw.get("user"),
            districts=_codes(raw.get("districts"), f"{where}.districts"),
            departments=_codes(raw.get("departments"), f"{where}.departments"),
        )
        for axis in roles[role].requires:
            if getattr(grant, axis) is None:
                raise AccessConfigError(f"{where}: role {role} needs the grant to name {axis}")
        grants.append(grant)
    identity = doc.get("identity") or {}
    session = doc.get("session") or {}
    audit = doc.get("audit") or {}
    max_age = session.get("max_age_minutes", 480)
    retention = audit.get("retention_days", 365)
    for value, name in ((max_age, "session.max_age_minutes"), (retention, "audit.retention_days")):
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise AccessConfigError(f"{source}: {name} must be a positive whole number")
    return Policy(
        roles=roles,
        tables=tuple(tables),
        grants=tuple(grants),
        groups_claim=str(identity.get("groups_claim", "groups")),
        user_claim=str(identity.get("user_claim", "email")),
        session_max_age_minutes=max_age,
        audit_retention_days=retention,
        source=source,
    )


_lock = threading.Lock()
_loaded: dict[Path, tuple[int, Policy]] = {}


def load_policy(path: Path = ACCESS_FILE) -> Policy:
    """The policy in ``path``, re-read whenever the file changes."""
    stamp = path.stat().st_mtime_ns
    with _lock:
        cached = _loaded.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
    policy = parse_policy(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, str(path))
    with _lock:
        _loaded[path] = (stamp, policy)
    return policy
