"""Word lists shared by the patterns and the resolver.

Kept as plain data so that the regexes in :mod:`extraction.patterns` and the
arithmetic in :mod:`extraction.dates` agree on every spelling.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
MONTH_NAMES = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_ABBR = [
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
WEEKDAY_NAMES = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
WEEKDAY_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}

NUMBER_WORDS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "half a": 0.5,
    "a half": 0.5,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a dozen": 12,
    "dozen": 12,
}
# Quantities that are not a number: TimeML writes them as X ("PXY").
VAGUE_NUMBERS = {
    "several",
    "a few",
    "few",
    "many",
    "some",
    "the few",
    "numerous",
    "dozens of",
    "hundreds of",
    "the past few",
    "a number of",
}

ORDINALS: dict[str, int] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}

# TimeML duration letters per unit (decade and century have their own).
UNITS: dict[str, str] = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "weekend": "WE",
    "fortnight": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
}
TIME_UNITS = {"second", "minute", "hour"}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "tonight": "NI",
    "midday": "MI",
    "noon": "MI",
}

# The words that make a bare "10:30" or a spoken "4 in the morning" a time of
# day ("at 4 in the morning"; "down 4 in the morning session" is a count).
CLOCK_PREPS = {
    "at",
    "by",
    "around",
    "about",
    "before",
    "after",
    "until",
    "till",
    "from",
    "since",
}

# Hedges that make a count approximate: the event then keeps only the year.
APPROX_WORDS = {
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "some",
    "approximately",
    "more than",
    "over",
    "less than",
    "under",
    "just over",
    "just under",
    "close to",
    "at least",
    "up to",
    "well over",
    "barely",
    "only",
    "just",
}
EXACT_HEDGES = {"only", "just"}
# Hedges that bound a count on one side only ("more than two years after X"):
# the elapsed time is commentary, it cannot place a second event.
OPEN_BOUNDS = {
    "more than",
    "over",
    "less than",
    "under",
    "just over",
    "just under",
    "at least",
    "up to",
    "well over",
    "fewer than",
    "at most",
    "no more than",
}

# Of those, the ones that bound a count from above: "less than a week later"
# lies between the date counted from and a week after it.
UPPER_BOUNDS = {
    "less than",
    "under",
    "just under",
    "fewer than",
    "at most",
    "no more than",
}

# Happenings that run over several days: "the second day of the trial" is
# dated only from the day the text says it began (START_VERBS).
MULTI_DAY_EVENTS = {
    "trial",
    "hearing",
    "hearings",
    "testimony",
    "deliberations",
    "proceedings",
    "inquest",
    "inquiry",
    "summit",
    "conference",
    "strike",
    "protest",
    "protests",
    "session",
    "retrial",
    "tournament",
    "festival",
}
START_VERBS = {"begin", "start", "open", "commence", "kick", "launch", "resume"}

# spaCy entity labels of names: a date word inside one is part of the name
# ("Friday Night Lights", "Expo 2020").
NAME_LABELS = {"ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "FAC"}
# Capitalised words a year may follow as a date, not as part of a name.
NAME_YEAR_OK = {
    "fiscal",
    "fy",
    "q1",
    "q2",
    "q3",
    "q4",
    "h1",
    "h2",
    "christmas",
    "easter",
    "thanksgiving",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "sept",
    "circa",
    "ca",
}

# Verbs and adjectives that make the event they govern a future one even when
# the governing verb is in the past or present ("set sentencing for March 28").
# Verbs that set or move a deadline: "extended the offer until Friday" runs
# to a coming date even in the past tense ("sales rose through Friday" does not).
DEADLINE_VERBS = set(
    """
    extend postpone delay defer adjourn suspend push move recess schedule set
    slate plan expect give grant allow
    """.split()
)
SCHEDULE_WORDS = {
    "schedule",
    "set",
    "slate",
    "plan",
    "due",
    "expect",
    "intend",
    "aim",
    "poise",
    "go",
    "hope",
    "propose",
    "tentative",
    "upcoming",
    "postpone",
    "delay",
    "push",
    "adjourn",
    "reschedule",
    "move",
}
# Of those, the verbs that move a date: the new date is the one they move to
# ("pushed back to Tuesday", "moved the hearing to Friday"); a date on them
# with another preposition is when the moving happened ("were pushed out of
# the talks in February").
MOVING_VERBS = {"postpone", "delay", "push", "adjourn", "reschedule", "move"}
MOVED_TO_PREPS = ("to", "until", "till", "for", None)
# Words right before a date that name a coming one whatever the verb's tense
# ("as soon as Tuesday", "ahead of Friday's vote"; "a new office, effective
# Feb. 1": the day a change takes effect, announced before it).
FORWARD_SIGNALS = ("as soon as", "as early as", "ahead of", "in time for", "effective")
FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "'d"}
SPEECH_VERBS = {
    "say",
    "tell",
    "announce",
    "report",
    "state",
    "confirm",
    "add",
    "note",
    "write",
    "claim",
    "testify",
    "argue",
    "predict",
    "warn",
    "estimate",
    "forecast",
    "expect",
}

# Titles (extraction/titles.py) ------------------------------------------------

# Nouns that name a happening: a title made of one ("the verdict in the Holmes
# trial") still reads as a chronology line.
EVENT_NOUNS = set(
    """
    arrest arraignment indictment charge conviction verdict acquittal sentence
    sentencing trial hearing testimony appeal ruling decision plea settlement
    deal agreement lawsuit suit complaint filing bankruptcy collapse crash
    shooting death killing attack explosion blowout fire grounding recall
    launch release resignation departure firing appointment election vote
    merger acquisition takeover purchase sale founding opening closure
    shutdown strike protest raid investigation probe inquiry extradition
    surrender dismissal revocation approval ban suspension halt pause fine
    penalty announcement statement publication report birth funeral
    inauguration deliberation deliberations meeting summit restart premiere
    ceasefire truce war invasion coup assassination bombing election
    murder failure loss defeat victory win rescue implosion disappearance
    kidnapping collision derailment outage breach hack layoffs shooting
    """.split()
)
# Words that start a relative clause: a title never begins with one.
RELATIVE_WORDS = {"which", "who", "whom", "whose", "that", "where", "when", "while"}
# Words a title-cased headline leaves lower-case.
HEADLINE_SMALL_WORDS = set(
    "a an the and but or nor for so yet as at by in of on to up via vs with from into"
    " onto over per than".split()
)
# Pronouns a title replaces with the name they stand for, and which kind of
# name fits: a person's, an organisation's, or a group's (people or bodies).
TITLE_PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "his": "person",
    "her": "person",
    "it": "group",
    "its": "group",
    "they": "plural",
    "them": "plural",
    "their": "plural",
}
# Adverbs that belong to the verb as a particle would ("stepped down", "went
# down", "laid off"): a title keeps them with the verb.
VERB_PARTICLES = {
    "down",
    "up",
    "out",
    "off",
    "back",
    "away",
    "over",
    "aside",
    "apart",
    "home",
}
# Nouns that mean nothing without their "of" phrase ("a series of articles",
# "part of a deal"): a shortened title keeps the phrase or drops both.
PART_NOUNS = set(
    """
    series kind part collection number group lot couple host range variety set
    pair majority minority bunch handful portion share sort type form string wave
    spate flurry round piece member most some all many much rest
    """.split()
)


# What happened: the words the case grouping (timeline.matching) compares.
# Words that say nothing about which happening a sentence reports; with them
# the words that frame another act rather than name one ("expects to report",
# "compared with a profit a year earlier").
GENERIC = set(
    """
    say tell report announce state add note claim write describe call ask
    year month day week today time ago last next early late earlier later
    be have do make get go take come give put keep begin start end follow
    include use become remain seem show find want need know think see
    people person thing way part case lot number percent million billion
    company firm official statement news article story source
    mr mrs ms dr jr sr inc corp co ltd llc
    expect compare
    """.split()
)
# Nouns that make "today's" mean "these days" ("today's youth", "in today's
# world"), not the publication day ("today's hearing", "today's editions").
PRESENT_ERA_NOUNS = set(
    """
    world society youth generation culture economy child kid teenager student
    consumer family parent computer technology standard politics life
    """.split()
)
# Words of a time expression a reporter writes in lower case: all capitalised
# inside lower-case prose they make a title ("CBS's This Morning").
TITLE_CASE_TELLS = set(
    """
    this that the next last morning afternoon evening night day days week weeks
    month months year years after before tomorrow yesterday today tonight ago
    later earlier
    """.split()
)
MONTHS_AND_DAYS = set(
    """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday
    wednesday thursday friday saturday sunday morning afternoon evening night
    spring summer fall autumn winter
    """.split()
)
# Actions that legal, business and accident news tell in many words. The first
# word of each class stands for all of them.
ACTION_CLASSES = [
    "indict indictment charge accuse",
    "convict conviction guilty verdict",
    "acquit acquittal",
    "arrest detain custody",
    "bankruptcy bankrupt insolvency",
    "collapse fall unravel implode crumble meltdown downfall fail failure",
    "close shut closure shutdown shut_down",
    "withdraw withdrawal pull",
    "birth bear born",
    "ground grounding",
    "crash plunge go_down",
    "testify testimony witness",
    "sentence sentencing",
    "settle settlement",
    "plead plea",
    "resign resignation quit step_down",
    "found founding founder",
    "investigate investigation probe inquiry review",
    "revoke revocation",
    "agree agreement deal",
    "reject rejection deny denial refuse",
    "sue lawsuit suit complaint",
    "dismiss dismissal",
    "release free",
    "extradite extradition",
    "appeal",
    "hearing",
    "trial",
    "deliberate deliberation",
    "fire oust",
    "hire appoint appointment",
    "acquire acquisition buy purchase takeover",
    "merge merger",
    "recall",
    "fine penalty",
    "ban bar prohibit",
    "approve approval authorize clear",
    "suspend suspension halt pause",
    "kill die death dead",
    "shoot shooting gunfire",
    "publish publication",
    "surrender",
    "raise fundraising valuation value",
    "blow blowout explode explosion blast blow_out blow_up",
]
# Words that belong to a class only as one part of speech ("took the stand").
CANON_BY_POS = {("stand", "NOUN"): "testify"}
CANON: dict[str, str] = {}
for _cls in ACTION_CLASSES:
    _words = _cls.split()
    for _w in _words:
        CANON.setdefault(_w, _words[0])
ACTIONS = set(CANON.values())

# Incidents whose immediate outcome is a death, and that outcome's term.
INCIDENTS = {"shoot", "crash", "blow"}
OUTCOME = "kill"
PLACES = {"GPE", "LOC"}
WORLD_SCOPE = {"worldwide", "globally", "global", "internationally"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "LAW"}

# Nouns made from verbs name actions ("settlement", "closure", "hearing").
DEVERBAL = ("tion", "sion", "ment", "ure", "ance", "ence", "ing")
NOT_DEVERBAL = set(
    """
    government department parliament document apartment moment element equipment
    building morning evening ceiling nature future culture structure picture
    figure feature distance audience evidence conference science presence
    """.split()
)

# How a date attaches to the noun it dates: "Thursday's decision" (poss), "the
# January blowout" (compound), "the March 10 crash" (nmod), "the 2019 crash".
REFERENCE_DEPS = {"poss", "compound", "nmod", "nummod", "amod"}
# Speech verbs whose object is the listener, not what was said ("told the
# judge that ..."): the reported clause is still the happening.
LISTENER_VERBS = {
    "tell",
    "inform",
    "notify",
    "warn",
    "assure",
    "remind",
    "advise",
    "brief",
}
