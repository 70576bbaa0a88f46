"""General English word lists that matching needs: irregular verb forms, month names and
wordings news reports use interchangeably. None of it is about any one story.
"""

from __future__ import annotations

# Past forms a suffix stemmer cannot undo ("shot" -> "shoot").
IRREGULAR_VERBS: dict[str, str] = {
    "shot": "shoot", "ran": "run", "won": "win", "lost": "lose", "fled": "flee", "fought": "fight",
    "hit": "hit", "held": "hold", "met": "meet", "paid": "pay", "sold": "sell", "bought": "buy",
    "told": "tell", "spoke": "speak", "spoken": "speak", "wrote": "write", "written": "write",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "went": "go", "gone": "go",
    "came": "come", "began": "begin", "begun": "begin", "broke": "break", "broken": "break",
    "chose": "choose", "chosen": "choose", "drove": "drive", "driven": "drive", "fell": "fall",
    "fallen": "fall", "flew": "fly", "flown": "fly", "froze": "freeze", "frozen": "freeze",
    "grew": "grow", "grown": "grow", "knew": "know", "known": "know", "led": "lead", "left": "leave",
    "made": "make", "rose": "rise", "risen": "rise", "sent": "send", "spent": "spend", "stood": "stand",
    "struck": "strike", "swore": "swear", "sworn": "swear", "threw": "throw", "thrown": "throw",
    "brought": "bring", "caught": "catch", "found": "find", "heard": "hear", "kept": "keep",
    "meant": "mean", "sought": "seek", "taught": "teach", "thought": "think", "understood": "understand",
    "withdrew": "withdraw", "withdrawn": "withdraw", "forbade": "forbid", "bore": "bear", "born": "bear",
    "slain": "slay", "slew": "slay", "stole": "steal", "stolen": "steal", "hid": "hide", "hidden": "hide",
    "bled": "bleed", "fed": "feed", "dealt": "deal", "lent": "lend", "overtook": "overtake",
}

# Abbreviated month names, spelled out so "Sept. 11" and "September 11" match.
MONTH_ABBREVIATIONS: dict[str, str] = {
    "jan": "january", "feb": "february", "apr": "april", "jun": "june", "jul": "july", "aug": "august",
    "sep": "september", "sept": "september", "oct": "october", "nov": "november", "dec": "december",
}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")

# Wordings reporters use for the same thing; a query in one wording finds the others.
RELATED_WORDINGS: tuple[tuple[str, ...], ...] = (
    # people in a case or a crisis
    ("lawyer", "attorney", "counsel", "defense lawyer"),
    ("prosecutor", "prosecuting attorney", "district attorney"),
    ("judge", "justice", "magistrate"),
    ("police", "officer", "officers", "law enforcement", "cops"),
    ("doctor", "physician", "internist", "surgeon"),
    ("spokesman", "spokeswoman", "spokesperson", "press secretary", "aide"),
    ("lawmaker", "legislator", "congressman", "congresswoman", "senator", "representative"),
    ("soldier", "troop", "service member"),
    ("victim", "casualty"),
    ("protester", "demonstrator", "marcher"),
    ("voter", "electorate"),
    ("child", "kid", "minor"),
    # events and acts
    ("autopsy", "post-mortem", "postmortem", "examination of the body"),
    ("poll", "survey", "opinion poll"),
    ("arrest", "detain", "detention", "take into custody"),
    ("kill", "slay", "dead", "death", "die", "fatality"),
    ("injure", "wound", "hurt", "injury"),
    ("shoot", "shooting", "gunfire", "gunshot"),
    ("protest", "demonstration", "rally", "unrest"),
    ("riot", "unrest", "looting", "clash"),
    ("collapse", "fall", "give way", "come down", "cave in"),
    ("begin", "start", "launch", "commence"),
    ("charge", "indict", "indictment", "accuse"),
    ("convict", "conviction", "guilty", "plead guilty"),
    ("sentence", "prison term", "jail term"),
    ("trial", "hearing", "court case"),
    ("investigate", "investigation", "inquiry", "probe"),
    ("veto", "reject"),
    ("override", "overturn", "overrule"),
    ("vote", "ballot", "election"),
    ("elect", "choose", "pick"),
    ("nominate", "nomination", "put forward"),
    ("resign", "step down", "quit"),
    ("fire", "dismiss", "dismissal", "oust", "ouster", "sack", "remove from office", "let go"),
    ("hire", "appoint", "name", "recruit"),
    ("promote", "promotion", "elevate"),
    ("announce", "unveil", "declare", "reveal"),
    ("end", "terminate", "rescind", "scrap", "repeal", "cancel"),
    ("threat", "threaten", "warn", "warning"),
    ("attack", "assault", "strike", "raid"),
    ("ceasefire", "truce", "armistice"),
    ("sue", "lawsuit", "legal action"),
    ("stop", "pull over", "detain"),
    ("speech", "address", "remarks"),
    ("write", "letter", "memo"),
    ("statement", "announcement", "release"),
    ("meeting", "talks", "summit"),
    ("visit", "trip", "tour"),
    ("ban", "prohibit", "outlaw"),
    # things
    ("health", "medical", "medicine"),
    ("money", "funds", "cash"),
    ("income", "earnings", "revenue"),
    ("tax", "taxes", "tax return"),
    ("asset", "holding", "investment"),
    ("bill", "legislation", "measure", "law"),
    ("church", "chapel", "cathedral"),
    ("record", "document", "information", "data"),
    ("car", "vehicle", "automobile"),
    ("gun", "firearm", "weapon"),
    ("home", "residence", "household"),
    ("job", "employment", "work"),
    ("school", "college", "university", "campus"),
    ("company", "firm", "business", "corporation"),
    ("government", "administration", "authorities"),
    ("military", "army", "armed forces"),
    ("border", "frontier", "boundary"),
    ("refugee", "displaced", "evacuee"),
)
