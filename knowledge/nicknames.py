"""Person names: their parts, common English nicknames, and the gender a given name usually has.

General knowledge, not tied to any story. :func:`name_parts` splits "Robert P. McCulloch Jr."
into given name, middles, surname and generation; :func:`same_person_name` decides whether two
such names can be one person's ("Bob McCulloch" / "Robert P. McCulloch", never "Jesse Jackson" /
"Sandra Jackson"); the gender table lets "Mr. X" and "Ms. X" tell two people with one surname apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: formal given name: its usual nicknames and short forms (men)
_MALE = """
abraham: abe | albert: al bert bertie | alexander: alex alec al sandy xander | alfred: al alf fred freddie
allen: al | alan: al | andrew: andy drew | anthony: tony | antonio: tony | arnold: arnie
arthur: art artie | augustus: gus | barnabas: barney | barry: baz | bartholomew: bart
benedict: ben | benjamin: ben benny benji | bernard: bernie | bradley: brad | bradford: brad
calvin: cal | cameron: cam | charles: chuck charlie chas chaz chip | christopher: chris kit topher
clarence: clare | clifford: cliff | clinton: clint | cornelius: neil connie | curtis: curt
cyrus: cy | daniel: dan danny | david: dave davey | dennis: denny | donald: don donnie
douglas: doug | duane: dwayne | edgar: ed eddie | edmund: ed eddie ned | edward: ed eddie ted teddy ned
edwin: ed eddie | elias: eli | elijah: eli | eugene: gene | ezekiel: zeke | francis: frank frankie fran
franklin: frank | frederick: fred freddie rick fritz | gabriel: gabe | gerald: gerry jerry
gerard: gerry | gilbert: gil | gordon: gordie | gregory: greg | harold: hal harry | harrison: harry
henry: hank harry hal | herbert: herb bert | howard: howie | isaac: ike | isidore: izzy
jacob: jake jack | james: jim jimmy jamie jimmie | jeffrey: jeff | jefferson: jeff | jerome: jerry
jonathan: jon jonny | joseph: joe joey jody | joshua: josh | kenneth: ken kenny | lawrence: larry
laurence: larry | leonard: len lenny leo | leopold: leo | louis: lou | lucas: luke | luther: lou
malcolm: mal | matthew: matt matty | maurice: mo morris | maxwell: max | maximilian: max
melvin: mel | michael: mike mikey mick mickey | mitchell: mitch | montgomery: monty
morris: mo | nathan: nate nat | nathaniel: nate nat nathan | nicholas: nick nicky | norman: norm
oliver: ollie | oswald: ozzie | patrick: pat paddy | peter: pete | philip: phil | phillip: phil
randolph: randy | raymond: ray | reginald: reggie reg | richard: rick ricky dick rich richie
robert: bob bobby rob robbie bert | rodney: rod | roger: rog | ronald: ron ronnie | russell: russ
samuel: sam sammy | sebastian: seb | sidney: sid | solomon: sol | stanley: stan
stephen: steve stevie | steven: steve stevie | stuart: stu | stewart: stu | sylvester: sly
terence: terry | terrence: terry | theodore: ted teddy theo | thomas: tom tommy
timothy: tim timmy | tobias: toby | victor: vic | vincent: vince vinny | walter: walt wally
wesley: wes | wilfred: fred | william: bill billy will willie liam | winston: win
zachary: zach zack | jesse: jess | john: jack johnny jon | lester: les
luis: lucho | francisco: paco pancho | jose: pepe | alejandro: alex | ignatius: iggy
august: gus | eduardo: eddie | augustine: gus | dominic: dom | vladimir: vlad | aleksandr: sasha
mohammed: mo | muhammad: mo | rudolph: rudy | rudolf: rudy | gerhard: gerry | tyrone: ty
tyler: ty | marvin: marv | ernest: ernie | harvey: harv | irving: irv
"""
#: formal given name: its usual nicknames and short forms (women)
_FEMALE = """
abigail: abby abbie gail | adelaide: addie | agnes: aggie | alexandra: alex sandy lexi sasha
alexis: lexi | alice: allie | alison: ali allie | allison: ali allie | amanda: mandy | angela: angie
anne: annie nan | ann: annie nan | antoinette: toni | barbara: barb babs barbie
beatrice: bea | belinda: linda | bernadette: bernie | bridget: biddy | camille: cammie
caroline: carrie carol | carolyn: carrie carol | catherine: cathy cat kate katie kitty
cathleen: cathy kate | charlotte: lottie charlie | christina: chris tina chrissy | christine: chris chrissy tina
cynthia: cindy | deborah: deb debbie debby | debra: deb debbie | diana: di | dolores: lola
dorothy: dot dottie dolly | eleanor: ellie nell nora | elizabeth: liz lizzie beth betty betsy eliza libby bess
ellen: ellie nell | emily: em emmy | evelyn: evie | florence: flo | frances: fran frannie
gabrielle: gabby | geraldine: gerry | gertrude: trudy | gwendolyn: gwen | harriet: hattie
helen: nell | henrietta: hetty | isabel: izzy bella | isabella: bella izzy | jacqueline: jackie
jane: janie jenny | janet: jan | jennifer: jen jenny | jessica: jess jessie | joanna: jo
joanne: jo | josephine: jo josie | judith: judy | julia: julie | katherine: kate kathy katie kat
kathleen: kathy kate | kimberly: kim | laura: laurie | lillian: lily | lorraine: lori
louise: lou | lucille: lucy | lucinda: cindy lucy | madeline: maddie | magdalena: maggie lena
margaret: maggie meg peggy marge margie greta | marjorie: marge margie | martha: marty patty
mary: molly polly mae | matilda: tilly | melissa: missy mel | michelle: shelly | miriam: mimi
nancy: nan | natalie: nat | nicole: nicky | olivia: liv | pamela: pam | patricia: pat patty trish
penelope: penny | priscilla: cilla | rebecca: becky becca | roberta: bobbie | rosalind: roz
rosemary: rosie | samantha: sam | sandra: sandi sandy | sarah: sally sadie | sara: sally
stephanie: steph | susan: sue susie suzy | suzanne: sue suzy | teresa: terry tess | theresa: terry tess
valerie: val | veronica: ronnie | victoria: vicky tori | virginia: ginny ginger | vivian: viv
wilhelmina: mina | winifred: winnie | yvonne: vonnie | zoe: zo | cassandra: cassie sandy
"""
#: given names with no nickname above, by the gender they usually have
_OTHER_MALE = """
aaron adam adrian alan alvin andre angelo bernie blake bruce bryan brian carl carlos chad cody colin
craig dale dean derek dwight earl eric erik evan floyd gary glenn grant guy
hector hugh ian ivan jared jason jay jeremy joel jordan juan justin karl kevin
keith kyle lance leon lloyd mark martin marco mario neil nick noah omar oscar otis owen
paul pedro perry ralph ray rex rick roy ryan scott sean seth shane tim todd travis trevor troy
wayne warren brandon dylan ethan george kurt
ahmed ahmet amir anders andrei andres antoine arjun arman axel bjorn boris bruno carsten cesar
cristian dario dmitri dmitry emre enrique erdem fabian felipe fernando florian francois gustav hamza
hans hasan hassan heinrich henrik hiroshi ibrahim igor ilya istvan jakub janusz javier jens joao
johan johannes jonas jorge jurgen kamal karim kenji klaus lars lukas magnus marcel mateo mats mehmet
miguel mikhail milan mustafa nikolai nikolaos olaf olav omer pablo pavel pierre piotr rafael rahul
ramon rashid ravi reza sergei sergio sipho stefan sven takeshi tariq tobias tomas tomasz umar vikram
viktor wei wolfgang yannis yusuf yuri zoran
"""
_OTHER_FEMALE = """
alicia amy andrea april ashley audrey bonnie brenda carla carmen cheryl claire colleen crystal dana dawn
debbie denise diane donna doris edith emma erica erin esther eva gail gloria grace heather holly irene
jill joan joyce julie june karen kay kelly kristin lauren leah linda lisa
lynn maria marie marilyn megan melanie mia monica nadia nina norma paula peggy rachel
rita robin rosa rose ruth sally shannon sharon sheila shirley sonia stacy sylvia tammy tara tina tracy
ursula vanessa wendy amber anna bev brittany danielle hannah hillary janice jean kathryn kayla sophia terri
agnieszka aisha alessandra amina anastasia anke astrid ayse beatriz birgit elena elif emine fatima
fatma francesca freya gabriela giulia greta hana helga ilse ines ingrid irina isabelle katarzyna
kerstin leila lena leyla lucia magdalena malgorzata mariam marta marina mette natalia olga petra
priya sabine sakura silvia sofia solveig svetlana tatiana ulrike valentina yasmin zainab zeynep
"""

GIVEN_GENDER: dict[str, str] = {}  # folded given name -> "m" / "f"
_FORMAL_OF: dict[str, set[str]] = {}  # folded name -> formal names it is or shortens


def _load(table: str, gender: str) -> None:
    for entry in table.replace("\n", " | ").split("|"):
        formal, _, nicks = entry.partition(":")
        formal = formal.strip()
        if not formal:
            continue
        for name in (formal, *nicks.split()):
            _FORMAL_OF.setdefault(name, set()).add(formal)
            GIVEN_GENDER.setdefault(name, gender)


def _load_plain(names: str, gender: str) -> None:
    for name in names.split():
        GIVEN_GENDER.setdefault(name, gender)


_load(_MALE, "m")
_load(_FEMALE, "f")
_load_plain(_OTHER_MALE, "m")
_load_plain(_OTHER_FEMALE, "f")


def formal_names(given: str) -> set[str]:
    """The formal names a folded given name is or shortens ("bob" -> {"robert"}), itself included."""
    return _FORMAL_OF.get(given, set()) | {given}


@lru_cache(maxsize=1 << 16)
def same_given_name(a: str, b: str) -> bool:
    """Two folded given names can be one person's: equal, an initial of the other, or one formal name."""
    a, b = a.rstrip("."), b.rstrip(".")
    if not a or not b:
        return True
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return bool(formal_names(a) & formal_names(b))


