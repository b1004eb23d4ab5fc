"""The words of event coding: triggers by PLOVER type and mode, and status cues.

PLOVER (draft v2.0, ../shared/data/events/PLOVER_MANUAL.tex) names 16 event
types; each trigger lemma here maps to one type (and a mode where PLOVER has
one), separately for verbs and nouns ("visit" the verb and "visit" the noun
are both CONSULT; "strike" the noun is PROTEST unless an air, missile or drone
word makes it ASSAULT). Light verbs ("hold talks", "pay a visit", "impose
sanctions") take their type from their object. Plain data and small lookups,
no spaCy: `analyse/events.py` applies them to parsed sentences.
"""

from __future__ import annotations

AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST")
ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT = (
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
#: The 16 PLOVER event types, in the manual's order.
TYPES = (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT,
         THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT)

#: Status of a reported event.
HAPPENED, ONGOING, PLANNED, ALLEGED, DENIED, HYPOTHETICAL, NEGATED = (
    "happened", "ongoing", "planned", "alleged", "denied", "hypothetical", "negated")
STATUSES = (HAPPENED, ONGOING, PLANNED, ALLEGED, DENIED, HYPOTHETICAL, NEGATED)

Trigger = tuple[str, str | None]  # (type, mode)


def _table(spec: str) -> dict[str, Trigger]:
    """Parse 'TYPE[/mode]: lemma lemma ...' lines into lemma -> (type, mode)."""
    out: dict[str, Trigger] = {}
    for line in spec.strip().splitlines():
        head, _, words = line.partition(":")
        type_, _, mode = head.strip().partition("/")
        for word in words.split():
            out[word.replace("_", " ")] = (type_, mode or None)
    return out


#: Verb lemmas (phrasal verbs with "_": "call_for").
VERBS: dict[str, Trigger] = _table("""
AGREE: agree promise pledge offer invite propose vow commit volunteer accept
CONSULT/visit: visit travel tour
CONSULT: meet consult discuss negotiate confer talk mediate
CONSULT/visit: host
CONSULT/phone: phone telephone
SUPPORT: support praise endorse back commend approve ratify sign recognize recognise thank
SUPPORT: congratulate welcome hail applaud reaffirm defend
SUPPORT: laud salute side_with
CONCEDE: concede apologize apologise pardon lift ease allow permit relax
CONCEDE: relent back_down yield_to acquit regret bow_to accede_to cave_in
CONCEDE: backtrack_on
COOPERATE: cooperate collaborate extradite share team_up
AID: aid assist provide supply deliver ship donate grant transfer rescue arm fund finance
AID: sell export
AID: forgive lend loan airlift
RETREAT/withdraw: withdraw retreat evacuate
RETREAT/release: release free
RETREAT/resign: resign step_down quit
RETREAT/disarm: disarm disband demobilize demobilise
RETREAT/withdraw: vacate
RETREAT/withdraw: pull_out pull_back
RETREAT/return: repatriate
RETREAT: surrender cede
REQUEST: demand urge request appeal plead seek call_for call_on press_for ask
REQUEST: implore beg petition insist_on lobby
ACCUSE/disapprove: condemn criticize criticise denounce decry blame slam deplore complain
ACCUSE/disapprove: protest_against lash_out hit_out
ACCUSE/disapprove: rebuke censure reprimand chastise castigate scold berate assail lambast lambaste
ACCUSE/allege: accuse allege charge sue indict
ACCUSE/investigate: investigate probe
REJECT: reject refuse deny veto oppose renege defy dismiss violate cancel postpone boycott_talks
REJECT: decline
REJECT: turn_down rule_out rebuff spurn snub repudiate refute balk_at
REJECT: vote_down brush_aside shrug_off wave_aside
THREATEN: threaten warn
PROTEST/demo: protest demonstrate rally march picket
PROTEST/riot: riot
PROTEST/strike: walk_out
PROTEST/boycott: boycott
PROTEST/obstruct: blockade block
SANCTION/discontinue: sanction embargo sever suspend halt freeze
SANCTION/expel: expel eject
SANCTION/discontinue: downgrade break_off blacklist
SANCTION/convict: convict sentence
MOBILIZE/troops: mobilize mobilise deploy mass station amass muster
MOBILIZE: reinforce patrol
MOBILIZE/troops: call_up
COERCE/arrest: arrest detain jail imprison round_up
COERCE/seize: seize confiscate raid
COERCE/deport: deport
COERCE/censor: censor
COERCE/restrict: ban restrict outlaw seal_off cordon_off
COERCE/crowd-control: disperse
COERCE/cyber: hack
COERCE: crack_down harass
ASSAULT: attack assault strike hit invade ambush clash fight battle injure wound pummel raze
ASSAULT: storm overrun occupy fire_on shoot_down retaliate avenge
ASSAULT: kill
ASSAULT/targeted: assassinate execute murder massacre behead slaughter lynch
ASSAULT/primitive: stab
ASSAULT/sexual: rape
ASSAULT/heavy-weapons: shell bombard
ASSAULT/explosives: bomb
ASSAULT/destroy: destroy
ASSAULT/primitive: torch
ASSAULT/firearms: shoot gun_down
ASSAULT/abduct: kidnap abduct hijack
ASSAULT/torture: torture
ASSAULT/beat: beat
""")

#: Noun lemmas.
NOUNS: dict[str, Trigger] = _table("""
AGREE: promise pledge offer invitation proposal commitment
CONSULT/visit: visit trip tour
CONSULT: meeting summit talk negotiation consultation discussion mediation dialogue dialog
CONSULT/phone: call phone_call
SUPPORT: support praise endorsement approval ratification recognition congratulation
CONCEDE: apology concession pardon amnesty acquittal
COOPERATE: cooperation exercise drill war_game extradition maneuver manoeuvre
AID: aid assistance shipment delivery donation transfer supply loan rescue airlift
RETREAT/withdraw: withdrawal retreat evacuation
RETREAT/release: release
RETREAT/resign: resignation
RETREAT/ceasefire: ceasefire truce
RETREAT/return: repatriation
RETREAT: surrender
REQUEST: demand request appeal plea
ACCUSE/disapprove: condemnation criticism complaint disapproval rebuke censure
ACCUSE/allege: accusation allegation charge lawsuit indictment
ACCUSE/investigate: investigation probe inquiry
REJECT: rejection refusal denial veto
THREATEN: threat ultimatum warning
PROTEST/demo: protest demonstration rally march picket sit-in
PROTEST/strike: strike walkout stoppage
PROTEST/riot: riot
PROTEST/boycott: boycott
PROTEST/obstruct: blockade
SANCTION/discontinue: sanction embargo suspension
SANCTION/expel: expulsion
SANCTION/convict: conviction sentence
MOBILIZE/troops: mobilization mobilisation deployment buildup
MOBILIZE: patrol
MOBILIZE/troops: alert
COERCE/arrest: arrest detention
COERCE/seize: seizure raid
COERCE/deport: deportation
COERCE/restrict: ban crackdown curfew
COERCE/cyber: cyberattack
ASSAULT: attack assault invasion offensive clash fighting battle ambush airstrike siege
ASSAULT: occupation retaliation reprisal
ASSAULT/targeted: killing assassination massacre execution beheading
ASSAULT/sexual: rape
ASSAULT/heavy-weapons: shelling bombardment
ASSAULT/explosives: bombing explosion blast
ASSAULT/firearms: shooting
ASSAULT/abduct: kidnapping abduction hijacking
ASSAULT/torture: torture
""")

#: Verbs whose own meaning is light: their object noun is the event ("hold talks",
#: "pay a visit", "impose sanctions", "launch an attack", "make a trip").
LIGHT_VERBS = frozenset("""
hold pay make conduct stage launch carry impose begin start resume continue open
undertake mount file lodge issue level lift announce plan schedule end wrap complete
declare proclaim extend renew award escalate intensify step enhance expand increase boost
institute introduce enforce implement enact
""".split())

#: Verbs that lift or halt what their object names: "lifted the curfew", "suspended the
#: strike", "halted attacks", "dropped the charges" are PLOVER CONCEDE (easing restrictions,
#: suspending protests, declaring a ceasefire), whatever type the object has alone.
RELIEVING_VERBS = frozenset("""
lift ease relax loosen remove end scrap rescind revoke suspend halt stop cease drop abandon
call_off
""".split())
#: Their base verbs ("call_off": "call").
RELIEVING_VERBS_BASE = frozenset(w.split("_")[0] for w in RELIEVING_VERBS)
#: Objects whose lifting or halting is a concession: restrictions, sanctions, protests,
#: attacks and charges (nouns of those types in NOUNS count too).
RESTRICTIVE_TYPES = frozenset({COERCE, SANCTION, PROTEST, ASSAULT})
RESTRICTIVE_NOUNS = frozenset("""
restriction curb limit limitation control hostility emergency law requirement tariff quota
charge lawsuit case violence
""".split())
#: Nouns whose object, when restrictive, makes them restrictive ("plans to impose curfews").
PLANS = frozenset("plan measure proposal imposition implementation program programme".split())
#: Verbs of promise whose complement may be a concession ("agreed to lift the curfew",
#: "promised concessions", "agreed to the demands"): PLOVER codes that CONCEDE, not AGREE.
PROMISING = frozenset("agree promise pledge vow offer commit accept".split())
#: Types of force and pressure: promising them ("vowed to attack") is a threat.
HOSTILE_TYPES = frozenset({ASSAULT, COERCE, SANCTION})
#: Objects of a promise verb that make it a concession.
CONCEDED = frozenset("concession demand amnesty pardon ceasefire truce".split())
#: Verbs that declare a ceasefire ("declared a truce": CONCEDE, its observance is RETREAT).
DECLARING = frozenset("declare announce call proclaim offer propose".split())

#: Verbs that build or mend ties ("established diplomatic relations", "restored ties"):
#: PLOVER SUPPORT (diplomatic) or, for economic or military ties, COOPERATE.
TIE_VERBS = frozenset("""
establish restore resume normalize normalise improve upgrade strengthen deepen expand forge
renew mend open boost
""".split())
TIES = frozenset({"relation", "tie", "relationship"})
MATERIAL_TIES = frozenset("economic trade commercial military security defense defence "
                          "business investment".split())
#: Objects of "reach" that make it an agreement ("reached a deal"): as "agreed", AGREE.
AGREEMENTS = frozenset(
    "agreement deal accord settlement understanding compromise consensus treaty".split())
#: What one withdraws from a group, talks or a country without retreating militarily:
#: PLOVER SANCTION/withdraw ("withdrew its ambassador", "withdrew from the talks"); troops
#: and weapons withdrawn are RETREAT.
WITHDRAWN_RESOURCES = frozenset("""
ambassador diplomat envoy observer monitor inspector aid staff mission delegation personnel
support recognition funding investment membership embassy
""".split())
WITHDRAWN_FROM = frozenset("""
talk negotiation agreement treaty deal accord pact organization organisation alliance
convention process council union court body coalition league mission mediation bloc
""".split())
#: What is cut off: ties and exchanges (SANCTION/discontinue) or public goods and services
#: (COERCE/withhold: "cut off internet access", PLOVER's "shut off power/internet/water").
CUT_TIES = frozenset("relation tie aid contact trade talk funding assistance cooperation "
                     "dialogue link negotiation".split())
CUT_GOODS = frozenset("internet power electricity water supply food fuel access service "
                      "gas phone network medicine".split())
#: What "expressed" or "voiced" names: the act it stands for ("expressed willingness to
#: help" is AGREE, "voiced support" SUPPORT, "expressed regret" CONCEDE, "expressed
#: concern" ACCUSE/disapprove, CAMEO's "express intent" and "criticize" cues).
EXPRESSED: dict[str, Trigger] = {
    **dict.fromkeys("willingness readiness intent intention desire commitment".split(),
                    (AGREE, None)),
    **dict.fromkeys("support solidarity gratitude appreciation condolence sympathy "
                    "confidence".split(), (SUPPORT, None)),
    **dict.fromkeys("regret remorse".split(), (CONCEDE, None)),
    **dict.fromkeys("disappointment dismay outrage anger displeasure opposition "
                    "indignation".split(), (ACCUSE, "disapprove")),
}
#: What is withdrawn or dropped as a concession ("withdrew its demand", PLOVER CONCEDE).
CLAIMS = frozenset("demand request objection opposition complaint claim veto condition "
                   "precondition reservation".split())
#: Combatants whose capture is an assault (ASSAULT/abduct, not an arrest), and places
#: whose capture is an attack.
COMBATANTS = frozenset("soldier fighter militant rebel troop insurgent guerrilla combatant "
                       "officer sailor pilot marine commander".split())
#: Vessels and vehicles: deploying them is MOBILIZE/weapons (the manual), not troops.
VEHICLES = frozenset("ship warship vessel carrier submarine tank vehicle aircraft jet "
                     "missile bomber destroyer frigate battery plane".split())
#: Diplomats whose summoning is a complaint (ACCUSE) and whose recall a sanction.
ENVOYS = frozenset("ambassador envoy diplomat charge chargé attaché consul".split())
#: Words that make an attack a cyberattack (COERCE/cyber).
CYBER_WORDS = frozenset({"cyber", "ransomware", "hacking", "hacker", "computer", "online",
                         "denial-of-service", "ddos", "man-in-the-middle"})

#: What is released without a captive being freed ("released a report"): no RETREAT.
DOCUMENTS = frozenset("""
report document list statement name video footage data figure detail transcript image photo
photograph record letter book album film result budget guideline finding information text
audio recording study survey poll version update communique communiqué memo paper analysis
""".split())
#: What is let in when access is allowed ("allowed the delivery of grain", "allowed
#: observers in"): PLOVER RETREAT/access, a concession with material consequences.
ACCESS_WORDS = frozenset("""
access entry delivery passage aid observer inspector monitor peacekeeper convoy
""".split())
#: What is granted as a right or status (CONCEDE), not as material aid ("granted citizenship";
#: asylum is AID in PLOVER).
GRANTED_RIGHTS = frozenset("""
citizenship amnesty pardon permission access autonomy visa right status independence
concession exemption waiver immunity clemency reprieve license licence residency entry
""".split())
#: Who is expelled as an individual (COERCE/deport, PLOVER's "individual deportations"),
#: against diplomats and members expelled from a group (SANCTION/expel).
INDIVIDUALS = frozenset("""
activist journalist reporter worker man woman national citizen missionary priest tourist
student migrant refugee correspondent dissident blogger academic lawyer
""".split())
#: Crowds that protest in the street ("demonstrators protested against"): PROTEST, where a
#: state "protesting against" a move is a diplomatic complaint (ACCUSE).
CROWDS = frozenset("""
demonstrator protester protestor student worker resident thousand hundred dozen crowd
people teacher farmer activist union supporter citizen villager woman youth employee
""".split())
#: Crowds that gather only to protest.
PROTESTERS = frozenset("demonstrator protester protestor striker".split())
#: Objects that keep "sell"/"export" AID (arms transfers); other goods are trade (COOPERATE).
ARMS = frozenset("arm weapon munition ammunition missile artillery shell tank jet drone "
                 "rocket rifle gun warship aircraft fighter".split())

#: Subjects that destroy without acting politically ("the storm destroyed homes").
HAZARDS = frozenset("""
storm hurricane typhoon cyclone tornado flood fire blaze wildfire earthquake quake
landslide avalanche
""".split())

#: Verbs that take their type from a weapon object ("used ballistic missiles",
#: "fired rockets"), and the weapon words with their ASSAULT mode.
WEAPON_VERBS = frozenset({"use", "fire", "launch", "drop"})
WEAPONS: dict[str, str] = {
    **dict.fromkeys("missile rocket artillery shell tank mortar howitzer".split(),
                    "heavy-weapons"),
    **dict.fromkeys("bomb grenade mine ied explosive".split(), "explosives"),
    **dict.fromkeys("gun rifle bullet pistol".split(), "firearms"),
    **dict.fromkeys("drone uav".split(), "drone"),
    **dict.fromkeys("airstrike aircraft jet warplane helicopter".split(), "aerial"),
    **dict.fromkeys("knife machete rock stone".split(), "primitive"),
    "gas": "unconventional",
    **dict.fromkeys("chemical biological nuclear".split(), "unconventional"),
    "suicide": "suicide-attack",
}
#: Which weapon names the mode when several are named: a suicide attack first, then
#: heavy weapons (a tank's shells are not "explosives", which PLOVER keeps for explosives
#: "not incorporated in a heavy weapon"), drones (an "unmanned aircraft", a drone's
#: "airstrike"), manned aircraft.
WEAPON_ORDER = ("suicide-attack", "unconventional", "heavy-weapons", "drone", "aerial",
                "explosives", "firearms", "primitive")

#: THREATEN modes by the type (and mode) of what is threatened (PLOVER manual's table).
def threat_mode(type_: str | None, mode: str | None) -> str | None:
    """The THREATEN mode of a threat to do `type_`/`mode` ("threatened to attack": violence)."""
    if type_ == ASSAULT:
        return "violence"
    if (type_, mode) in {(COERCE, "arrest")}:
        return "arrest"
    if (type_, mode) in {(SANCTION, "expel"), (COERCE, "deport")}:
        return "expel"
    if type_ == SANCTION or type_ == REJECT:
        return "relations"
    if type_ in {COERCE, PROTEST}:
        return "restrict"
    return None


#: What a threat threatens, by the words naming its content when no trigger does
#: ("threatened to deliver crushing blows", "threatened military action", "threatened them
#: with arrest", "threatened to walk away from the talks"): the manual's THREATEN modes
#: are the content of the threat. Taking land is `territory` even when the verb is an
#: attack ("threatened to invade", "to occupy the islands").
THREAT_CONTENT: dict[str, str] = {
    **dict.fromkeys("annex annexation invade invasion occupy occupation".split(),
                    "territory"),
    **dict.fromkeys("arrest detention detain jail imprison imprisonment prison".split(),
                    "arrest"),
    **dict.fromkeys("expel expulsion deport deportation".split(), "expel"),
    **dict.fromkeys("ban curfew blockade boycott embargo".split(), "restrict"),
    **dict.fromkeys("""blow attack force war warfare retaliation retaliatory reprisal revenge
                    bloodshed violence offensive bomb bombing""".split(),
                    "violence"),
}
#: Words that make a threat one to break off relations or talks ("walk away from the
#: talks", "pull out of the negotiations", "sever ties").
THREAT_RELATIONS = frozenset("talk negotiation relation tie meeting summit dialogue".split())

#: Means of crowd control ("fired tear gas", "used water cannon"): the manual's ASSAULT
#: crowd-control ("less lethal" weapons), not an assault with arms; "tear" marks tear gas.
CROWD_CONTROL = frozenset("tear cannon baton pepper rubber teargas".split())
#: Verbs of crowds gathering that are a demonstration when a crowd is their subject
#: ("hundreds of students gathered outside the ministry", "teachers marched").
GATHERING_VERBS = frozenset("gather assemble converge rally march".split())

#: Objects that turn "send"/"provide"/"supply" into AID (the default) or, with
#: troops, into MOBILIZE.
TROOP_WORDS = frozenset("troop soldier force reservist unit battalion warship".split())
#: Police and security units: a MOBILIZE of them has the mode "police".
POLICE_WORDS = frozenset("police policeman policemen gendarme gendarmerie riot".split())
#: Words that make "strike" an attack rather than a walkout.
ATTACK_WORDS = frozenset("air missile drone military airstrike rocket artillery".split())
#: "send" and "give" are AID only with a material object (not "sent a message").
SEND_VERBS = frozenset({"send", "give", "dispatch"})
MATERIAL = frozenset("""
aid weapon arm munition ammunition equipment missile artillery shell container money fund
food medicine supply supplies tank jet aircraft fighter vehicle technology troop loan grant
limousine car gift assistance oil fuel grain intelligence information photograph evidence
training dollar euro pound yen franc credit cash $ € £
""".split())

#: Words before a noun trigger that say the event is to come.
PLANNED_MODIFIERS = frozenset("""
upcoming planned proposed forthcoming expected imminent scheduled future possible potential
next prospective
""".split())
#: Governing verbs and adjectives (the trigger is their complement) that make the
#: event planned ("is set to visit", "plans to meet", "agreed to withdraw").
PLANNING = frozenset("""
plan set schedule expect prepare prepared intend aim hope want seek agree promise pledge vow
decide propose offer invite announce confirm due about going ready willing poised likely swear
""".split())
#: Governing words that make the event alleged ("accused X of providing").
ALLEGING = frozenset("accuse allege accusation allegation charge suspect claim suspicion".split())
#: Governing words that make the event denied ("denied sending", "denied accusations about").
DENYING = frozenset("deny denial reject refute dismiss".split())
#: Adverbs that make an event alleged.
ALLEGED_ADVERBS = frozenset({"allegedly", "reportedly", "purportedly", "supposedly"})
#: Modal verbs: future and hypothetical.
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "can",
                                 "'d"})
