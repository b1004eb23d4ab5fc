"""Blogs, reference pages and CMS templates flattened whole: headline, byline and date.

Issue 11, round 8: rules a reader states about pages that are not news
articles (a blog's name over its post, a wiki's heading over its tagline, a
CMS template's menus run together and its buttons). Every page here is
fictional (invented sites, people and places).
"""

from __future__ import annotations

from storyline.extract.textdump import _Found, _shape, extract_textdump

BODY = [
    "The ferry to Skarn Island has run twice a day since the spring, and this winter the "
    "crossing council wants to keep both sailings despite the cost of fuel.",
    "Captain Ines Harlow said the second boat carries most of the school children and the "
    "post, and that the island shop would close without it before the new year.",
    "The council meets again in March to set the fares for the summer, when the visitors "
    "come back and the third sailing returns to the timetable.",
]


MENUS = ("Home", "Timetables", "Fares", "Islands", "Weather", "Subscribe", "Sign in",
         "Harbour Life", "Skarn Notes", "Opinion", "Search")


def _dump(*header: str, body: list[str] = BODY, tail: str = "") -> str:
    return "\n".join([*header, *body]) + "\n" + tail


def _got(raw: str) -> tuple:
    ext = extract_textdump(raw)
    dates = [d.value for d in ext.date_evidence]
    return ext.title, ext.author, dates[0] if dates else None


def test_a_blogs_name_and_tagline_give_way_to_the_post_with_its_byline_and_date():
    raw = _dump("Download the Skarn Ferry App", "Skarn Ferry News",
                "Crossings and timetables, week after week!", "Explore", "Categories: News",
                "These Weeks on the Ferry: Issue 12", "Orla Benning", "December 18, 2031",
                "2 responses")
    assert _got(raw) == ("These Weeks on the Ferry: Issue 12", "Orla Benning", "2031-12-18")


def test_a_headline_first_dump_keeps_it_over_its_authors_and_outlet():
    # names, then their newspaper, then the date: the newspaper is no post title
    raw = _dump("Skarn ferry keeps both sailings through the winter",
                "Orla Benning and Tom Varga", "Skarn Island Courier",
                "Published 10:02 AM Dec 19, 2031")
    assert _got(raw) == ("Skarn ferry keeps both sailings through the winter", "Orla Benning",
                         "2031-12-19")


def test_app_banners_and_membership_pitches_are_not_the_headline():
    raw = _dump("Open in app", "Become a member", "Sign in", "Responses",
                "The Ferry and the Long Winter", "Orla Benning", "Follow",
                "Dec 18, 2031 · 8 min read")
    title, _, date = _got(raw)
    assert (title, date) == ("The Ferry and the Long Winter", "2031-12-18")


def test_a_dek_past_a_photo_caption_gives_way_to_the_headline_the_page_repeats():
    head = "Ice and Salt: How Winter Wrecks the Pipes Under Skarn"
    raw = _dump(*MENUS, "Island|" + head, "Supported by", head,
                "Skarn's old water mains are hard to keep up, and the salt on the quay road "
                "makes every winter worse.", "Image",
                "A council worker mends a main on the quay road this month. The likely cause "
                "of the leak, the council says, is salt that has eaten through the old iron "
                "pipe laid in the 1920s.",
                "By Orla Benning", "Feb. 21, 2031", body=[
                    "The old water mains under the quay road are hard to keep up: every winter "
                    "the salt spread on the road makes the leaks worse, the council says.",
                    "Three mains burst on the quay road in January, and the council has asked "
                    "for money to replace the oldest of the mains before next winter.",
                    "Engineers say the road will be closed for a month while the work is done."])
    assert _got(raw) == (head, "Orla Benning", "2031-02-21")


def test_a_like_button_under_share_buttons_is_not_a_headline_over_its_dek():
    head = "Skarn wins the ferry vote. The island keeps its winter boat"
    raw = _dump(*MENUS, head, "Skarn Daily+", "Share article", "Facebook Twitter",
                "advertisement", "Share article", "Facebook Twitter", "I like this", head,
                "Orla Benning", "2 hours ago")
    assert _got(raw) == (head, "Orla Benning", None)


def test_menu_links_run_together_are_navigation_not_the_article():
    head = "Una salida pacífica para el conflicto del puerto"
    raw = "\n".join([
        "PortadaDeportesEconomíaCulturaOpinión",
        "PolíticaEl mundoSociedadSeguridad",
        "vida y ocioTecnologíaSaludViajesRecetas",
        "Servicios", "Horóscopo", "Pronóstico", "Tránsito", "Loterías y quinielas", "Feriados",
        "Sudoku", "Cartelera de cine", "Edición impresa", "Club del Diario",
        "Recibí por mail las noticias del día",
        "Una salida pacífica para el conflicto",
        "del puerto",
        # a paragraph hard-wrapped, one of its lines ending in "de" over a year
        "El puerto de Vallmar lleva dos meses cerrado por el conflicto, y los pescadores piden",
        "una salida pacífica y que se abra el diálogo antes del verano de",
        "2031 con todas las partes, porque los barcos no pueden salir a faenar desde",
        "marzo y las cofradías ya no tienen con qué pagar a sus marineros.",
        "La alcaldesa Lucía Ferrán dijo el martes que convocará a las cofradías y a la "
        "naviera antes de fin de mes, y que el ayuntamiento pagará el mediador.",
        "Los comerciantes del paseo dicen que las ventas cayeron a la mitad desde el cierre "
        "del muelle norte en la primavera pasada.",
    ])
    ext = extract_textdump(raw)
    assert ext.title == head
    assert ext.text.startswith("El puerto de Vallmar")
    assert not any("Deportes" in line for line in ext.text.split("\n"))