def gender_of(given: str) -> str:
    """ "m", "f" or "" for a folded given name."""
    return GIVEN_GENDER.get(given.rstrip("."), "")


#: generation suffixes ("Jesse Jackson Jr."), folded
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
#: lower-case words that belong to the surname after them ("Ludwig van Beethoven")
PARTICLES = {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la", "le", "st",
             "bin", "ibn", "al", "el", "abu", "dos", "das", "ter", "ten"}
#: courtesy titles that may stand in front of a name ("Mr. Schrader")
_COURTESY = {"mr", "mrs", "ms", "miss", "mister", "dr", "rev", "sir", "dame", "lord", "lady", "prof", "messrs"}
_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}")


@dataclass(frozen=True)
class NameParts:
    """A person's name, folded (no accents, lower case, no stops): "robert", ("p",), "mcculloch", ""."""

    given: str  # "" when the name is a surname alone
    middles: tuple[str, ...]
    surname: str
    suffix: str  # "jr", "sr", "ii", ... or ""

    @property
    def specificity(self) -> int:
        """How much the name says: a written-out given name, each middle, a generation."""
        return 2 * (len(self.given) > 1) + (self.given != "") + len(self.middles) + (self.suffix != "")


def fold(word: str) -> str:
    """ "Sánchez" -> "sanchez", "P." -> "p": accents, case and full stops dropped."""
    text = unicodedata.normalize("NFKD", word)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return text.replace("’", "'").strip(".,;:'\"()")


