"""Which county a venue is in, from the city in its address ("…, Yakima, WA 98902"), for
the catalog's "near me" filter and so that a county's name finds its workshops.

A short gazetteer of the cities and towns of Washington and Oregon where the networks
meet; an address elsewhere (or none: online) has no county, and is still found by its
city's name, which is in the indexed address.
"""

from __future__ import annotations

import re

from pdportal.services.search.vocabulary import normalise

_CITIES_BY_COUNTY = {
    # Washington
    "Adams": "Othello, Ritzville",
    "Asotin": "Clarkston, Asotin",
    "Benton": "Kennewick, Richland, West Richland, Prosser, Benton City",
    "Chelan": "Wenatchee, Chelan, Leavenworth, Cashmere, Entiat",
    "Clallam": "Port Angeles, Sequim, Forks",
    "Clark": "Vancouver, Camas, Washougal, Battle Ground, Ridgefield, La Center",
    "Cowlitz": "Longview, Kelso, Castle Rock, Woodland, Kalama",
    "Douglas": "East Wenatchee, Bridgeport, Waterville",
    "Franklin": "Pasco, Connell",
    "Grant": "Moses Lake, Ephrata, Quincy, Grand Coulee, Royal City",
    "Grays Harbor": "Aberdeen, Hoquiam, Ocean Shores, Elma, Montesano",
    "Island": "Oak Harbor, Coupeville, Langley",
    "Jefferson": "Port Townsend, Port Hadlock",
    "King": "Seattle, Bellevue, Kent, Renton, Federal Way, Kirkland, Redmond, Auburn, "
    "Shoreline, Burien, Tukwila, SeaTac, Des Moines, Issaquah, Sammamish, Bothell, "
    "Kenmore, Mercer Island, Covington, Maple Valley, Snoqualmie, North Bend, Enumclaw",
    "Kitsap": "Bremerton, Silverdale, Port Orchard, Poulsbo, Bainbridge Island",
    "Kittitas": "Ellensburg, Cle Elum",
    "Klickitat": "Goldendale, White Salmon",
    "Lewis": "Chehalis, Centralia, Morton",
    "Okanogan": "Okanogan, Omak, Tonasket, Brewster, Oroville",
    "Pacific": "Raymond, South Bend, Long Beach, Ilwaco",
    "Pierce": "Tacoma, Lakewood, Puyallup, University Place, Gig Harbor, Sumner, Bonney Lake, "
    "Spanaway, Fife, Steilacoom, DuPont",
    "Skagit": "Mount Vernon, Burlington, Anacortes, Sedro-Woolley",
    "Snohomish": "Everett, Lynnwood, Edmonds, Marysville, Mukilteo, Mill Creek, Monroe, "
    "Lake Stevens, Arlington, Snohomish",
    "Spokane": "Spokane, Spokane Valley, Cheney, Airway Heights, Liberty Lake, Deer Park",
    "Stevens": "Colville, Chewelah, Kettle Falls",
    "Thurston": "Olympia, Lacey, Tumwater, Yelm, Rochester",
    "Walla Walla": "Walla Walla, College Place",
    "Whatcom": "Bellingham, Ferndale, Lynden, Blaine",
    "Whitman": "Pullman, Colfax",
    "Yakima": "Yakima, Union Gap, Selah, Sunnyside, Grandview, Toppenish, Wapato, Zillah, Granger",
    # Oregon
    "Multnomah": "Portland, Gresham, Troutdale, Fairview",
    "Washington (OR)": "Beaverton, Hillsboro, Tigard, Tualatin, Forest Grove, Sherwood",
    "Clackamas": "Oregon City, Lake Oswego, West Linn, Milwaukie, Happy Valley, Wilsonville, "
    "Canby, Estacada",
    "Marion": "Salem, Keizer, Woodburn, Silverton",
    "Lane": "Eugene, Springfield, Cottage Grove, Florence",
    "Deschutes": "Bend, Redmond (OR), Sisters, La Pine",
    "Jackson": "Medford, Ashland, Central Point",
    "Benton (OR)": "Corvallis, Philomath",
    "Linn": "Albany, Lebanon",
    "Umatilla": "Pendleton, Hermiston",
    "Hood River": "Hood River",
    "Wasco": "The Dalles",
}
# Oregon's Washington and Benton counties and its Redmond share names with Washington's;
# the state in the address decides (see `county_of`).
_OREGON_COUNTIES = frozenset(
    {"Multnomah", "Washington (OR)", "Clackamas", "Marion", "Lane", "Deschutes", "Jackson",
     "Benton (OR)", "Linn", "Umatilla", "Hood River", "Wasco"}
)  # fmt: skip


def _index() -> dict[tuple[str, str], str]:
    """(state, normalised city) -> county name as shown ("Washington", not "Washington (OR)")."""
    by_city: dict[tuple[str, str], str] = {}
    for county, cities in _CITIES_BY_COUNTY.items():
        state = "or" if county in _OREGON_COUNTIES else "wa"
        shown = county.removesuffix(" (OR)")
        for city in cities.split(","):
            by_city[(state, normalise(city.removesuffix(" (OR)")))] = shown
    return by_city


_COUNTY_OF_CITY = _index()
_STATES = {"wa": "wa", "washington": "wa", "or": "or", "oregon": "or"}
# "…, City, WA 98902" or "…, City, Oregon": the city is the part before the state.
_CITY_STATE = re.compile(r"([^,]+),\s*(wa|washington|or|oregon)\b[^,]*$", re.IGNORECASE)


def county_of(address: str) -> str:
    """The county of an address that ends "…, City, ST[ zip]"; "" when not known."""
    match = _CITY_STATE.search(address.strip())
    if not match:
        return ""
    city, state = normalise(match.group(1)), _STATES[match.group(2).lower()]
    return _COUNTY_OF_CITY.get((state, city), "")
