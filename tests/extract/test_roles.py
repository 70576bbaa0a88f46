"""Roles: the title, office, occupation or relation each named person holds.

Every passage is written for these tests, in several styles: wire (titles before the name, party tags
after it), broadsheet ("Mr." / "Ms.", appositions), relations, predicates, and negatives (honorifics,
"adviser to X").
"""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from knowledge.articles import Article  # noqa: E402
from knowledge.extract import extract_doc  # noqa: E402



def _roles(nlp, text: str) -> list[dict]:
    return extract_doc(Article(id="r", path="r.txt", text=text, published="2031-05-06"), nlp(text))["roles"]


def _of(roles: list[dict], name: str) -> list[str]:
    """The role texts given to the person whose name holds ``name``."""
    return [r["role"] for r in roles if name in r["name"]]


# --- titles before the name -----------------------------------------------------------------------

def test_multiword_titles_before_the_name(nlp):
    roles = _roles(nlp, "Senate Majority Leader Doreen Kastell and Deputy Attorney General Miles Orrin met on "
                        "Monday. Harlan County Prosecutor Bob Kellerman said no charges would be filed. "
                        "Ohio State Highway Patrol Capt. Ray Dunmore closed the road.")
    assert _of(roles, "Kastell") == ["Majority Leader"]
    assert _of(roles, "Orrin") == ["Deputy Attorney General"]
    kellerman = [r for r in roles if r["name"] == "Bob Kellerman"]
    assert [(r["role"], r["affiliation"]) for r in kellerman] == [("Prosecutor", "Harlan County")]
    assert [r["affiliation"] for r in roles if r["name"] == "Ray Dunmore"] == ["Ohio State Highway Patrol"]


def test_lower_case_titles_and_the_place_after_the_name(nlp):
    roles = _roles(nlp, "Pentagon spokesman Vic Hallam and Defense Secretary Lou Brandt spoke. "
                        "Representative Noor Castell of Vermont, who backed the bill, disagreed.")
    assert _of(roles, "Hallam") == ["spokesman"]
    assert _of(roles, "Brandt") == ["Defense Secretary"]
    castell = [r for r in roles if r["name"] == "Noor Castell"]
    assert ("Representative", "Vermont") in {(r["role"], r["affiliation"]) for r in castell}


def test_nested_titles_stay_with_their_holders(nlp):
    roles = _roles(nlp, "Adviser to Ruritanian President Olek Varn Piet Hamsun said the border was calm.")
    assert _of(roles, "Hamsun") == ["Adviser to Ruritanian President Olek Varn"]
    assert _of(roles, "Varn") == ["President"]


# --- appositions ------------------------------------------------------------------------------------

def test_appositions_after_the_name(nlp):
    roles = _roles(nlp, "Tobias Wren, a state trooper, reached the car first. "
                        "Marisol Eckhart, the chairwoman of the Senate Judiciary Committee, called for an inquiry. "
                        "Ines Korda, an ophthalmologist and director of the Eye Clinic at Greenfield Hospital, "
                        "said the test was clean.")
    assert _of(roles, "Wren") == ["state trooper"]
    assert _of(roles, "Eckhart") == ["chairwoman of the Senate Judiciary Committee"]
    assert _of(roles, "Korda") == ["ophthalmologist", "director of the Eye Clinic at Greenfield Hospital"]


def test_appositions_before_the_name(nlp):
    roles = _roles(nlp, "The head of the Port Authority, Senator Ilse Brandvold, ordered a review. "
                        "The driver, Caleb Moxley, was taken to hospital. "
                        "The builder, Omar Haddad, a commercial landlord raised in Ohio, said the tower would open.")
    assert set(_of(roles, "Brandvold")) == {"Senator", "head of the Port Authority"}
    assert _of(roles, "Moxley") == ["driver"]
    assert _of(roles, "Haddad") == ["builder", "commercial landlord"]


def test_a_hyphenated_number_opens_a_description(nlp):
    roles = _roles(nlp, "Officer Kim Sato, a 12-year veteran of the force, fired twice.")
    assert _of(roles, "Sato") == ["Officer", "12-year veteran of the force"]


def test_named_as(nlp):
    roles = _roles(nlp, "Police named the victim as Ruth Ellingham, a retired teacher.")
    assert _of(roles, "Ellingham") == ["victim", "retired teacher"]