#: Modals of obligation: "X said Y must do Z" is X's demand.
DEMAND_MODALS = frozenset({"must", "should"})
#: Modifiers that make "protest" a diplomatic complaint (ACCUSE), not a demonstration.
DIPLOMATIC_PROTEST = frozenset({"official", "formal", "diplomatic", "strong", "strongly-worded"})
#: Subordinators that make a clause hypothetical.
CONDITIONALS = frozenset({"if", "unless", "whether"})
#: Negation words attached to a trigger.
NEGATIONS = frozenset({"not", "n't", "never", "no"})

#: Speech and attribution verbs: events inside their complement keep their own
#: status; the speech verb itself is an event only when the lexicon says so.
SPEECH = frozenset("""
say tell add note report state claim believe think insist argue explain write tweet
announce confirm suggest acknowledge admit
""".split())

#: PLOVER 0.5b1 names (the GSR records) -> PLOVER 2.0 type and mode.
OLD_TYPES: dict[str, tuple[str, str | None]] = {
    "DEMAND": (REQUEST, None), "DISAPPROVE": (ACCUSE, "disapprove"),
    "FIGHT": (ASSAULT, None), "INVESTIGATE": (ACCUSE, "investigate"),
}
#: PLOVER 0.5b1 modes -> 2.0 modes (same name otherwise).
OLD_MODES: dict[str, str] = {
    "host": "visit", "strike-hun": "hunger", "strike-gen": "strike", "riot-spon": "riot",
    "riot-org": "riot", "demo-org": "demo", "demo-spon": "demo", "detain": "arrest",
    "assassinate": "targeted", "confiscate": "seize",
}

