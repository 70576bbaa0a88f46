"""Names: general gazetteers, name normalisation, and merging mentions across articles.

No spaCy here. :func:`merge_entities` turns the per-article mentions of every
:class:`~knowledge.facts.ArticleFacts` into canonical :class:`~knowledge.facts.Entity`
records and links roles (``Role["entity"]``) and statements (``Statement["speaker_entity"]``)
to them. It runs in roughly linear time: names are grouped by exact key first, and the
fuzzy spelling-variant pass only compares names inside small blocks (same label, same first
letters, similar length) with a score cutoff.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from functools import lru_cache

from rapidfuzz import fuzz, process

from knowledge.facts import ArticleFacts, Entity, EntityMention, Role

# --- general gazetteers (not tied to any story) ------------------------------------------

#: country (or major territory) -> demonym adjectives / plural nouns
_COUNTRIES = """
Afghanistan:Afghan,Afghans|Albania:Albanian|Algeria:Algerian|Andorra:Andorran|Angola:Angolan
Argentina:Argentine,Argentinian|Armenia:Armenian|Australia:Australian|Austria:Austrian
Azerbaijan:Azerbaijani,Azeri,Azerbaijanis,Azeris|Bahrain:Bahraini|Bangladesh:Bangladeshi
Belarus:Belarusian|Belgium:Belgian|Belize:Belizean|Benin:Beninese|Bhutan:Bhutanese
Bolivia:Bolivian|Bosnia:Bosnian|Botswana:Botswanan|Brazil:Brazilian|Bulgaria:Bulgarian
Burkina Faso:Burkinabe|Burundi:Burundian|Cambodia:Cambodian|Cameroon:Cameroonian
Canada:Canadian|Chad:Chadian|Chile:Chilean|China:Chinese|Colombia:Colombian|Congo:Congolese
Costa Rica:Costa Rican|Croatia:Croatian,Croat,Croats|Cuba:Cuban|Cyprus:Cypriot
Czech Republic:Czech,Czechs|Czechia:Czech|Denmark:Danish,Dane,Danes|Djibouti:Djiboutian
Dominican Republic:Dominican|Ecuador:Ecuadorian|Egypt:Egyptian|El Salvador:Salvadoran
Eritrea:Eritrean|Estonia:Estonian|Ethiopia:Ethiopian|Fiji:Fijian|Finland:Finnish,Finn,Finns
France:French|Gabon:Gabonese|Gambia:Gambian|Georgia:Georgian|Germany:German|Ghana:Ghanaian
Greece:Greek,Greeks|Guatemala:Guatemalan|Guinea:Guinean|Haiti:Haitian|Honduras:Honduran
Hungary:Hungarian|Iceland:Icelandic,Icelander|India:Indian|Indonesia:Indonesian|Iran:Iranian
Iraq:Iraqi,Iraqis|Ireland:Irish|Israel:Israeli,Israelis|Italy:Italian|Ivory Coast:Ivorian
Jamaica:Jamaican|Japan:Japanese|Jordan:Jordanian|Kazakhstan:Kazakh,Kazakhs|Kenya:Kenyan
Kosovo:Kosovar|Kuwait:Kuwaiti|Kyrgyzstan:Kyrgyz|Laos:Lao,Laotian|Latvia:Latvian
Lebanon:Lebanese|Liberia:Liberian|Libya:Libyan|Lithuania:Lithuanian|Luxembourg:Luxembourgish
Madagascar:Malagasy|Malawi:Malawian|Malaysia:Malaysian|Maldives:Maldivian|Mali:Malian
Malta:Maltese|Mauritania:Mauritanian|Mexico:Mexican|Moldova:Moldovan|Monaco:Monegasque
Mongolia:Mongolian|Montenegro:Montenegrin|Morocco:Moroccan|Mozambique:Mozambican
Myanmar:Burmese|Namibia:Namibian|Nepal:Nepali,Nepalese|Netherlands:Dutch
New Zealand:New Zealander|Nicaragua:Nicaraguan|Niger:Nigerien|Nigeria:Nigerian
North Korea:North Korean|North Macedonia:Macedonian|Norway:Norwegian|Oman:Omani
Pakistan:Pakistani,Pakistanis|Palestine:Palestinian|Panama:Panamanian
Papua New Guinea:Papua New Guinean|Paraguay:Paraguayan|Peru:Peruvian|Philippines:Filipino
Poland:Polish,Pole,Poles|Portugal:Portuguese|Qatar:Qatari|Romania:Romanian|Russia:Russian
Rwanda:Rwandan|Saudi Arabia:Saudi,Saudis|Senegal:Senegalese|Serbia:Serbian,Serb,Serbs
Sierra Leone:Sierra Leonean|Singapore:Singaporean|Slovakia:Slovak|Slovenia:Slovenian,Slovene
Somalia:Somali,Somalis|South Africa:South African|South Korea:South Korean|South Sudan:South Sudanese
Spain:Spanish,Spaniard,Spaniards|Sri Lanka:Sri Lankan|Sudan:Sudanese|Sweden:Swedish,Swede,Swedes
Switzerland:Swiss|Syria:Syrian|Taiwan:Taiwanese|Tajikistan:Tajik,Tajiks|Tanzania:Tanzanian
Thailand:Thai,Thais|Togo:Togolese|Tunisia:Tunisian|Turkey:Turkish,Turk,Turks|Turkmenistan:Turkmen
Uganda:Ugandan|Ukraine:Ukrainian|United Arab Emirates:Emirati|United Kingdom:British,Briton,Britons
United States:American|Uruguay:Uruguayan|Uzbekistan:Uzbek,Uzbeks|Venezuela:Venezuelan
Vietnam:Vietnamese|Yemen:Yemeni,Yemenis|Zambia:Zambian|Zimbabwe:Zimbabwean
Scotland:Scottish,Scot,Scots|Wales:Welsh|England:English|Kurdistan:Kurdish,Kurd,Kurds
Chechnya:Chechen|Crimea:Crimean|Catalonia:Catalan|Tibet:Tibetan|Gaza:Gazan|Quebec:Quebecois
Europe:European|Africa:African|Asia:Asian|Latin America:Latin American|Caucasus:Caucasian
Arabia:Arab,Arabs|Persia:Persian|Soviet Union:Soviet|Balkans:Balkan|Scandinavia:Scandinavian
"""
#: other spellings of countries (and abbreviations) -> the country name above
COUNTRY_ALIASES = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "America": "United States", "United States of America": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "UAE": "United Arab Emirates", "Holland": "Netherlands",
    "Burma": "Myanmar", "Persia": "Iran", "Russian Federation": "Russia", "USSR": "Soviet Union",
    "PRC": "China", "DRC": "Congo", "Türkiye": "Turkey", "Turkiye": "Turkey", "Czechia": "Czech Republic",
    "Côte d'Ivoire": "Ivory Coast",
}
#: a short list of capitals and big cities (places that spaCy sm often calls PERSON)
CITIES = set("""
Kabul Tirana Algiers Luanda Buenos_Aires Yerevan Canberra Vienna Baku Manama Dhaka Minsk Brussels
Sarajevo Brasilia Sofia Phnom_Penh Ottawa Santiago Beijing Bogota Havana Nicosia Prague Copenhagen
Cairo Tallinn Addis_Ababa Helsinki Paris Tbilisi Berlin Accra Athens Budapest Reykjavik New_Delhi
Delhi Jakarta Tehran Baghdad Dublin Jerusalem Tel_Aviv Rome Tokyo Amman Astana Almaty Nairobi
Pristina Kuwait_City Bishkek Riga Beirut Tripoli Vilnius Luxembourg Kuala_Lumpur Valletta
Mexico_City Chisinau Ulaanbaatar Podgorica Rabat Maputo Kathmandu Amsterdam The_Hague Wellington
Abuja Lagos Pyongyang Skopje Oslo Muscat Islamabad Karachi Lahore Ramallah Panama_City Lima Manila
Warsaw Lisbon Doha Bucharest Moscow Kigali Riyadh Dakar Belgrade Singapore Bratislava Ljubljana
Mogadishu Pretoria Johannesburg Cape_Town Seoul Juba Madrid Barcelona Colombo Khartoum Stockholm
Bern Geneva Zurich Damascus Aleppo Taipei Dushanbe Dodoma Bangkok Tunis Ankara Istanbul Ashgabat
Kampala Kyiv Kiev Kharkiv Odesa Lviv Abu_Dhabi Dubai London Manchester Washington Montevideo
Tashkent Caracas Hanoi Sanaa Lusaka Harare Edinburgh Cardiff Belfast Gaza Strasbourg Munich
Frankfurt Hamburg Milan Naples Venice Shanghai Hong_Kong Mumbai Kolkata Chennai Osaka Sydney
Melbourne Toronto Montreal Vancouver New_York Los_Angeles Chicago Houston Miami Boston
San_Francisco Atlanta Dallas Seattle Denver Philadelphia Detroit Tampa Orlando St._Petersburg
Sochi Minsk Donetsk Luhansk Mariupol Sevastopol Grozny Tskhinvali Sukhumi Ganja Gyumri Brussels
Davos Vatican Mecca Medina Kandahar Mosul Basra Erbil Kirkuk Homs Idlib Benghazi Aden Hodeidah
""".replace("_", " ").split()) | {n.replace("_", " ") for n in (
    "Buenos_Aires", "Phnom_Penh", "Addis_Ababa", "New_Delhi", "Tel_Aviv", "Kuwait_City", "Kuala_Lumpur",
    "Mexico_City", "The_Hague", "Panama_City", "Cape_Town", "Abu_Dhabi", "Hong_Kong", "New_York",
    "Los_Angeles", "San_Francisco", "St._Petersburg")}
#: US states and their newspaper abbreviations
US_STATES = {
    "Alabama": "Ala.", "Alaska": "Alaska", "Arizona": "Ariz.", "Arkansas": "Ark.", "California": "Calif.",
    "Colorado": "Colo.", "Connecticut": "Conn.", "Delaware": "Del.", "Florida": "Fla.", "Georgia": "Ga.",
    "Hawaii": "Hawaii", "Idaho": "Idaho", "Illinois": "Ill.", "Indiana": "Ind.", "Iowa": "Iowa",
    "Kansas": "Kan.", "Kentucky": "Ky.", "Louisiana": "La.", "Maine": "Maine", "Maryland": "Md.",
    "Massachusetts": "Mass.", "Michigan": "Mich.", "Minnesota": "Minn.", "Mississippi": "Miss.",
    "Missouri": "Mo.", "Montana": "Mont.", "Nebraska": "Neb.", "Nevada": "Nev.",
    "New Hampshire": "N.H.", "New Jersey": "N.J.", "New Mexico": "N.M.", "New York": "N.Y.",
    "North Carolina": "N.C.", "North Dakota": "N.D.", "Ohio": "Ohio", "Oklahoma": "Okla.",
    "Oregon": "Ore.", "Pennsylvania": "Pa.", "Rhode Island": "R.I.", "South Carolina": "S.C.",
    "South Dakota": "S.D.", "Tennessee": "Tenn.", "Texas": "Texas", "Utah": "Utah", "Vermont": "Vt.",
    "Virginia": "Va.", "Washington": "Wash.", "West Virginia": "W.Va.", "Wisconsin": "Wis.",
    "Wyoming": "Wyo.",
}
#: abbreviations after which a full stop does not end a sentence when more of the name follows
ABBREVIATIONS = {
    "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "maj.", "capt.", "sgt.", "cpl.",
    "adm.", "gov.", "sen.", "rep.", "rev.", "fr.", "st.", "sr.", "jr.", "vs.", "v.", "inc.",
    "corp.", "co.", "ltd.", "dept.", "u.s.", "u.k.", "u.n.", "e.u.", "d.c.", "a.m.", "p.m.", "jan.",
    "feb.", "mar.", "apr.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", "ave.", "blvd.", "mt.",
    "ft.", "pres.", "supt.", "det.", "insp.", "atty.", "hon.", "messrs.", "mmes.", "esq.",
} | {abbr.lower() for abbr in US_STATES.values() if abbr.endswith(".")}
#: abbreviations that are titles before a name: never the end of a sentence
TITLE_ABBREVIATIONS = {
    "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "maj.", "capt.", "sgt.", "cpl.",
    "adm.", "gov.", "sen.", "rep.", "rev.", "fr.", "st.", "pres.", "supt.", "det.", "insp.",
    "atty.", "hon.", "messrs.", "mmes.", "vs.", "v.", "brig.", "cmdr.", "cdr.", "sup.", "msgr.",
    "sra.", "mme.", "mlle.",
}
#: nouns that name a position held by a person (lower case)
TITLE_NOUNS = {
    "president", "vice-president", "prime", "minister", "premier", "chancellor", "secretary",
    "spokesperson", "spokesman", "spokeswoman", "spokesmen", "mp", "mep", "senator", "sen.",
    "congressman", "congresswoman", "representative", "rep.", "governor", "gov.", "mayor", "judge",
    "justice", "assistant", "adviser", "advisor", "aide", "ambassador", "envoy", "chief", "director",
    "head", "leader", "commander", "general", "gen.", "ceo", "cfo", "chairman", "chairwoman",
    "chair", "chairperson", "officer", "sheriff", "attorney", "prosecutor", "lawyer", "king",
    "queen", "prince", "princess", "emperor", "pope", "ayatollah", "sheikh", "emir", "sultan",
    "colonel", "col.", "lieutenant", "lt.", "captain", "capt.", "sergeant", "sgt.",
    "major", "admiral", "marshal", "lord", "deputy", "speaker", "ombudsman", "commissioner",
    "inspector", "detective", "professor", "prof.", "dr.", "doctor", "analyst", "researcher",
    "correspondent", "reporter", "journalist", "editor", "founder", "co-founder", "owner",
    "manager", "coach", "negotiator", "mediator", "coordinator", "delegate",
    "councillor", "councilman", "councilwoman", "council", "member", "lawmaker", "legislator",
    "politician", "official", "diplomat", "superintendent",
    "supt.", "administrator", "auditor", "treasurer", "clerk", "magistrate", "warden", "chaplain",
    "bishop", "archbishop", "patriarch", "rabbi", "imam", "cardinal", "ex-head", "ex-president",
    "ex-minister", "physician", "surgeon", "nurse", "meteorologist", "forecaster", "economist",
    "executive", "dean", "provost", "rector", "principal", "teacher", "student", "activist",
    "ruler", "monarch", "dictator", "strongman", "warlord", "ataman", "mufti", "pastor", "priest",
    "ombudsperson", "defender", "counsel", "solicitor", "barrister", "consul", "attaché",
    "attache", "chargé", "ranger", "trooper", "firefighter", "paramedic", "pilot", "soldier",
    "press", "strategist", "consultant", "pollster", "operative", "campaigner",
    "organizer", "organiser", "secretary-general", "under-secretary", "undersecretary", "brig.", "brig",
    "brigadier", "maj.", "cmdr.", "adm.", "gen", "maj", "lt", "col", "sgt", "capt",
    "cpl.", "pvt.", "private", "corporal", "sen", "rep", "gov",
}
#: words that only modify a following title ("Prime Minister", "Foreign Minister")
TITLE_MODIFIERS = {
    "prime", "foreign", "deputy", "vice", "acting", "former", "ex", "chief", "first", "interim",
    "senior", "junior", "assistant", "associate", "executive", "general", "national", "state",
    "defense", "defence", "interior", "finance", "health", "justice", "economy", "education",
    "energy", "presidential", "press", "security", "special", "lead", "top", "district", "federal",
    "county", "city", "supreme", "high", "military", "opposition", "party", "then", "home",
    "culture", "trade", "transport", "transportation", "agriculture", "labor", "labour", "environment",
    "housing", "treasury", "commerce", "veterans", "homeland", "intelligence", "science", "development",
    "immigration", "communications", "sports", "tourism", "industry", "emergency",
    "minority", "majority", "floor", "whip", "ranking",
    "longtime", "veteran", "outgoing", "incoming", "newly", "elected", "de", "facto",
}
#: words that make a name an organisation
ORG_WORDS = {
    "ministry", "ministries", "department", "office", "agency", "service", "services", "committee",
    "council", "commission", "party", "company", "corporation", "corp.", "inc.", "ltd", "ltd.",
    "group", "bank", "university", "college", "institute", "association", "union", "organization",
    "organisation", "court", "army", "forces", "force", "navy", "police", "government", "parliament",
    "assembly", "senate", "congress", "house", "administration", "authority", "authorities",
    "federation", "foundation", "fund", "times", "post", "news", "press", "network",
    "tv", "radio", "channel", "club", "league", "board", "bureau", "center", "centre", "cabinet",
    "presidency", "embassy", "consulate", "school", "hospital", "church", "movement", "front",
    "brigade", "battalion", "guard", "troops", "kremlin", "pentagon", "coalition", "alliance",
    "tribunal", "directorate", "secretariat", "mission", "command", "corps", "unit", "division",
    "nations", "communities", "co.", "llc", "plc", "ag", "sa", "gmbh",
}
#: words that make a name a place
PLACE_WORDS = {
    "region", "territory", "province", "district", "city", "town", "village", "county", "state",
    "republic", "oblast", "valley", "river", "mountains", "mountain", "island", "islands", "coast",
    "border", "corridor", "capital", "area", "zone", "peninsula", "enclave", "strait", "sea", "lake",
    "gulf", "bay", "desert", "basin", "highway", "street", "road", "square", "airport", "port",
    "neighborhood", "neighbourhood", "suburb", "municipality", "parish", "prefecture", "canton",
}
PERSON_PRONOUNS = {"he", "she", "him", "her"}

COUNTRY_OF: dict[str, str] = {}  # demonym or alias (lower) -> country
DEMONYMS: set[str] = set()  # lower case
COUNTRIES: set[str] = set()  # lower case
for _line in _COUNTRIES.strip().splitlines():
    for _entry in _line.split("|"):
        _country, _, _dems = _entry.partition(":")
        COUNTRIES.add(_country.lower())
        COUNTRY_OF[_country.lower()] = _country
        for _d in _dems.split(","):
            _d = _d.strip()
            if _d:
                DEMONYMS.add(_d.lower())
                COUNTRY_OF[_d.lower()] = _country
                if not _d.endswith("s"):
                    DEMONYMS.add(_d.lower() + "s")
                    COUNTRY_OF[_d.lower() + "s"] = _country
for _alias, _country in COUNTRY_ALIASES.items():
    COUNTRIES.add(_alias.lower())
    COUNTRY_OF[_alias.lower()] = _country
CITIES_LOWER = {c.lower() for c in CITIES}
STATES_LOWER = {s.lower() for s in US_STATES} | {a.lower() for a in US_STATES.values()}


def place_kind(name: str) -> str:
    """ "GPE" for a known country/city/state, "NORP" for a demonym, else ""."""
    key = normalise(name).lower()
    if key in DEMONYMS:
        return "NORP"
    if key in COUNTRIES or key in CITIES_LOWER or key in STATES_LOWER:
        return "GPE"
    return ""


def country_of(word: str) -> str:
    """ "Azerbaijani" -> "Azerbaijan", "US" -> "United States", "Azerbaijan's" -> "Azerbaijan"."""
    raw = word.strip().replace("’", "'")
    raw = re.sub(r"'s?$", "", raw).strip().lower()
    return COUNTRY_OF.get(raw) or COUNTRY_OF.get(normalise(word).lower(), "")


# --- names -------------------------------------------------------------------------------

_POSSESSIVE = re.compile(r"\s*(?:['’]s|['’])$")
_LEADING_DET = re.compile(r"^(?:the|The|THE)\s+")


@lru_cache(maxsize=1 << 18)
def normalise(name: str) -> str:
    """Surface form -> name: no possessive, no leading "the", single spaces, straight quotes."""
    name = unicodedata.normalize("NFC", name).replace("’", "'").replace("‘", "'")
    keep_stop = bool(re.search(r"(?:\b[A-Z]\.){2,}$|\b(?:Jr|Sr|Co|Inc|Corp|Ltd|St)\.$", name.strip()))
    name = re.sub(r"\s+", " ", name).strip(" ,.;:\"'“”()[]-–—")
    if keep_stop:
        name += "."
    name = _POSSESSIVE.sub("", name)
    name = _LEADING_DET.sub("", name)
    return name.strip()


@lru_cache(maxsize=1 << 18)
def name_key(name: str) -> str:
    """Comparison key: case-folded, accents dropped, punctuation squeezed."""
    text = unicodedata.normalize("NFKD", normalise(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


_STATE_ABBR: dict[str, str] = {}  # "fla" -> "florida" (filled below, once name_key exists)


def slug(name: str) -> str:
    """Stable id from a canonical name: "Ilham Aliyev" -> "ilham-aliyev"."""
    return re.sub(r"\s+", "-", name_key(name)).strip("-") or "entity"


_STATE_ABBR.update({name_key(a): name_key(s) for s, a in US_STATES.items() if a.endswith(".")})

# --- merging across articles -------------------------------------------------------------

_PLACE_LABELS = {"GPE", "LOC"}


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _label_group(label: str) -> str:
    return "PLACE" if label in _PLACE_LABELS else label


def _fuzzy_ok(a: str, b: str) -> bool:
    """Spelling variants of one name: same token count, near-identical tokens."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or a == b:
        return False
    for x, y in zip(ta, tb):
        if x == y:
            continue
        if x[0] != y[0] or abs(len(x) - len(y)) > 2 or min(len(x), len(y)) < 4:
            return False
        if fuzz.ratio(x, y) < 85:
            return False
    return fuzz.ratio(a, b) >= 88