def test_a_spokesman_for_someone_gives_the_title_to_the_spokesman(nlp):
    roles = _roles(nlp, "A spokesman for Gov. Thad Pruitt, Leon Sandoval, said the governor would sign. "
                        "“We are ready,” said Ada Quill, a top adviser to Mr. Pruitt.")
    assert _of(roles, "Sandoval") == ["spokesman for Gov. Thad Pruitt"]
    assert _of(roles, "Quill") == ["top adviser to Mr. Pruitt"]
    assert _of(roles, "Pruitt") == ["Gov."]


# --- party tags ---------------------------------------------------------------------------------------

def test_party_tags(nlp):
    roles = _roles(nlp, "Rep. Jane Dorrow (D-Ore.), chairwoman of the Rivers Caucus, said the vote would be close. "
                        "Sen. Hank Pelletier, R-Tex., disagreed.")
    dorrow = {(r["role"], r["affiliation"]) for r in roles if r["name"] == "Jane Dorrow"}
    assert ("Rep.", "Oregon Democrat") in dorrow
    assert any(role == "chairwoman of the Rivers Caucus" for role, _ in dorrow)
    pelletier = {(r["role"], r["affiliation"]) for r in roles if r["name"] == "Hank Pelletier"}
    assert pelletier == {("Sen.", "Texas Republican")}


def test_a_party_tag_alone_is_the_role(nlp):
    roles = _roles(nlp, "The measure passed easily, though Mara Quist, D-N.Y., voted against it.")
    assert {(r["role"], r["affiliation"]) for r in roles if r["name"] == "Mara Quist"} == {("Democrat", "New York")}


def test_a_party_tag_is_no_role_without_a_state(nlp):
    roles = _roles(nlp, "Lena Marsh (D-Mars) spoke first.")
    assert not [r for r in roles if r["role"] in ("Democrat", "Republican")]


# --- relations ------------------------------------------------------------------------------------------

def test_relations(nlp):
    roles = _roles(nlp, "Alderman Benedict Yarrow arrived with his wife, Lorraine, on Monday. "
                        "Mr. Yarrow’s son, Felix Yarrow, stayed home. "
                        "Greta Moll, the sister of Benedict Yarrow, declined to comment. "
                        "Tom Birch, a lawyer for Yarrow's wife, said she would plead guilty.")
    assert _of(roles, "Lorraine") == ["wife of Benedict Yarrow"]
    assert _of(roles, "Felix Yarrow") == ["son of Benedict Yarrow"]
    assert _of(roles, "Moll") == ["sister of Benedict Yarrow"]
    assert _of(roles, "Birch") == ["lawyer for Yarrow's wife"]
    assert _of(roles, "Benedict Yarrow") == ["Alderman"]


def test_one_of_her_lawyers(nlp):
    roles = _roles(nlp, "One of her lawyers, Dirk Vance, said the deal was fair.")
    assert _of(roles, "Vance") == ["lawyer"]


def test_a_list_of_relatives_is_no_apposition(nlp):
    roles = _roles(nlp, "His father, Omar Bell, his mother and several cousins came to the hearing.")
    assert _of(roles, "Omar Bell") == ["father"]


# --- predicates -------------------------------------------------------------------------------------------

def test_predicative_roles(nlp):
    roles = _roles(nlp, "Carla Moss was a Denver councilwoman before she stepped down in May. "
                        "Abel Fenn is the chairman of the water board. "
                        "Dora Pike, who served as chief of staff, left in June.")
    assert _of(roles, "Moss") == ["Denver councilwoman"]
    assert _of(roles, "Fenn") == ["chairman of the water board"]
    assert _of(roles, "Pike") == ["chief of staff"]


def test_becoming_a_role_holder(nlp):
    roles = _roles(nlp, "Representative Ann Ortiz of Nevada defeated Representative Lee Park to become vice "
                        "chairwoman. Rep. Tess Gale won the race for vice chairman of the caucus.")
    assert "vice chairwoman" in _of(roles, "Ortiz")
    assert "vice chairwoman" not in _of(roles, "Park")
    assert "vice chairman of the caucus" in _of(roles, "Gale")
    assert _of(_roles(nlp, "Lena Fox became vice chairwoman of the caucus in 2019."), "Fox") == [
        "vice chairwoman of the caucus"]