#: Nouns of a change of policy or leadership: asking for (or refusing) them is
#: REQUEST/REJECT "change" ("called for the minister's dismissal").
CHANGES = frozenset("dismissal resignation removal ouster reform change overhaul election "
                    "referendum replacement impeachment".split())


def ask_mode(type_: str | None, mode: str | None) -> str | None:
    """The REQUEST or REJECT mode for asking for (or refusing) an event of `type_`/`mode`
    (the manual's table: meet, assist, yield, change)."""
    if (type_, mode) == (RETREAT, "resign"):
        return "change"
    if type_ == CONSULT:
        return "meet"
    if type_ in {AID, COOPERATE, SUPPORT}:
        return "assist"
    if type_ in {RETREAT, CONCEDE}:
        return "yield"
    return None


#: PLOVER 0.5b1 THREATEN modes -> 2.0 (a threatened curfew is 2.0's "restrict").
OLD_THREAT_MODES: dict[str, str] = {"curfew": "restrict"}

#: CAMEO two-digit cue categories -> PLOVER type (the manual's translation table);
#: 01 and 02 are dropped; 08 splits at 084.
CAMEO_TO_PLOVER: dict[str, str | None] = {
    "01": None, "02": None, "03": AGREE, "04": CONSULT, "05": SUPPORT, "06": COOPERATE,
    "07": AID, "08": CONCEDE, "09": ACCUSE, "10": REQUEST, "11": ACCUSE, "12": REJECT,
    "13": THREATEN, "14": PROTEST, "15": MOBILIZE, "16": SANCTION, "17": COERCE,
    "18": ASSAULT, "19": ASSAULT, "20": ASSAULT,
}


