"""Gazetteers for roles: honorifics, person nouns, relations, party tags and role-taking verbs.

General English and US-newspaper conventions only (no names from any story), read by the roles
extractor. The title nouns and modifiers live in :mod:`knowledge.entities` (mentions read them too).
"""

from __future__ import annotations

import re

from knowledge.entities import US_STATES

#: forms of address that are never a role alone, nor the end of one ("Dr." Lisa X is no "Dr." role)
NAME_HONORIFICS = {
    "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "mx.", "mx", "dr.", "dr", "sir", "madam", "dame",
    "lady", "messrs.", "mmes.", "mme.", "mlle.", "rev.", "rev", "reverend", "hon.", "esq.",
}
#: family and personal relations: "his wife, X"; "X, the son of Y"
RELATION_NOUNS = {
    "wife", "husband", "spouse", "partner", "fiancé", "fiancée", "fiance", "fiancee", "widow", "widower",
    "son", "daughter", "child", "stepson", "stepdaughter", "mother", "father", "parent", "stepmother",
    "stepfather", "brother", "sister", "half-brother", "half-sister", "grandson", "granddaughter",
    "grandmother", "grandfather", "grandchild", "aunt", "uncle", "nephew", "niece", "cousin",
    "girlfriend", "boyfriend", "friend", "neighbor", "neighbour", "roommate", "ex-wife", "ex-husband",
    "mother-in-law", "father-in-law", "son-in-law", "daughter-in-law", "brother-in-law", "sister-in-law",
}
#: people who act for another ("his lawyer", "her spokesman"): a role that says whom it serves
AGENT_NOUNS = {
    "lawyer", "attorney", "counsel", "solicitor", "barrister", "spokesman", "spokeswoman", "spokesperson",
    "aide", "adviser", "advisor", "agent", "publicist", "bodyguard", "chauffeur", "biographer",
}
#: occupations and descriptions of people that are no title (a title noun is one too)
PERSON_NOUNS = {
    "alderman", "alderwoman", "internist", "developer", "investor", "driver", "victim", "suspect",
    "witness", "resident", "owner", "landlord", "tenant", "builder", "architect", "engineer", "scientist",
    "doctor", "dentist", "pharmacist", "psychiatrist", "psychologist", "cardiologist", "oncologist",
    "pediatrician", "veterinarian", "farmer", "rancher", "worker", "employee", "employer", "contractor",
    "volunteer", "donor", "fundraiser", "lobbyist", "critic", "supporter", "opponent", "ally", "rival",
    "challenger", "candidate", "nominee", "incumbent", "veteran", "survivor", "passenger", "pedestrian",
    "bystander", "shooter", "gunman", "attacker", "assailant", "defendant", "plaintiff", "inmate",
    "prisoner", "detainee", "hostage", "refugee", "migrant", "immigrant", "protester", "protestor",
    "demonstrator", "organiser", "organizer", "historian", "professor", "scholar", "author", "writer",
    "novelist", "poet", "artist", "musician", "singer", "actor", "actress", "comedian", "filmmaker",
    "director", "producer", "photographer", "athlete", "player", "entrepreneur", "businessman",
    "businesswoman", "banker", "broker", "trader", "accountant", "economist", "executive", "founder",
    "president", "chairman", "chairwoman", "vice-chairman", "vice-chairwoman", "member", "staffer",
    "intern", "adviser", "advisor", "counselor", "counsellor", "therapist", "nurse", "surgeon",
    "physician", "paramedic", "medic", "officer", "deputy", "agent", "investigator", "analyst", "expert",
    "specialist", "researcher", "student", "teacher", "principal", "pastor", "minister", "imam",
    "rabbi", "priest", "nun", "monk", "cleric", "preacher", "evangelist", "democrat", "republican",
    "independent", "libertarian", "conservative", "liberal", "progressive", "moderate", "socialist",
    "congressman", "congresswoman", "assemblyman", "assemblywoman", "lawmaker", "legislator",
    "councilman", "councilwoman", "freshman", "sophomore", "graduate", "alumnus", "alumna",
}
#: nouns ending like an agent noun that never name a person
NOT_PERSON_NOUNS = {
    "number", "order", "matter", "letter", "water", "paper", "power", "border", "center", "centre",
    "error", "factor", "sector", "floor", "door", "color", "colour", "honor", "honour", "labor",
    "favor", "rumor", "chapter", "corner", "computer", "disaster", "danger", "answer", "cancer",
    "character", "quarter", "layer", "tower", "river", "manner", "dinner", "offer", "meter", "theater",
    "theatre", "register", "weather", "leather", "minor", "mirror", "motor", "vapor", "anchor", "major",
    "shelter", "charter", "barrier", "filter", "trigger", "poster", "cluster", "encounter", "semester",
    "monster", "helicopter", "counter", "finger", "hunger", "anger", "thriller", "sticker", "gender",
    "header", "folder", "ladder", "powder", "shoulder", "wonder", "thunder", "banner", "corridor",
    "humor", "humour", "tumor", "terror", "horror", "german", "roman", "talisman", "ottoman",
    "median", "meridian", "indian", "asian", "christian", "ratio", "scenario", "transistor", "calendar",
    "whatever", "however", "forever", "together", "rather", "further", "another", "neither", "whether",
    "ever", "over", "under", "after", "never", "other", "either", "summer", "winter", "november",
    "october", "december", "september", "trimester", "decor", "interior",
    "exterior", "behavior", "behaviour", "endeavor", "flavor", "tractor", "vector",
}
#: insults and put-downs: "X, a loser" describes no post ("a total loser", "a con man")
PUT_DOWN_NOUNS = {
    "loser", "idiot", "moron", "fool", "clown", "buffoon", "liar", "fraud", "phony", "phoney", "crook",
    "thug", "bully", "coward", "hypocrite", "charlatan", "huckster", "grifter", "fraudster", "conman",
    "con-man", "lightweight", "joke", "disgrace", "embarrassment", "nobody", "wimp", "whiner", "hater",
    "quitter", "crybaby", "jerk", "creep", "scoundrel", "demagogue", "bigot", "racist", "sexist", "traitor",
    "nut", "nutjob", "lunatic", "madman", "maniac", "psycho", "weirdo", "dope", "dummy", "dunce", "halfwit",
    "imbecile", "slob", "pig", "snake", "rat", "puppet", "stooge", "lackey", "sellout", "windbag", "blowhard",
}
#: agent-noun endings: "investor", "internist", "alderman", "chairperson", "historian"
AGENT_SUFFIXES = ("er", "or", "ist", "man", "woman", "person", "ian", "ee")
#: the shortest agent noun the endings may name
MIN_AGENT_NOUN = 5
#: people nouns too vague to be a role ("X, a man from Ohio")
GENERIC_PEOPLE = {"man", "woman", "person", "people", "one", "guy", "lady", "boy", "girl", "kid", "child",
                  "someone", "individual", "human", "adult", "figure", "name", "type", "kind"}