_TITLE_PHRASE = re.compile(r"^(?:the\s+)?(?P<place>[\w-]+(?:\s+[\w-]+)?)(?:['’]s)?\s+(?P<title>(?:[a-z-]+\s+)?[a-z-]+)$")


def title_index(roles: Iterable[Role]) -> dict[tuple[str, str], set[str]]:
    """(country, lower-case title) -> names of the people the corpus gives that title."""
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in roles:
        country = r.get("country", "")
        if not country or r.get("former"):
            continue
        words = [w.lower() for w in re.findall(r"[\w-]+", r["role"])]
        if not words or "to" in words:
            continue
        index[(country, " ".join(w for w in words if w not in ("the", "acting")))].add(normalise(r["name"]))
    return index


def resolve_title(phrase: str, index: dict[tuple[str, str], set[str]]) -> str:
    """ "Azerbaijan's president" -> "Ilham Aliyev" when the corpus names exactly one such person."""
    m = _TITLE_PHRASE.match(normalise(phrase) if not phrase.lower().startswith("the ") else phrase.strip())
    if not m:
        return ""
    country = country_of(m.group("place"))
    names = index.get((country, m.group("title").lower()), set()) if country else set()
    keys = {name_key(n) for n in names}
    return next(iter(names)) if len(keys) == 1 else ""