def cameo_to_plover(code: str) -> str | None:
    """PLOVER type of a CAMEO event code ("042" -> CONSULT, "0841" -> RETREAT)."""
    root = code[:2]
    if root == "08" and len(code) >= 3 and code[2] in "4567":
        return RETREAT
    return CAMEO_TO_PLOVER.get(root)


# -- verb classes from the manual's category definitions (version 5) ------------------------

#: What is handed over decides the type: a person to another state's authorities is judicial
#: cooperation (COOPERATE, as an extradition), weapons a disarmament, territory, a base or
#: power a retreat (the manual's "ceding territory").
HANDED_ARMS = frozenset("arm weapon gun rifle ammunition munition missile explosive".split())
HANDED_GROUND = frozenset("""
territory town city village base area control power region province post border airport
port enclave zone
""".split())
#: Captives handed over (RETREAT/release) and suspects handed over to another state's
#: authorities (judicial cooperation).
CAPTIVES = frozenset("prisoner hostage captive detainee body remains pow".split())
SUSPECTS = frozenset("""
suspect fugitive accused militant leader man woman national citizen criminal terrorist
trafficker smuggler
""".split())
#: Media closed or shut down (COERCE/censor) and bodies closed (COERCE/restrict).
MEDIA = frozenset("""
newspaper paper station radio television channel website site cafe magazine outlet
publication broadcaster network daily weekly agency
""".split())
BODIES = frozenset("party organization organisation group union office school university "
                   "association movement ngo charity mosque church parliament court".split())
