"""Names: general gazetteers, name normalisation, and titles used as names.

No spaCy here. Merging mentions across articles lives in :mod:`knowledge.merge`;
:func:`merge_entities` stays importable from here for existing callers.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from knowledge.facts import ArticleFacts, Entity, Role

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
    "cpl.", "pvt.", "private", "corporal", "sen", "rep", "gov", "alderman", "alderwoman", "assemblyman",
    "assemblywoman", "comptroller", "whip",
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
#: nouns that describe an organisation in an apposition ("Kestrel Pay, the online payments company")
ORG_DESCRIPTIONS = frozenset(ORG_WORDS | {
    "firm", "utility", "maker", "manufacturer", "carmaker", "automaker", "retailer", "airline", "carrier",
    "operator", "insurer", "lender", "provider", "startup", "start-up", "regulator", "watchdog",
    "broadcaster", "publisher", "charity", "chain", "conglomerate", "giant", "supplier", "exchange",
    "nonprofit", "non-profit", "outlet", "newspaper", "broadcaster", "platform", "app", "brand",
})
#: legal forms that end a company's name ("Harlow Mining Corp."): the name is the same without them
COMPANY_LEGAL_FORMS = frozenset({
    "corp", "corporation", "inc", "incorporated", "co", "company", "ltd", "limited", "plc", "llc", "llp",
    "lp", "ag", "sa", "nv", "bv", "gmbh", "spa", "ab", "asa", "oyj", "se", "pty", "pte", "kk",
})
#: words of trade that end a company's full name and are dropped in short ("Harlow Mining" -> "Harlow")
COMPANY_TRADE_WORDS = frozenset({
    "group", "holding", "holdings", "industries", "international", "resources", "mining", "minerals",
    "energy", "oil", "petroleum", "motors", "motor", "airlines", "airways", "pharmaceuticals", "pharma",
    "technologies", "technology", "systems", "software", "networks", "communications", "telecom",
    "media", "entertainment", "capital", "partners", "investments", "financial", "brands", "foods",
    "enterprises", "steel", "chemicals", "logistics", "shipping", "semiconductor", "electronics",
    "pay", "payments",
})
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


STATE_ABBR: dict[str, str] = {}  # "fla" -> "florida" (filled below, once name_key exists)


def slug(name: str) -> str:
    """Stable id from a canonical name: "Ilham Aliyev" -> "ilham-aliyev"."""
    return re.sub(r"\s+", "-", name_key(name)).strip("-") or "entity"


STATE_ABBR.update({name_key(a): name_key(s) for s, a in US_STATES.items() if a.endswith(".")})

# --- titles used as names ---------------------------------------------------------------------

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
    return min(names) if len(keys) == 1 else ""  # min: set order changes with the hash seed


def merge_entities(facts: list[ArticleFacts]) -> list[Entity]:
    """Merge mentions across articles into entities (see :mod:`knowledge.merge`)."""
    from knowledge.merge import merge_entities as merge

    return merge(facts)
