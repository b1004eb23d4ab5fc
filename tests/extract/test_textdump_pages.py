"""Pages flattened whole: where the headline, byline and date sit among the furniture.

Issue 11, round 7: rules a reader states about a page saved as text (menus,
most-read lists, comment forms, kickers and teasers all on lines of their
own). Every page here is fictional (invented outlets, people and places).
"""

from __future__ import annotations

from storyline.extract.dump_headline import _names_kicker
from storyline.extract.textdump import extract_textdump

BODY = [
    "PORT ILVEN -- The harbour council voted 7-2 on Tuesday to raise the levy on cargo "
    "landed at the eastern quay, the first increase in eleven years.",
    "Mayor Adela Voss said the money would pay for the northern breakwater, which lost a "
    "third of its stones in the January storms and has been closed to traffic since.",
    "Shipping agents said the rise, 9 crowns a tonne, would be passed on to importers, and "
    "two of them said they would move some cargo to Marrowdale instead.",
    "The levy takes effect on July 1, and the council will review it after two years.",
]
MENUS = "\n".join(["Home", "Local", "Sport", "Business", "Weather", "Subscribe", "Sign in",
                   "Harbour Life", "Marrowdale Notes", "Opinion", "Search"])
HEAD = "Port Ilven raises its harbour levy"
TEASERS = ["Quay cranes return to the eastern dock", "Storm gates close early at Marrowdale pier",
           "Ferry timetable cut for the winter months", "Lighthouse keeper retires after 40 years",
           "Fish market moves to the old rope works", "Council names new harbour master",
           "Tide gauge fails during spring storm", "Rowing club wins the estuary cup"]


def _page(header: str, tail: str = "") -> str:
    """A fictional page flattened whole: menus, the header lines given, the body."""
    return MENUS + "\n" + header.strip("\n") + "\n" + "\n".join(BODY) + "\n" + tail


def _got(raw: str) -> tuple:
    ext = extract_textdump(raw)
    dates = [d.value for d in ext.date_evidence]
    return ext.title, ext.author, dates[0] if dates else None


def test_a_by_line_marks_its_headline_however_far_above_the_body():
    # a most-read list and a comment form push the headline and its byline out of
    # the lines near the body; a "More on" list of other stories stands nearer
    numbered = "\n".join(f"{n}\n{t}" for n, t in enumerate(TEASERS, 1))
    header = (f"{HEAD}\nBy Marta Lindqvist\nView author archive\nMost Read Today\n{numbered}\n"
              "Name (required)\nEmail (required)\nComment (required)\nSubmit\n"
              "June 3, 2031 | 4:10pm\nMore On:\nharbour\nHarbour dues to rise for cargo ships\n"
              "Breakwater repairs to start in spring\n")
    assert _got(_page(header)) == (HEAD, "Marta Lindqvist", "2031-06-03")


def test_a_comment_count_between_headline_and_byline_is_passed_over():
    # "New, 15 comments" split over lines; then a statistics table pushes the
    # headline and the byline out of the lines near the body
    table = "\n".join(f"{name}\n{n}\n{n * 2}%\n{n} tackles ({n} combined). 1 sack."
                      for n, name in enumerate(["Ivo Brand", "Rune Falk", "Otto Vey",
                                                "Enno Stahl", "Lars Moor", "Per Holt",
                                                "Arvid Kell"], 3))
    header = (f"{HEAD}\nNew,\n15\ncomments\nThe council splits over who pays for the storm "
              f"repairs.\nBy\nMarta Lindqvist@mlindqvist\nJun 3, 2031, 11:47am EST\n"
              f"Share this story\nFacebook\nTwitter\n{table}\n")
    assert _got(_page(header)) == (HEAD, "Marta Lindqvist", "2031-06-03")