#: Debts whose cancellation is aid (the manual: debt forgiveness is AID).
DEBTS = frozenset("debt loan obligation arrears".split())
DEBT_RELIEF = frozenset("cancel forgive write waive erase reschedule".split())
#: Decisions whose reversal is a concession.
DECISIONS = frozenset("""
decision order ruling decree ban verdict sentence conviction
""".split())
REVERSING = frozenset("reverse rescind revoke overturn annul".split())
#: Verbs of sending or moving: with troops MOBILIZE, with envoys a visit (CONSULT).
MOVING_VERBS = frozenset("move rush redeploy reposition transfer".split())
DELEGATES = frozenset("delegation envoy emissary mission representative negotiator team "
                      "minister".split())
#: Verbs of motion or presence whose purpose noun is the subject's event ("flew to Tehran
#: for talks", "was in Khartoum for talks", "arrived on a state visit").
MOTION_VERBS = frozenset("""
arrive fly travel come go head leave return depart be visit set land journey
""".split())
#: Verbs through which the subject carries out, keeps or breaks an event noun ("observed
#: the ceasefire", "put its forces on alert", "placed him under arrest").
DOING_VERBS = frozenset("""
observe respect honour honor keep maintain
""".split())
#: Words that make a state of emergency a response to a disaster, not repression.
DISASTERS = frozenset("""
disaster drought epidemic pandemic outbreak virus disease famine aid relief crash spill
eruption heatwave heat snow
""".split())
#: Agents of harm that are accidents, not assaults ("killed in the crash").
ACCIDENTS = frozenset("crash accident collision derailment stampede collapse".split())
#: Whom a killing targets: a leader or official killed is a targeted killing (the manual's
#: `targeted`: assassinations and executions), where a plain "killed" names no mode.
TARGETED = frozenset("""
leader chief commander official minister judge mayor governor general politician
president premier lawmaker cleric imam priest journalist activist deputy ambassador envoy
prosecutor candidate
""".split())
#: ASSAULT modes of weapon systems: readying them is MOBILIZE `weapons`.
ARMED_MODES = frozenset({"heavy-weapons", "aerial", "drone", "unconventional"})
#: What "give" grants as a concession ("gave permission"; not "gave us these rights").
GIVEN_RIGHTS = frozenset("""
permission amnesty pardon citizenship autonomy independence concession immunity clemency
reprieve
""".split())
#: What is given up as a concession (weapons: RETREAT/disarm; ground: RETREAT/withdraw).
GIVEN_UP = frozenset("""
claim demand program programme plan ambition bid right stake veto condition opposition
""".split())
#: What is blown up in an attack (a metaphor blows up "the establishment").
BLOWN_UP = frozenset("""
bridge building car bus train pipeline station house office embassy base tank vehicle
plane ship hotel market mosque church school road tunnel dam plant line checkpoint
""".split())
#: What is attacked in words, not by force ("attacked the decision": ACCUSE/disapprove).
VERBAL_TARGETS = frozenset("""
decision policy plan remark comment statement speech proposal record stance position bill
law idea claim move report approach handling budget reform strategy program programme
life skill work character integrity honesty judgment judgement temperament credential
qualification tenure
""".split())
#: Objects of "strike" that make it an idiom, no blow ("struck a similar tune", "struck a
#: balance"); an agreement struck is AGREE (`AGREEMENTS`).
STRUCK_IDIOMS = frozenset("tune tone note chord balance pose nerve".split())
#: Objects of "hit" that make it an idiom, no blow ("hit a wall", "hit the campaign trail",
#: "hit bottom", "hitting a ball with a 9-iron").
HIT_IDIOMS = frozenset("""
bottom wall ball road trail stride mark jackpot button note airwaves record high low
milestone snag shelf newsstand market brake pause nerve threshold peak ground wallet
pocket pocketbook theater theatre screen store platform stage chorus
""".split())
#: What a blow to the economy hits: "sales were hit" is no assault.
ECONOMY_WORDS = frozenset("""
sale economy market profit share stock revenue earnings industry business price export
import demand growth output
""".split())
#: Words of a sentence that show force or harm: beside one, an attack is not one in words.
HARM_WORDS = frozenset("""
kill dead die death injure wound hurt hospital gun shoot shooting knife stab bomb bombing
explode explosion terror terrorist terrorism militant gunman gunmen attacker assailant
victim blood punch kick beat weapon rocket missile airstrike violence violent police
officer arrest soldier troop army military rebel insurgent fighter jihadist
""".split())
#: Verbs and nouns of attack that news also uses for criticism ("Bush attacked Trump").
WORD_ATTACKS = frozenset("attack hit pummel".split())
#: Verbs and nouns of fighting that news also uses for a quarrel ("his battles with Trump",
#: "fighting about Obama").
WORD_FIGHTS = frozenset("fight battle clash".split())
#: What is killed or destroyed only in a figure of speech ("killed my enthusiasm",
#: "destroying the party's chance"); a text killed (`MOTIONS`) is rejected.
ABSTRACT_HARMED = frozenset("""
career chance reputation credibility finance enthusiasm hope dream future confidence trust
relationship marriage candidacy campaign brand legacy argument image momentum story idea
economy job prospect
""".split())
#: Modifiers of an "attack" noun that make it one in words ("personal attacks").
VERBAL_ATTACK_MODIFIERS = frozenset("""
personal political verbal negative sexist racist partisan rhetorical ad hominem
inflammatory blistering scathing withering
""".split())
#: What one hits or attacks someone "with" when the attack is in words or on the air
#: ("hitting Clinton with ads", "attacked him with a barrage of tweets").
VERBAL_MEANS = frozenset("""
ad advertisement advert commercial spot mailer flyer billboard tweet post criticism
question insult accusation charge claim attack remark comment statement letter lawsuit
suit subpoena barrage salvo
""".split())
#: Who may be attacked in words without being named ("attacked his rivals", "attacked
#: the media"); none of them a place or a building.
CRITICISED = frozenset("""
rival opponent critic voter lawmaker legislator media press establishment candidate
donor leader republican democrat party campaign administration congress senator
nominee frontrunner front-runner thinker questioner friend
""".split())
#: Nouns that an "attack" noun makes into a thing, no event ("attack ads", "an attack dog").
ATTACK_THINGS = frozenset("ad advert advertisement commercial mailer spot video line dog".split())
#: Contests and quarrels a "battle", "fight" or "clash" noun names: no violence ("the
#: delegate battle", "a legal battle", "a culture clash", "an uphill battle").
CONTEST_FIGHTS = frozenset("""
delegate primary legal court culture budget political policy losing uphill nomination
convention floor turf custody election ratings ideological partisan procedural public
lonely tax spending funding messaging
""".split())
#: Measures that block a text in an assembly ("blocked the resolution": REJECT).
MOTIONS = frozenset("""
resolution bill proposal plan deal motion measure appointment nomination amendment
legislation draft agreement treaty
""".split())
#: Diplomatic posts closed (SANCTION/discontinue: reduced relations).
POSTS = frozenset("embassy consulate mission legation".split())
#: Exchanges banned or halted (SANCTION/discontinue: commercial exchanges terminated).
EXCHANGES = frozenset("import export trade flight shipment investment".split())
#: What is returned in a retreat (the manual: the return of confiscated property).
RETURNED = frozenset("property asset ship vessel aircraft plane land territory island".split())