def test_a_predicate_that_is_no_role(nlp):
    roles = _roles(nlp, "Nora Vell was a mystery to her neighbors. Piet Lang is the key to the deal.")
    assert _of(roles, "Vell") == [] and _of(roles, "Lang") == []


# --- negatives: honorifics and other people's titles ----------------------------------------------------

def test_an_honorific_is_no_role(nlp):
    roles = _roles(nlp, "Dr. Anita Varga, an internist, said the patient was healthy. Dr. Bo Lund agreed. "
                        "Mr. Kellerman, 61, a former federal judge, had questioned the report.")
    assert _of(roles, "Varga") == ["internist"]
    assert _of(roles, "Lund") == []
    assert _of(roles, "Kellerman") == ["former federal judge"]
    assert not any(r["role"].endswith(("Dr.", "Mr.", "Ms.")) for r in roles)


def test_adviser_to_someone_gives_that_someone_nothing(nlp):
    roles = _roles(nlp, "Quentin Ashby, an adviser to Colm Fairweather, said the senator had been delayed. "
                        "A spokeswoman for Mr. Fairweather declined to comment.")
    assert _of(roles, "Ashby") == ["adviser to Colm Fairweather"]
    assert _of(roles, "Fairweather") == []


def test_the_honorific_ends_no_title(nlp):
    roles = _roles(nlp, "Civil rights leader Rev. Amos Pratt spoke at the rally.")
    assert _of(roles, "Pratt") == ["Civil rights leader"]


def test_praise_and_plurals_are_no_roles(nlp):
    roles = _roles(nlp, "Ivo Brandt is the biggest loser of the night. Mila Horn is a great candidate. "
                        "Ivo Brandt and Mila Horn are close friends.")
    assert _of(roles, "Brandt") == [] and _of(roles, "Horn") == []


def test_a_title_before_the_next_name_is_that_names(nlp):
    roles = _roles(nlp, "The panel heard Otto Fein, former ambassador Lars Wendt and two others.")
    assert _of(roles, "Fein") == []
    assert _of(roles, "Wendt") == ["former ambassador"]


def test_where_and_when_are_no_part_of_the_role(nlp):
    roles = _roles(nlp, "Curt Lomax, a Republican strategist in Chicago, said the race was close. "
                        "Nina Roth, a union official before her election to the council, agreed.")
    assert _of(roles, "Lomax") == ["Republican strategist"]
    assert _of(roles, "Roth") == ["union official"]


# --- a title after another name, and an organisation or place before the title ---------------------

def test_a_title_after_another_persons_name_is_held_for_that_person(nlp):
    roles = _roles(nlp, "Dana Halvorsen campaign manager Rita Okafor said the polls were tightening. "
                        "“We expected this,” said Kessler spokesman Dev Patel. "
                        "Former Marchetti adviser Lionel Frye disagreed.")
    assert _of(roles, "Okafor") == ["campaign manager for Dana Halvorsen"]
    assert _of(roles, "Patel") == ["spokesman for Kessler"]
    frye = [r for r in roles if "Frye" in r["name"]]
    assert [(r["role"], r["former"]) for r in frye] == [("adviser to Marchetti", True)]
    assert _of(roles, "Halvorsen") == [] and _of(roles, "Kessler") == []


def test_an_organisation_then_a_title_after_the_name(nlp):
    roles = _roles(nlp, "Walt Brenner, Oregon Department of Forestry spokesman, said the blaze had jumped the "
                        "ridge. The plant will close, said Jane Roe, Brightwell Foods chief executive.")
    assert {(r["role"], r["affiliation"]) for r in roles if r["name"] == "Walt Brenner"} == {
        ("spokesman", "Oregon Department of Forestry")}
    assert ("chief executive", "Brightwell Foods") in {(r["role"], r["affiliation"]) for r in roles
                                                       if r["name"] == "Jane Roe"}


def test_a_place_and_a_party_after_the_name(nlp):
    roles = _roles(nlp, "Sen. Ada K. Morrow, Vermont Democrat, said she would vote no. "
                        "The bill's sponsor, Rep. Lyle Banks, Ohio Republican, was pleased.")
    assert ("Democrat", "Vermont") in {(r["role"], r["affiliation"]) for r in roles if "Morrow" in r["name"]}
    assert ("Republican", "Ohio") in {(r["role"], r["affiliation"]) for r in roles if "Banks" in r["name"]}