def test_a_topic_kicker_over_the_headline_that_names_it():
    # the kicker's words are all in the lead, the headline's not all: the kicker
    # would win on them
    header = ("Harbour Council Levy\nPublished 22 hours ago\n"
              "Harbour council levy leaves shippers fuming\n"
              "By\nMarta Lindqvist | Ilven Ledger\nFacebook\nTwitter\n")
    assert _got(_page(header))[:2] == (
        "Harbour council levy leaves shippers fuming", "Marta Lindqvist")
    # the headline said again with the site's name after it names no kicker
    assert not _names_kicker("Harbour Regatta Week | Ilven Ledger", "Harbour Regatta Week")
    assert _names_kicker("Rowers cheer the Harbour Regatta Week", "Harbour Regatta Week")


def test_dates_under_a_more_stories_header_are_the_stories_not_the_headline():
    # the headline over its author's link ("View More Articles") and a category and
    # date; a box with a short call to action and a list of dated teasers below
    teasers = "".join(f"{t}\nJune {d}, 2029\nHARBOUR NEWS\n" for d, t in enumerate(TEASERS[:6], 1))
    header = (f"{HEAD}\nMarta LindqvistView More Articles\n"
              "Council vote ends eleven years without a rise\nHarbour June 3, 2031 13:42\n"
              "FIND YOUR NEXT BOAT\nChoose a maker\nChoose a model\n"
              f"MORE STORIES LIKE THIS ONE\n{teasers}")
    assert _got(_page(header)) == (HEAD, "Marta Lindqvist", "2031-06-03")


def test_a_back_link_and_a_german_by_line_and_date_above_the_headline():
    raw = ("Zurück zur Übersicht\nVon\nMarta Lindqvist\npubliziert am 3. Juni 2031\n"
           "Die Hafengebühr in Port Ilven steigt zum ersten Mal seit elf Jahren\n"
           + "\n".join(BODY) + "\n")
    assert _got(raw) == ("Die Hafengebühr in Port Ilven steigt zum ersten Mal seit elf Jahren",
                         "Marta Lindqvist", "2031-06-03")
    raw = ("Back to overview\n" + HEAD + "\npublié le 3 juin 2031\n" + "\n".join(BODY) + "\n")
    assert _got(raw) == (HEAD, None, "2031-06-03")


def test_a_comment_section_in_the_menu_does_not_swallow_the_headline():
    # "Comment" is the opinion section's menu item, not the reader comments: the
    # menu items and the headline under it stay; the lead comes before the byline
    menu = "\n".join(["HOME", "News", "Sport", "Comment", "Finance", "Travel", "Royal",
                      "Science", "Weird", "Nature", "Sunday", "Home", "News", "World"])
    raw = ("Ilven Ledger. Home of the Daily Ledger.\n7°C\nLogin\nRegister\n" + menu + "\n"
           + "Harbour chaos: council raises the levy and warns importers\n"
           "THE harbour council has raised the levy on cargo for the first time in eleven "
           "years, a move shipping agents called a tax on the whole of Port Ilven.\n"
           "By Marta Lindqvist\nPUBLISHED: 10:48, Tue, Jun 3, 2031 | UPDATED: 11:05, Tue, "
           "Jun 3, 2031\n0\n" + "\n".join(BODY) + "\n")
    assert _got(raw) == ("Harbour chaos: council raises the levy and warns importers",
                         "Marta Lindqvist", "2031-06-03")


def test_the_page_repeats_its_headline_not_its_dek():
    # the dek, longer and closer to the lead's words, has the byline right under it;
    # the share box says the headline again; a comment count stands between the two
    head = "Port Ilven votes to make importers pay"
    header = (f"Filed under:\nHarbour\nCouncil\n{head}\nNew,\n15\ncomments\n"
              "The cargo levy on the eastern quay rises to pay for the northern breakwater\n"
              "By\nMarta Lindqvist@mlindqvist\nJun 3, 2031, 7:53pm EST\nShare this story\n"
              f"All sharing options for:\n{head}\nReddit\nEmail\n")
    assert _got(_page(header)) == (head, "Marta Lindqvist", "2031-06-03")


