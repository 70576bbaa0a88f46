"""The statement step: who said what, on passages written for these tests in several styles
(wire "he said" after a paragraph, broadsheet "Mr. X said", tabloid "told the Daily ...")."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from knowledge.articles import Article  # noqa: E402
from knowledge.extract import extract_doc  # noqa: E402



def _statements(nlp, text: str) -> list[dict]:
    facts = extract_doc(Article(id="t", path="t.txt", text=text, published="2030-05-14"), nlp(text))
    return facts["statements"]


def _speaker_of(nlp, text: str, words: str) -> str:
    """The speaker of the statement whose content holds ``words`` (it must exist)."""
    found = _statements(nlp, text)
    hits = [s["speaker"] for s in found if words in s["content"]]
    assert hits, f"no statement with {words!r} in {[(s['speaker'], s['content']) for s in found]}"
    assert len(set(hits)) == 1, hits
    return hits[0]


# --- he / she -------------------------------------------------------------------------------

def test_wire_he_said_goes_to_the_man_the_paragraph_is_about(nlp):
    text = ("Gregory Lund spent two decades hauling timber out of the valley. He retired in March.\n\n"
            "\"The mill was the only thing keeping this town alive,\" he said.")
    assert _speaker_of(nlp, text, "only thing keeping") == "Gregory Lund"


def test_he_said_skips_a_woman_named_last(nlp):
    text = ("Mr. Corwin Dace pleaded guilty before Judge Helga Brandt on Thursday.\n\n"
            "\"I regret what I did,\" he said after the hearing.")
    assert _speaker_of(nlp, text, "I regret") == "Corwin Dace"


def test_she_said_skips_a_man_named_last(nlp):
    text = ("Ms. Perpetua Lind, the county clerk, met with Sheriff Osgood Vane on Monday.\n\n"
            "\"We counted every ballot twice,\" she said.")
    assert _speaker_of(nlp, text, "every ballot") == "Perpetua Lind"


def test_pronoun_prefers_the_subject_over_the_object(nlp):
    text = ("Dorian Keel said he had warned Mr. Faber Holt about the leak in April.\n\n"
            "\"Nobody wanted to hear it,\" he said.")
    assert _speaker_of(nlp, text, "Nobody wanted") == "Dorian Keel"


def test_two_people_of_different_gender_in_a_paragraph(nlp):
    text = ("Judge Margaret Sowell sentenced Mr. Elden Pryce to four years on Friday. "
            "\"You showed no remorse,\" she said. \"I am sorry,\" he said.")
    assert _speaker_of(nlp, text, "no remorse") == "Margaret Sowell"
    assert _speaker_of(nlp, text, "I am sorry") == "Elden Pryce"


def test_gender_learnt_from_a_gendered_apposition(nlp):
    text = ("Roan Tesch, a spokeswoman for the utility, stood beside Mr. Idris Mole. "
            "She said the outage would last until Sunday.")
    assert _speaker_of(nlp, text, "outage would last") == "Roan Tesch"


# --- where the speaker stands -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Commissioner Hale Brody must resign, Councilwoman Anika Roth said on Tuesday.",
    "Councilwoman Anika Roth said Commissioner Hale Brody must resign.",
    "Commissioner Hale Brody, Councilwoman Anika Roth said, must resign at once.",
])
def test_x_must_resign_is_said_by_y(nlp, text):
    assert _speaker_of(nlp, text, "must resign") == "Anika Roth"


def test_inverted_cue_with_apposition(nlp):
    text = "\"We will appeal,\" said Tomas Grell, a spokesman for the shipping company."
    assert _speaker_of(nlp, text, "We will appeal") == "Tomas Grell"


def test_according_to(nlp):
    text = "The quarry will close by winter, according to Ilse Marden, the company's owner."
    assert _speaker_of(nlp, text, "quarry will close") == "Ilse Marden"


@pytest.mark.parametrize("text", [
    "\"They ruined my life!\" Brenna Colt told the Daily Beacon.",
    "\"It was chaos,\" Brenna Colt told KXLT radio on Sunday.",
    "Brenna Colt told reporters that the road had been closed for hours.",
])
def test_told_the_audience_is_not_the_speaker(nlp, text):
    found = _statements(nlp, text)
    assert [s["speaker"] for s in found] == ["Brenna Colt"]
    assert found[0]["cue"] == "told"


def test_said_in_a_statement_that(nlp):
    text = "Senator Wade Imrie said in a statement that the bill would be withdrawn."
    assert _speaker_of(nlp, text, "bill would be withdrawn") == "Wade Imrie"


def test_organisations_speak_as_their_noun_phrase(nlp):
    text = ("The Regional Water Board said in a statement that the reservoir was safe. "
            "The ministry said the pipes would be replaced.")
    assert _speaker_of(nlp, text, "reservoir was safe") == "Regional Water Board"
    assert _speaker_of(nlp, text, "pipes would be replaced") == "ministry"


# --- quotes ---------------------------------------------------------------------------------

def test_broadsheet_quote_split_around_the_cue(nlp):
    text = ("Representative Lorna Eckby spoke after the vote. "
            "\"The money is there,\" Ms. Eckby said, \"and we intend to spend it.\"")
    assert _speaker_of(nlp, text, "money is there") == "Lorna Eckby"
    assert _speaker_of(nlp, text, "intend to spend") == "Lorna Eckby"


def test_nested_quotes_stay_with_the_outer_speaker(nlp):
    text = ("Coach Daniel Ruiz recalled the locker room at halftime. "
            "\"I told them, 'Play like you mean it,' and they did,\" he said.")
    assert _speaker_of(nlp, text, "Play like you mean it") == "Daniel Ruiz"


def test_continued_quote_in_next_paragraph(nlp):
    text = ("\"The river came up in an hour,\" said Fenna Ostrom, who runs the bakery.\n\n"
            "\"We lost everything on the ground floor.\"")
    assert _speaker_of(nlp, text, "lost everything") == "Fenna Ostrom"


# --- denials ---------------------------------------------------------------------------------

def test_denials_are_marked(nlp):
    text = ("Mayor Otto Fenn denied that he had accepted the gifts. "
            "His deputy, Clara Wynn, rejected that notion on Friday. "
            "Fenn said the audit would clear him.")
    found = [(s["content"], s["speaker"], s["denial"]) for s in _statements(nlp, text)]
    assert ("he had accepted the gifts", "Otto Fenn", True) in found
    assert any(c.startswith("that notion") and (s, d) == ("Clara Wynn", True) for c, s, d in found)
    assert ("the audit would clear him", "Otto Fenn", False) in found


def test_verbless_lines_with_names_and_pronouns(nlp):
    text = ("Mayor Ruth Okafor, in her own words.\n\n"
            "\"We rebuilt the school in a year,\" she said.")
    assert _speaker_of(nlp, text, "rebuilt the school") == "Ruth Okafor"


def test_named_source_and_subject_in_an_earlier_clause_count(nlp):
    text = ("About 300 new members joined this month, according to union spokesman Frank Delgado. "
            "The union is also raising money, he said.")
    assert _speaker_of(nlp, text, "raising money") == "Frank Delgado"
    text = "When I met Senator Pablo Ibarra last week, he told me that the bill was dead."
    assert _speaker_of(nlp, text, "bill was dead") == "Pablo Ibarra"


def test_floating_quantifier_is_not_the_speaker(nlp):
    text = "Rep. Dana Voight and Sen. Carl Ostrow, the bill's sponsors, both said they were disappointed."
    assert _speaker_of(nlp, text, "disappointed") in ("Dana Voight", "Carl Ostrow")


# --- organisations named after a person ------------------------------------------------------

@pytest.mark.parametrize("text, words, speaker", [
    ("Governor Lena Marsh toured the plant on Monday. The Marsh campaign said the visit raised $2 million.",
     "raised $2 million", "Marsh campaign"),
    ("Senator Hugo Brandt missed the vote. \"He is recovering at home,\" Brandt's office said in a statement.",
     "recovering at home", "Brandt's office"),
    ("Pilar Santos died on Sunday at 91. The Santos family said they were grateful for the kind words.",
     "grateful for the kind words", "Santos family"),
    ("Former mayor Reuben Kask was indicted in June. Kask's lawyers said the charges were politically motivated.",
     "politically motivated", "Kask's lawyers"),
])
def test_an_organisation_with_a_name_in_it_is_its_own_speaker(nlp, text, words, speaker):
    assert _speaker_of(nlp, text, words) == speaker


def test_a_name_with_a_title_phrase_still_resolves(nlp):
    text = ("Ms. Ilse Varga won the race for county clerk. "
            "\"Every vote was counted,\" Varga said.")
    assert _speaker_of(nlp, text, "Every vote") == "Ilse Varga"


# --- a cue before a quotation that closes itself ---------------------------------------------

def test_an_exclamation_goes_to_the_cue_before_it_not_the_narrator(nlp):
    text = ("Tomas Reyes was crossing the lot when a guard stopped him. "
            "The guard shouted, \"Get down on the ground! Now!\" Reyes recalled.")
    assert _speaker_of(nlp, text, "Get down on the ground") == "guard"


def test_a_named_officer_yelling_keeps_the_quote(nlp):
    text = ("Protesters gathered outside city hall on Friday.\n\n"
            "Sgt. Wilma Dorn yelled, \"Step back from the doors!\" a witness said later.")
    assert _speaker_of(nlp, text, "Step back") == "Wilma Dorn"


def test_a_quote_ending_in_a_comma_still_takes_the_cue_after_it(nlp):
    text = "The committee met for six hours. \"We made real progress today,\" Chairwoman Elka Moss said."
    assert _speaker_of(nlp, text, "real progress") == "Elka Moss"


# --- he / she for a person never named -------------------------------------------------------

def test_pronoun_after_an_unnamed_official_is_the_official(nlp):
    text = ("Admiral Conrad Voss ordered the ships home on Tuesday. "
            "A senior Navy official, speaking on condition of anonymity, said the order came late. "
            "He said the crews had been at sea for nine months.")
    assert _speaker_of(nlp, text, "nine months") == "senior Navy official"


def test_pronoun_after_an_unnamed_spokeswoman_in_a_quote(nlp):
    text = ("Gerald Pine sued the hospital in March.\n\n"
            "A spokeswoman for the hospital declined to discuss the case.\n\n"
            "\"We do not comment on pending litigation,\" she said.")
    assert _speaker_of(nlp, text, "pending litigation") == "spokeswoman for the hospital"


def test_the_title_of_the_one_person_named_with_it_is_that_person(nlp):
    text = ("Sheriff Amos Greel closed the county road on Sunday. "
            "The sheriff said the bridge was unsafe. "
            "He said it would reopen in spring.")
    assert _speaker_of(nlp, text, "reopen in spring") == "Amos Greel"


def test_a_named_man_still_gets_his_pronoun(nlp):
    text = ("The union's lawyer filed the papers on Monday. Victor Hale, the union's president, spoke next. "
            "He said the strike would go on.")
    assert _speaker_of(nlp, text, "strike would go on") == "Victor Hale"


@pytest.mark.parametrize(("text", "speaker", "words"), [
    ('The transport minister, Joana Vidal, rejected the report, saying the bridge was "perfectly safe".',
     "Joana Vidal", "the bridge was"),
    ("The mayor defended the plan on Monday, saying it would cut traffic by a third.", "mayor", "cut traffic"),
    ("Rep. Dale Hughes left the hearing early, telling reporters that the talks had failed.", "Dale Hughes",
     "the talks had failed"),
    ("Saying the count was flawed, opposition leader Ana Brum called for a recount.", "Ana Brum", "count was flawed"),
])
def test_a_report_verb_in_a_participle_clause_is_the_main_verb_s_subject_s(nlp, text, speaker, words):
    assert _speaker_of(nlp, text, words) == speaker


@pytest.mark.parametrize(("text", "speaker", "words"), [
    ('Ms Halloran told a news conference that the march had been "largely peaceful" and denied that police '
     "had used excessive force.", "Halloran", "police had used"),
    ("The mayor said the plan was sound and insisted that taxes would not rise.", "mayor", "taxes would not"),
])
def test_a_second_report_verb_without_a_subject_is_the_first_speaker_s(nlp, text, speaker, words):
    assert _speaker_of(nlp, text, words) == speaker


def test_a_second_report_verb_with_its_own_subject_is_that_subject_s(nlp):
    found = _statements(nlp, "Reyes said the inquiry was over and the family denied any wrongdoing.")
    assert {s["speaker"] for s in found if s["cue"] == "denied"} == {"family"}