def test_a_place_alone_after_the_name_is_no_role(nlp):
    roles = _roles(nlp, "Gus Tiller, Omaha, wrote to the paper. Lena Fisk, New York, agreed.")
    assert _of(roles, "Tiller") == [] and _of(roles, "Fisk") == []


def test_a_party_tag_still_tells_the_state_when_the_title_has_an_affiliation(nlp):
    roles = _roles(nlp, "Senate Majority Whip Carl Voss, R-Ind., scheduled the vote.")
    voss = {(r["role"], r["affiliation"]) for r in roles if r["name"] == "Carl Voss"}
    assert ("Majority Whip", "Senate") in voss and ("Republican", "Indiana") in voss


# --- whose relation ---------------------------------------------------------------------------------

def test_a_possessive_pronoun_names_whose_relation_it_is(nlp):
    roles = _roles(nlp, "Former Gov. Hector Villanueva left the courthouse on Tuesday. His wife, Eleanor, "
                        "wept. "
                        "Senator Paul Abbott spoke at the rally. Mr. Abbott's wife, Karen Abbott, wept too.")
    assert _of(roles, "Eleanor") == ["wife of Hector Villanueva"]
    assert _of(roles, "Karen Abbott") == ["wife of Paul Abbott"]


def test_someone_elses_relation_stays_as_written(nlp):
    roles = _roles(nlp, "Ida Brooks, a lawyer for his wife, said the talks had failed.")
    assert _of(roles, "Brooks") == ["lawyer for his wife"]


# --- no role ----------------------------------------------------------------------------------------

def test_a_put_down_is_no_role(nlp):
    roles = _roles(nlp, "The critics called Barton Quill, a loser, to the stage. "
                        "Mira Sol, a total fraud in the eyes of her rivals, smiled. Ned Ames is a liar.")
    assert _of(roles, "Quill") == [] and _of(roles, "Sol") == [] and _of(roles, "Ames") == []


def test_a_portfolio_is_no_affiliation(nlp):
    roles = _roles(nlp, "Former secretary of State Lydia Crane spoke first. "
                        "Secretary of Homeland Security Omar Tate followed.")
    assert {r["affiliation"] for r in roles} == {""}
    assert _of(roles, "Crane") == ["Former secretary of State"]


def test_a_title_noun_before_a_name_spacy_calls_a_place_makes_a_person(nlp):
    text = "Grieving nurse Tessa Morland, 34, says she lost her savings there."
    assert _of(_roles(nlp, text), "Morland") == ["nurse"]


def test_a_capitalised_title_after_a_name_like_run_is_no_title_for_it(nlp):
    roles = _roles(nlp, "Kessler Fire Chief Dan Pruitt said the crews were safe.")
    assert not [r for r in roles if " for " in r["role"]]


@pytest.mark.parametrize("text", [
    "Ingrid Solberg is expected to be sworn in as prime minister next week.",
    "Rhea Castillo will become the first woman to lead the agency.",
    "Dana Ruiz hopes to become governor of the state.",
])
def test_a_role_still_to_come_is_not_a_role_held(nlp, text):
    assert not _roles(nlp, text)


def test_a_role_taken_or_served_still_is(nlp):
    text = "Tess Morgan, who was sworn in as mayor on Monday, said the budget was tight."
    assert [(r["name"], r["role"]) for r in _roles(nlp, text)] == [("Tess Morgan", "mayor")]


@pytest.mark.parametrize("text, agent, role", [
    ("Mayor Anna Berg was charged on Monday. Her lawyer, Piet Olsen, said she would plead not guilty.",
     "Piet Olsen", "lawyer for Anna Berg"),
    ("Senator Raul Ibarra skipped the vote. His spokesman, Dev Anand, said he was ill.",
     "Dev Anand", "spokesman for Raul Ibarra"),
    ("Ruth Mbeki toured the site. Mbeki's adviser, Tom Hale, resigned on Friday.", "Tom Hale",
     "adviser for Ruth Mbeki"),
])
def test_a_lawyer_or_spokesman_is_named_with_whom_they_act_for(nlp, text, agent, role):
    """ "Her lawyer, X" says whose lawyer X is (the pronoun resolved), as "his wife, X" says whose wife."""
    assert role in _of(_roles(nlp, text), agent)