def test_bylines_with_a_colon_a_blog_meta_line_and_a_place_credit():
    cases = {
        f"{HEAD}\nHarbour > Council\nJune 3, 2031\n| BY: Ilven Ledger Staff\n":
            "Ilven Ledger Staff",
        f"{HEAD}\nJune 3, 2031/0 Comments/in Harbour News /by ledgeradmin\n": "ledgeradmin",
        f"{HEAD}\nPort Ilven, Ledger Harbour Desk | Updated : 3 June 2031, 09:01 AM\n":
            "Ledger Harbour Desk",
    }
    for header, author in cases.items():
        assert _got(_page(header)) == (HEAD, author, "2031-06-03"), header
    # a section and a category before a date are no place and credit
    assert _got(_page(f"{HEAD}\nSport, Rowing | June 3, 2031\n"))[1] is None


def test_a_menu_item_that_looks_like_a_byline_is_not_the_articles():
    # "Ilven Ledger Correspondent" is a programme in the menu, far above the headline
    menu = "Ilven Ledger Correspondent\nIlven Selects\nTalk to the Ledger\n" + "\n".join(
        f"Section {n}" for n in range(1, 12))
    raw = (MENUS + "\n" + menu + "\nCouncil\n" + HEAD + "\nThe vote ends eleven years "
           "without a rise in the cargo levy.\n3 Jun 2031 08:00 GMT\n" + "\n".join(BODY) + "\n")
    assert _got(raw) == (HEAD, None, "2031-06-03")


def test_a_question_headline_over_its_dek_of_sentences():
    header = ("Home\nHarbour\nIs Port Ilven's harbour levy the highest on the coast?\n"
              "The council says it is not, and the shipping agents say it is.\n"
              "Port Ilven, Ledger Harbour Desk | Updated : 3 June 2031, 09:01 AM\n")
    assert _got(_page(header))[:2] == ("Is Port Ilven's harbour levy the highest on the coast?",
                                       "Ledger Harbour Desk")


def test_date_lines_glued_to_their_time_beside_their_source_or_in_other_languages():
    for line in ("Published Tue, Jun 3 20314:29 AM ESTUpdated an hour ago",
                 "Last Updated : Jun 3, 2031 01:41 PM IST | Source: Ilven Ledger",
                 "terça-feira, 3 de junho de 2031 às 20:13", "Dienstag, 3. Juni 2031"):
        header = f"Harbour\n{line}\n{HEAD}\nThe eastern quay pays for the storm repairs.\n"
        assert _got(_page(header))[::2] == (HEAD, "2031-06-03"), line


def test_teasers_with_their_leads_above_the_article_are_not_its_body():
    # other stories (a headline, then its lead) before the article, whose headline
    # has its date and byline under it
    leads = [f"{t}\nMARROWDALE: The {t.split()[0].lower()} story of the week, told here in one "
             "paragraph that is long enough, at more than twenty-five words, to read like the "
             "start of an article about it." for t in TEASERS[:5]]
    raw = (MENUS + "\n" + "\n".join(f"Section {n}" for n in range(1, 8)) + "\nBreaking News\n"
           + "\n".join(leads) + f"\n{HEAD}\nJune 3\n15:23\n2031\nPrint This Article\n"
           "by Marta Lindqvist\n0 Comments\n" + "\n".join(BODY) + "\n")
    ext = extract_textdump(raw)
    assert (ext.title, ext.author) == (HEAD, "Marta Lindqvist")
    assert ext.text.split("\n") == BODY
    # subheads between an article's paragraphs, with no date under any, are no teasers
    raw = (MENUS + "\n" + "\n".join(f"Section {n}" for n in range(1, 8)) + "\n" + HEAD + "\n"
           + "\n".join(f"{p}\nWhat the council said next" for p in BODY) + "\n")
    ext = extract_textdump(raw)
    assert ext.title == HEAD and ext.text.split("\n")[0] == BODY[0]


def test_a_lead_cut_off_between_the_headline_and_the_body_is_a_teasers():
    header = (f"{HEAD}\nThe vote ends eleven years without a rise.\nBy Marta Lindqvist\n"
              "June 3, 2031\nsee also\nDredging of the eastern channel to begin in May\n"
              "The council is expected to approve the dredging of the channel,...\n")
    ext = extract_textdump(_page(header))
    assert (ext.title, ext.dek) == (HEAD, "The vote ends eleven years without a rise.")
    assert ext.text.split("\n") == BODY
