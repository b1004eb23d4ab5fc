"""Lexicons for reported speech: speech verbs, source nouns, media and addressees.

Kept apart from the extraction rules in `quotes` so the word lists can grow
without touching the rules. Every verb form maps to its lemma, which is what a
Quote records as its `verb`.
"""

from __future__ import annotations

import re

from storyline.lexicon import SEASONS, WEEKDAYS


def _forms(lemma: str, *forms: str) -> dict[str, str]:
    return dict.fromkeys((lemma, *forms), lemma)


#: Verbs that report speech or a stated position; form -> lemma.
SPEECH_VERBS: dict[str, str] = {
    **_forms("say", "says", "said", "saying"),
    **_forms("tell", "tells", "told", "telling"),
    **_forms("add", "adds", "added", "adding"),
    **_forms("note", "notes", "noted", "noting"),
    **_forms("warn", "warns", "warned", "warning"),
    **_forms("accuse", "accuses", "accused", "accusing"),
    **_forms("deny", "denies", "denied", "denying"),
    **_forms("claim", "claims", "claimed", "claiming"),
    **_forms("argue", "argues", "argued", "arguing"),
    **_forms("insist", "insists", "insisted", "insisting"),
    **_forms("explain", "explains", "explained", "explaining"),
    **_forms("write", "writes", "wrote", "writing"),
    **_forms("tweet", "tweets", "tweeted", "tweeting"),
    **_forms("post", "posted"),
    **_forms("state", "stated"),
    **_forms("announce", "announces", "announced", "announcing"),
    **_forms("declare", "declares", "declared", "declaring"),
    **_forms("report", "reports", "reported", "reporting"),
    **_forms("ask", "asks", "asked", "asking"),
    **_forms("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
    **_forms("admit", "admits", "admitted", "admitting"),
    **_forms("suggest", "suggests", "suggested", "suggesting"),
    **_forms("stress", "stresses", "stressed", "stressing"),
    **_forms("emphasize", "emphasizes", "emphasized", "emphasised", "emphasises"),
    **_forms("reply", "replies", "replied"),
    **_forms("respond", "responds", "responded"),
    **_forms("continue", "continued"),
    **_forms("conclude", "concludes", "concluded"),
    **_forms("recall", "recalls", "recalled", "recalling"),
    **_forms("confirm", "confirms", "confirmed", "confirming"),
    **_forms("predict", "predicts", "predicted", "predicting"),
    **_forms("complain", "complains", "complained", "complaining"),
    **_forms("charge", "charged"),
    **_forms("contend", "contends", "contended"),
    **_forms("assert", "asserts", "asserted", "asserting"),
    **_forms("maintain", "maintains", "maintained"),
    **_forms("caution", "cautions", "cautioned", "cautioning"),
    **_forms("urge", "urges", "urged", "urging"),
    **_forms("vow", "vows", "vowed", "vowing"),
    **_forms("promise", "promises", "promised", "promising"),
    **_forms("pledge", "pledges", "pledged", "pledging"),
    **_forms("mention", "mentions", "mentioned"),
    **_forms("observe", "observes", "observed"),
    **_forms("remark", "remarks", "remarked"),
    **_forms("reveal", "reveals", "revealed"),
    **_forms("disclose", "discloses", "disclosed"),
    **_forms("allege", "alleges", "alleged"),
    **_forms("agree", "agrees", "agreed"),
    **_forms("believe", "believes", "believed"),
    **_forms("think", "thinks", "thought"),
    **_forms("joke", "jokes", "joked", "joking"),
    **_forms("quip", "quipped"),
    **_forms("boast", "boasts", "boasted", "boasting"),
    **_forms("concede", "concedes", "conceded", "conceding"),
    **_forms("counter", "countered"),
    **_forms("demand", "demands", "demanded", "demanding"),
    **_forms("estimate", "estimates", "estimated"),
    **_forms("predict", "predicted"),
    **_forms("point out", "points out", "pointed out", "pointing out"),
    **_forms("raise concern", "raised concern", "raised concerns", "raises concerns",
             "raising concerns", "raising concern"),
    **_forms("express concern", "expressed concern", "expressed concerns",
             "expresses concern"),
    **_forms("exclaim", "exclaims", "exclaimed"),
    **_forms("shout", "shouts", "shouted", "shouting"),
    **_forms("yell", "yells", "yelled"),
    **_forms("boom", "boomed"),
    **_forms("snap", "snapped"),
    **_forms("scoff", "scoffed"),
    **_forms("muse", "mused"),
    **_forms("wonder", "wondered", "wondering"),
    **_forms("testify", "testified", "testifies"),
    **_forms("lament", "laments", "lamented"),
    **_forms("grouse", "groused"),
    **_forms("bark", "barked"),
    **_forms("echo", "echoed", "echoes"),
    **_forms("denounce", "denounces", "denounced", "denouncing"),
    **_forms("go on", "went on", "goes on"),
    **_forms("put it", "puts it"),
    **_forms("praise", "praises", "praised", "praising"),
    **_forms("thank", "thanks", "thanked", "thanking"),
    **_forms("blame", "blames", "blamed", "blaming"),
    **_forms("question", "questions", "questioned", "questioning"),
    **_forms("ponder", "ponders", "pondered"),
    **_forms("anticipate", "anticipates", "anticipated"),
    **_forms("talk about", "talks about", "talked about", "talking about"),
    **_forms("speak about", "speaks about", "spoke about", "speaking about"),
    **_forms("refer to", "refers to", "referred to", "referring to"),
    **_forms("chant", "chants", "chanted", "chanting"),
    **_forms("hail", "hails", "hailed", "hailing"),
    **_forms("dismiss", "dismisses", "dismissed", "dismissing"),
    **_forms("slam", "slams", "slammed", "slamming"),
    **_forms("blast", "blasts", "blasted", "blasting"),
    **_forms("mock", "mocks", "mocked", "mocking"),
    **_forms("decry", "decries", "decried", "decrying"),
    **_forms("tout", "touts", "touted", "touting"),
    **_forms("brand", "brands", "branded", "branding"),
    **_forms("coin", "coined"),
    **_forms("plead", "pleaded", "pleads"),
    **_forms("implore", "implores", "implored", "imploring"),
    **_forms("beg", "begs", "begged", "begging"),
    **_forms("according to"),
    # Verbs that attribute words only when a quotation follows them.
    **_forms("call", "calls", "called", "calling"),
    **_forms("describe", "describes", "described", "describing"),
    **_forms("label", "labels", "labeled", "labelled"),
    **_forms("dub", "dubbed"),
    **_forms("portray", "portrays", "portrayed"),
    **_forms("condemn", "condemns", "condemned"),
    **_forms("criticize", "criticized", "criticised"),
}

#: Lemmas that count as attribution only when a quoted passage follows in the clause.
NEEDS_QUOTE = frozenset({"call", "describe", "label", "dub", "portray", "condemn",
                         "criticize", "continue", "post", "think", "believe", "agree",
                         "demand", "estimate", "charge", "state", "maintain", "observe",
                         "boom", "snap", "wonder", "muse", "bark", "echo", "go on", "praise",
                         "thank", "blame", "question", "ponder", "anticipate", "talk about",
                         "speak about", "refer to", "chant", "hail", "dismiss", "slam", "blast",
                         "mock", "decry", "tout", "brand", "coin", "plead", "implore", "beg"})

#: Lemmas whose object is the addressee ("told reporters", "asked the court").
ADDRESSEE_VERBS = frozenset({"tell", "ask", "warn", "urge", "promise", "assure", "remind",
                             "implore", "beg"})

#: Participles that continue the previous speaker's sentence (", adding that ...").
PARTICIPLES = frozenset(form for form in SPEECH_VERBS if form.endswith("ing"))

#: Nouns that head a source phrase without a name ("officials said", "a source said").
SOURCE_NOUNS = frozenset("""
official officials source sources spokesman spokeswoman spokesperson spokesmen aide aides
analyst analysts expert experts observer observers critic critics diplomat diplomats
lawmaker lawmakers leader leaders minister ministry government administration campaign
statement report reports study survey poll polls police authorities agency agencies
people residents witnesses witness investigators prosecutors officer officers military
army committee council party office department embassy president prime spokespeople
media outlets outlet newspaper website site paper network station channel group groups
company firm regulators court judge lawyers lawyer attorney attorneys supporters opponents
advocates activists organizers scientists researchers economists members member staff
insiders insider observers historians voters democrats republicans figures data document
documents memo letter release percent majority respondents americans
survey poll pollsters
""".split())

#: Words that open a source noun phrase and belong to it.
DETERMINERS = frozenset("""
the a an another some many most several both all two three four five few other his her
their its our this these those one each every any no more
""".split())

#: Auxiliaries and adverbs allowed between a source and its verb ("has also said").
AUX_WORDS = frozenset("""
has have had also later then previously earlier again repeatedly recently once would will
did does do was were is are been had has later privately publicly often long
frequently separately further similarly flatly firmly immediately quickly bluntly openly
already still just even soon never first finally initially now
""".split())

#: Subject pronouns that can be a speaker.
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who"})

_MEDIUM_HEADS = (
    r"statement|interview|message|call|conference|briefing|post|tweet|speech|letter|"
    r"e-?mail|video|podcast|broadcast|press release|release|news conference|"
    r"press conference|address|op-ed|column|book|memo|report|hearing|testimony|"
    r"television|radio|Twitter|Facebook|Telegram|Instagram|social media|rally|debate|"
    r"appearance|announcement|remarks|comments|note|posting|session|meeting|talks|summit|"
    r"event|program|programme|show|broadcast|telecast|newsletter|editorial|article"
)
#: A medium phrase: "in a statement", "on a call", "during a news conference".
MEDIUM = re.compile(
    r"(?:in|on|during|at|via|through|over)\s+(?:(?:a|an|the|his|her|its|their|"
    r"[A-Z][\w.'\u2019-]*(?:['\u2019]s)?)\s+)?(?:(?!that\b|which\b)[\w'\u2019-]+\s+){0,3}(?:"
    + _MEDIUM_HEADS + r")\b(?:\s+(?:with|to|on|by)\s+(?:reporters|journalists|supporters|"
    r"(?:the\s+)?[A-Z][\w.&'\u2019-]*(?:\s+[A-Z][\w.&'\u2019-]*)*))?"
    r"(?:\s+[\"\u201c][^\"\u201c\u201d]{1,60}[\"\u201d])?"
)
#: Addressees written without a name ("told reporters").
ADDRESSEE = re.compile(
    r"(?:reporters|journalists|lawmakers|legislators|supporters|voters|the crowd|a crowd|"
    r"the audience|an audience|the court|the committee|the council|the jury|parliament|"
    r"(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:audience|crowd|gathering|reporter|newspaper|"
    r"broadcaster|radio station|television station|agency|outlet|news agency|meeting|"
    r"conference|forum|summit|rally|group|delegation))\b"
)
#: Time phrases near a cue when the NER missed them.
TIME_WORDS = re.compile(
    r"(?:on\s+|last\s+|this\s+|earlier\s+|late\s+|early\s+)?(?:"
    + "|".join(day.capitalize() for day in WEEKDAYS)
    + r"|yesterday|today|tonight)(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|(?:in|during|over|last|this)\s+(?:the\s+)?(?:" + "|".join(SEASONS) + r")\b"
)