def test_a_live_blogs_glued_stamps_are_no_menu():
    # digits: a live blog's "ShareLikeReply 10:47PM" furniture, not menu links
    assert _shape("Jane RoeFlagShareLikeReplyJohn Doe 5ptsFebruary 6, 2031 10:47PMNotes",
                  _Found()) != "navigation"
    assert _shape("HomeNewsSportWeatherCulture", _Found()) == "navigation"
    assert _shape("YouTube and PlayStation fans queue at Skarn", _Found()) is None


def test_a_headline_wrapped_onto_a_line_of_its_own_is_one_headline():
    raw = _dump(*MENUS, "Ferry council keeps the winter sailings to", "the outer isles",
                "Orla Benning", "December 18, 2031")
    assert _got(raw)[0] == "Ferry council keeps the winter sailings to the outer isles"
    # a brand or an icon's name under the headline is no part of it
    raw = _dump(*MENUS, "How to Pack for the Winter Crossing", "eFerry Contributor",
                "December 18, 2031")
    assert _got(raw)[0] == "How to Pack for the Winter Crossing"


WIKI_BODY = [
    "Skarn Island (Norn: Skarnøy) is an island in the Vallmar Sound, with a population of "
    "about 1,200 in 2030, most of them in the harbour village of Skarnwick.",
    "The island was settled in the ninth century and belonged to the Vallmar earls until "
    "1702, when it was sold to the crown with the rest of the sound.",
    "Contents",
    "1 History",
]


def test_a_wiki_pages_heading_is_over_its_tagline_and_its_dates_are_not_the_pages():
    raw = _dump("Skarn Island", "From Wikipedia, the free encyclopedia", "Jump to navigation",
                "Country: Vallmar", "Charter", "26 September 1907", "Area", "41 km2",
                "Population",
                "1,200 (2030)", "Currency", "Vallmar crown (VLC)", body=WIKI_BODY)
    title, author, date = _got(raw)
    assert (title, author, date) == ("Skarn Island", None, None)


def test_a_wiki_heading_wrapped_past_the_pages_tabs_is_found_whole():
    body = ["This list of ferries on the winter crossing covers every boat that has sailed to "
            "Skarn Island since the first steam packet of 1851, with its years of service.",
            "Boats that called only in summer are listed apart, after the main table.",
            "Ferries", ". The Skarn Courier. Retrieved 21 April 2031.",
            "^ Benning, Orla (3 May 2031). \"The last steam packet\"",
            ". The Vallmar Reporter. Retrieved 15 February"]
    raw = _dump("Contents", "hide", "(Top)", "See also", "References",
                "List of ferries", "on the winter crossing", "3 languages", "Article", "Talk",
                "Read", "Edit", "View history", "Tools",
                "From Wikipedia, the free encyclopedia", body=body)
    assert _got(raw)[:2] == ("List of ferries on the winter crossing", None)


def test_bylines_of_blogs_and_cms_templates():
    cases = {
        "by Orla Benning22 Dec 2031651": "Orla Benning",  # the date run into the name
        "By Orla Benning, a deputy editor who has covered the islands for a decade. She "
        "lives on Skarn.": "Orla Benning",
        "Par Orla Benning (avec Tom Varga et Lia Roux)": "Orla Benning",
        "Por María de la Fuente": "María de la Fuente",
    }
    for line, name in cases.items():
        found = _Found()
        assert _shape(line, found) == "byline", line
        assert found.author == name, line
    for line in ("Par For The Course", ". The Vallmar Reporter. Retrieved 15 February"):
        found = _Found()
        _shape(line, found)
        assert found.author is None, line


def test_time_stamps_in_other_languages_mark_the_name_above_as_the_byline():
    for stamp in ("před 2 hodinami", "vor 3 Stunden", "il y a 2 heures", "hace 5 minutos",
                  "2 ore fa", "3 uur geleden"):
        raw = _dump("Skarn Daily", "Skarn keeps its winter ferry, council says", "Orla Benning",
                    stamp)
        assert _got(raw)[:2] == ("Skarn keeps its winter ferry, council says",
                                 "Orla Benning"), stamp


def test_a_posts_date_over_its_headline_and_its_author_under_the_dek():
    head = "3 surprising things we learned on the Skarn ferry"
    raw = _dump("Blog", "Insights", head, "Published on: June 25, 2031", "5 min read", head,
                "This winter the crossing changed how the island shops, works and travels.",
                "Orla Benning", "ferriesislandswinter")
    assert _got(raw) == (head, "Orla Benning", "2031-06-25")