def _is_acronym(form: str) -> bool:
    bare = form.replace(".", "")
    return bare.isupper() and 2 <= len(bare) <= 6 and " " not in form


def merge_entities(facts: list[ArticleFacts]) -> list[Entity]:
    """Merge mentions across articles into entities; sets Role["entity"], Statement["speaker_entity"]."""
    titles = title_index(r for af in facts for r in af["roles"])
    # 0. titles used as names: resolved against the whole corpus, or left out of the entities
    for af in facts:
        for m in af["mentions"]:
            if m.get("title_of") and name_key(m["name"]) == name_key(m["text"]):
                m["name"] = resolve_title(m["text"], titles) or m["name"]
    # 1. label votes and surface forms per name key
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    # counted over distinct (name, label, text) first: the loop below then sees each form once
    distinct = Counter((m["name"], m["label"], m["text"], bool(m.get("title_of")))
                       for af in facts for m in af["mentions"])
    for (name, label, text, is_title), n in distinct.items():
        key = name_key(name)
        if not key or (is_title and key == name_key(text)):
            continue
        votes[key][label] += n
        forms[key][normalise(name)] += n
        if not is_title:
            surface = normalise(text)
            if surface and surface != normalise(name):
                forms[key][surface] += 0  # an alias, never the canonical form by count
    for af in facts:
        for r in af["roles"]:
            key = name_key(r["name"])
            if key:
                votes[key]["PERSON"] += 2
                forms[key][normalise(r["name"])] += 1
    label_of: dict[str, str] = {}
    for key, counter in votes.items():
        kind = place_kind(key)
        if kind and counter.get("PERSON", 0) <= sum(counter.values()) // 2 + 1:
            label_of[key] = kind if kind == "NORP" or not counter.get("LOC") else "LOC"
            if kind == "GPE" and counter.get("LOC", 0) > counter.get("GPE", 0):
                label_of[key] = "LOC"
            elif kind == "GPE":
                label_of[key] = "GPE"
            continue
        ranked = counter.most_common()
        best = ranked[0][0]
        # places and people outvote ORG for the same name (spaCy sm calls many places ORG)
        place = counter.get("GPE", 0) + counter.get("LOC", 0)
        if best == "ORG" and place and place * 2 >= counter["ORG"] and " " not in key:
            best = "GPE" if counter.get("GPE", 0) >= counter.get("LOC", 0) else "LOC"
        if best in _PLACE_LABELS and counter.get("GPE", 0) and counter.get("LOC", 0):
            best = "GPE" if counter["GPE"] >= counter["LOC"] else "LOC"
        label_of[key] = best

    uf = _Union()
    for key in label_of:
        uf.find(key)

    # 2. names the text equates
    for af in facts:
        for pair in af["aliases"]:
            keys = [name_key(n) for n in pair["names"] if name_key(n)]
            for n in pair["names"]:
                if name_key(n) and not forms[name_key(n)]:
                    forms[name_key(n)][normalise(n)] += 1
            for k in keys:
                uf.find(k)
                label_of.setdefault(k, "GPE")
            # a place's other name is a place too (spaCy sm often calls small towns PERSON)
            labels = {label_of[k] for k in keys}
            place = next((lab for lab in ("GPE", "LOC") if lab in labels), "")
            if place and "PERSON" in labels:
                for k in keys:
                    if label_of[k] == "PERSON" and " " not in k:
                        label_of[k] = place
                        votes[k][place] += votes[k]["PERSON"] + 1
            for k in keys[1:]:
                if _label_group(label_of[k]) == _label_group(label_of[keys[0]]) or \
                        label_of[k] == "ORG" or label_of[keys[0]] == "ORG":
                    uf.union(keys[0], k)

    # 2b. a country's other names ("US" / "United States"), acronyms of longer names ("UN")
    country_keys: dict[str, str] = {}
    for key, label in label_of.items():
        if label in _PLACE_LABELS and (key in COUNTRIES or key in _STATE_ABBR):
            country = name_key(COUNTRY_OF[key]) if key in COUNTRIES else _STATE_ABBR[key]
            if country in country_keys:
                uf.union(country_keys[country], key)
            else:
                country_keys[country] = key
    long_by_initials: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, label in label_of.items():
        words = [w for w in key.split() if w not in ("of", "the", "and", "for", "de")]
        if len(words) >= 2:
            long_by_initials[(_label_group(label), "".join(w[0] for w in words))].add(key)
    for key, label in label_of.items():
        if " " not in key and 2 <= len(key) <= 6:
            form = forms[key].most_common(1)[0][0] if forms.get(key) else key
            if _is_acronym(form):
                longs = long_by_initials.get((_label_group(label), key.replace(".", "")), set())
                if len(longs) == 1:
                    uf.union(next(iter(longs)), key)

    # 2c. "Azerbaijan's Defense Ministry" / "Azerbaijani Defense Ministry": one organisation
    by_country_form: dict[str, str] = {}
    for key, label in label_of.items():
        if label != "ORG" or " " not in key:
            continue
        first, _, rest = key.partition(" ")
        if rest.startswith("s "):
            rest = rest[2:]  # the possessive "Azerbaijan's" keys as "azerbaijan s"
        country = COUNTRY_OF.get(first)
        if not country or not rest or not any(w in ORG_WORDS for w in rest.split()):
            continue
        norm = f"{name_key(country)} {rest}"
        if norm in by_country_form:
            uf.union(by_country_form[norm], key)
        else:
            by_country_form[norm] = key

    # 3. surname-only person names -> the single full name with that surname
    by_surname: dict[str, set[str]] = defaultdict(set)
    for key, label in label_of.items():
        toks = key.split()
        if label == "PERSON" and len(toks) >= 2:
            by_surname[toks[-1]].add(key)
    surnames_by_prefix: dict[str, list[str]] = defaultdict(list)
    for surname in by_surname:
        surnames_by_prefix[surname[:2]].append(surname)
    full_count = {k: sum(votes[k].values()) for ks in by_surname.values() for k in ks}
    for key, label in label_of.items():
        if label == "PERSON" and " " not in key:
            fulls = by_surname.get(key, set())
            if len(fulls) > 1:
                # one holder of the surname dominates the corpus ("Romney": Mitt, not Ann)
                ranked = sorted(fulls, key=lambda k: -full_count[k])
                if full_count[ranked[0]] >= 4 * max(1, full_count[ranked[1]]):
                    fulls = {ranked[0]}
            if not fulls:  # a spelling variant of one surname: "Aliev" / "Aliyev"
                close = [s for s in surnames_by_prefix.get(key[:2], ()) if _fuzzy_ok(key, s)]
                if len(close) == 1:
                    fulls = by_surname[close[0]]
            if len(fulls) == 1:
                uf.union(next(iter(fulls)), key)

    # 4. spelling variants, compared only inside small blocks
    blocks: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for key, label in label_of.items():
        toks = key.split()
        blocks[(_label_group(label), toks[-1][:2], len(toks))].append(key)
    for block in blocks.values():
        if len(block) < 2:
            continue
        block.sort(key=lambda k: (-sum(votes[k].values()), k))
        for a in block:
            # the comparisons run in C; only near matches come back
            hits = process.extract(a, block, scorer=fuzz.ratio, score_cutoff=80, limit=4)
            scored = sorted(((score, b) for b, score, _ in hits if b != a), reverse=True)
            if not scored:
                continue
            score, b = scored[0]
            runner = scored[1][0] if len(scored) > 1 else 0
            if _fuzzy_ok(a, b) and score - runner >= 4:
                uf.union(a, b)

    # 5. build entities
    groups: dict[str, list[str]] = defaultdict(list)
    for key in label_of:
        groups[uf.find(key)].append(key)
    entity_of_key: dict[str, str] = {}
    entities: dict[str, Entity] = {}
    for members in sorted(groups.values(), key=lambda ms: min(ms)):
        group_votes: Counter[str] = Counter()
        for k in members:
            group_votes.update(votes.get(k, Counter()))
        label = _group_label(members, label_of, group_votes)
        all_forms: Counter[str] = Counter()
        for k in members:
            all_forms.update(forms.get(k, Counter()) or Counter({k: 1}))
        canonical = _canonical(all_forms, label)
        eid = slug(canonical)
        if eid in entities:
            eid = f"{eid}-{label.lower()}"
            n = 2
            while eid in entities:
                eid = f"{slug(canonical)}-{label.lower()}-{n}"
                n += 1
        aliases = sorted({f for f in all_forms if f != canonical}, key=lambda f: (-all_forms[f], f))
        entities[eid] = Entity(id=eid, name=canonical, label=label, aliases=aliases,  # type: ignore[typeddict-item]
                               mentions=[])
        for k in members:
            entity_of_key[k] = eid

    # 6. mentions, roles and statements point at entities
    for af in facts:
        aid = af["article"]["id"]
        for m in af["mentions"]:
            eid = entity_of_key.get(name_key(m["name"]))
            if eid:
                entities[eid]["mentions"].append(EntityMention(
                    article=aid, sent=m["sent"], start=m["start"], end=m["end"], text=m["text"]))
        for r in af["roles"]:
            r["entity"] = entity_of_key.get(name_key(r["name"]), "")
        for s in af["statements"]:
            s["speaker"], s["speaker_entity"] = _attributed(s["speaker"], entity_of_key, titles)
        for n in af["numbers"]:
            n["claimant"], n["claimant_entity"] = _attributed(n["claimant"], entity_of_key, titles)
        for fr in af["framings"]:
            if fr["speaker"] and name_key(fr["speaker"]) not in entity_of_key:
                name = resolve_title(fr["speaker"], titles)
                if name and name_key(name) in entity_of_key:
                    fr["speaker"] = name
    return list(entities.values())


