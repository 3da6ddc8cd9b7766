"""Bearings and compass points on the sphere. The great-circle distance is
:func:`rukg.reference.places.haversine_km`, the one the map uses too."""

from __future__ import annotations

import math

__all__ = ["COMPASS", "initial_bearing", "compass_point", "angle_between"]

# The eight compass points, by the bearing each names (degrees clockwise from north).
COMPASS = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
}
_POINTS = tuple(COMPASS)


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing from point 1 to point 2, degrees clockwise from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


def compass_point(bearing: float) -> str:
    """The nearest of the eight compass points to a bearing."""
    return _POINTS[int(((bearing % 360.0) + 22.5) // 45.0) % 8]


def angle_between(a: float, b: float) -> float:
    """The smaller angle between two bearings, in degrees (0 to 180)."""
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)