@lru_cache(maxsize=1 << 18)
def name_parts(name: str) -> NameParts | None:
    """The parts of a person's name, or None when nothing of a name is left."""
    words: list[str] = []
    for word in name.replace(",", " ").split():
        words.extend(w for w in word.split(".") if w) if _INITIALS.fullmatch(word) else words.append(word)
    toks = [t for t in (fold(w) for w in words) if t]
    if any(t.endswith("'s") for t in toks[:-1]):
        return None  # "Donald Trump's Twitter" is no one's name
    while len(toks) > 1 and toks[0] in _COURTESY:
        toks.pop(0)
    suffix = toks.pop() if len(toks) > 1 and toks[-1] in SUFFIXES else ""
    if not toks:
        return None
    k = len(toks) - 1
    while k > 1 and toks[k - 1] in PARTICLES:
        k -= 1
    rest = toks[:k]
    return NameParts(given=rest[0] if rest else "", middles=tuple(rest[1:]), surname=" ".join(toks[k:]),
                     suffix=suffix)


def family_key(parts: NameParts) -> str:
    """Surname and given initial: the names that two generations of one family share."""
    return f"{parts.surname} {parts.given[:1]}"


def same_person_name(a: NameParts, b: NameParts, generations_apart: frozenset[str] = frozenset()) -> bool:
    """Two names can be one person's: one surname, compatible given and middle names, no other generation.

    A generation written on one name only ("Eric Holder" / "Eric H. Holder Jr.") is no conflict,
    unless ``generations_apart`` holds their :func:`family_key`: some article names both generations."""
    if a.surname != b.surname or not same_given_name(a.given, b.given):
        return False
    if a.suffix != b.suffix and (a.suffix and b.suffix or family_key(a) in generations_apart):
        return False
    return not (a.middles and b.middles and not same_given_name(a.middles[0], b.middles[0]))