#: adjectives that make a predicate praise or blame, not a post ("a great candidate", "a close friend")
EVALUATIVE_ADJECTIVES = {
    "good", "great", "bad", "real", "true", "perfect", "complete", "total", "brilliant", "ardent", "close",
    "personal", "stark", "fierce", "strong", "weak", "huge", "terrible", "wonderful", "excellent", "fine",
    "nice", "poor", "key", "serious", "clear", "obvious", "natural", "big", "little", "fantastic", "awful",
    "horrible", "tremendous", "incredible", "amazing", "dangerous", "smart", "stupid", "honest", "decent",
    "lousy", "genuine", "loyal", "avid", "vocal", "outspoken", "staunch", "fervent", "passionate",
}
#: verbs after which a copula complement is a role the subject holds ("X is / became / remains Y")
COPULA_LEMMAS = {"be", "become", "remain"}
#: verbs whose "as" phrase is the subject's role ("X served as chief of staff")
SERVE_LEMMAS = {"serve", "work", "act", "sit", "continue", "remain", "stay", "return", "start", "begin"}
#: "X won the race for vice chairman": the contests whose prize is a role
CONTEST_NOUNS = {"race", "contest", "competition", "election", "bid", "vote", "battle", "fight", "nomination",
                 "post", "job", "seat", "position", "spot"}
WIN_LEMMAS = {"win", "clinch", "secure", "take", "capture"}
#: verbs naming who someone is: "police named the victim as X"
NAMING_LEMMAS = {"name", "identify", "describe", "list", "confirm", "introduce", "id"}
#: parties in US tags: "Rep. X (D-Ore.)", "Sen. X, R-Texas,"
PARTY_LETTERS = {"D": "Democrat", "R": "Republican", "I": "Independent"}
#: party members named after their state: "X, Delaware Democrat"; "X, a Democrat of Ohio"
PARTY_NOUNS = {"democrat", "republican", "independent", "libertarian"}
#: state abbreviations newspapers use beside the AP ones in :data:`knowledge.entities.US_STATES`
EXTRA_STATE_ABBREVIATIONS = {
    "tex": "Texas", "calif": "California", "penn": "Pennsylvania", "wisc": "Wisconsin", "nebr": "Nebraska",
    "mont": "Montana", "ore": "Oregon", "oreg": "Oregon", "wash": "Washington", "colo": "Colorado",
    "ariz": "Arizona", "nev": "Nevada", "okla": "Oklahoma", "mich": "Michigan", "minn": "Minnesota",
    "ind": "Indiana", "ill": "Illinois", "fla": "Florida", "tenn": "Tennessee", "conn": "Connecticut",
    "mass": "Massachusetts", "wva": "West Virginia", "dc": "District of Columbia", "pr": "Puerto Rico",
}
_STATE_OF: dict[str, str] = {**EXTRA_STATE_ABBREVIATIONS}
for _state, _abbr in US_STATES.items():
    _STATE_OF[_state.lower().replace(" ", "")] = _state
    _STATE_OF[_abbr.lower().replace(".", "").replace(" ", "")] = _state
#: "(D-Ore.)", ", R-N.Y.,", "(I-Vt)": party letter and state right after a name
PARTY_TAG = re.compile(r"\s*(?P<open>[(,])\s*(?P<party>[DRI])\s*[-–]\s*"
                       r"(?P<state>[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)"
                       r"\s*(?P<close>\)|,|;|\.(?=\s|$)|(?=\s|$))")


def state_of(text: str) -> str:
    """ "Ore." -> "Oregon", "N.Y." -> "New York", "Texas" -> "Texas"; "" when no US state."""
    return _STATE_OF.get(text.lower().replace(".", "").replace(" ", ""), "")


def is_person_noun(word: str) -> bool:
    """A common noun that names a person by occupation, office, description or relation."""
    low = word.lower()
    if low in GENERIC_PEOPLE or low in NOT_PERSON_NOUNS or low in PUT_DOWN_NOUNS:
        return False
    if low in PERSON_NOUNS or low in RELATION_NOUNS:
        return True
    return len(low) >= MIN_AGENT_NOUN and low.isalpha() and low.endswith(AGENT_SUFFIXES)