def _attributed(speaker: str, entity_of_key: dict[str, str],
                titles: dict[tuple[str, str], set[str]]) -> tuple[str, str]:
    """A speaker or claimant and its entity id; a title ("Azerbaijan's president") becomes the name."""
    eid = _speaker_entity(speaker, entity_of_key)
    if eid:
        return speaker, eid
    name = resolve_title(speaker, titles)
    eid = entity_of_key.get(name_key(name), "") if name else ""
    return (name, eid) if eid else (speaker, "")


def _speaker_entity(speaker: str, entity_of_key: dict[str, str]) -> str:
    if not speaker:
        return ""
    key = name_key(speaker)
    if key in entity_of_key:
        return entity_of_key[key]
    # "Azerbaijan's Defense Ministry" is not "Azerbaijan"; only whole names link
    return ""


def _group_label(members: list[str], label_of: dict[str, str], votes: Counter[str]) -> str:
    labels = Counter(label_of[k] for k in members)
    if any(place_kind(k) == "GPE" for k in members):
        return "GPE"
    best = votes.most_common(1)[0][0] if votes else labels.most_common(1)[0][0]
    if best == "ORG" and (votes.get("GPE", 0) + votes.get("LOC", 0)) * 2 >= votes["ORG"]:
        best = "GPE" if votes.get("GPE", 0) >= votes.get("LOC", 0) else "LOC"
    return best


def _canonical(forms: Counter[str], label: str) -> str:
    def rank(form: str) -> tuple[int, int, int, int, str]:
        multi = len(form.split()) if label == "PERSON" else 0
        return (-multi, int(_is_acronym(form)), -forms[form], -len(form) if label != "PERSON" else 0, form)
    return sorted(forms, key=rank)[0]


def iter_names(facts: Iterable[ArticleFacts]) -> Iterable[str]:
    """Every mention name, in order (handy for tests and debugging)."""
    for af in facts:
        for m in af["mentions"]:
            yield m["name"]
