"""Merging mentions across articles: pure, on hand-made fact records (no spaCy)."""


from knowledge.entities import country_of, merge_entities, name_key, normalise, place_kind, slug


def _article(aid, mentions=(), roles=(), statements=(), aliases=(), numbers=()):
    return {
        "article": {"id": aid, "path": aid, "title": "", "outlet": "", "published": "",
                    "published_inferred": "", "url": "", "text": "", "content_hash": "", "sentences": []},
        "mentions": [
            {"text": text, "name": name, "label": label, "title_of": title_of, "sent": 0, "start": i, "end": i + 1}
            for i, (text, name, label, title_of) in enumerate(
                (m if len(m) == 4 else (*m, "")) for m in mentions)
        ],
        "roles": [{"name": n, "role": r, "affiliation": a, "country": c, "former": False, "entity": "",
                   "sent": 0, "start": 0, "end": 1} for n, r, a, c in roles],
        "statements": [{"speaker": s, "content": "x", "kind": "reported", "cue": "said", "denial": False,
                        "speaker_text": s, "speaker_entity": "", "sent": 0, "start": 0, "end": 1}
                       for s in statements],
        "dates": [],
        "numbers": [{"text": "5", "value": 5, "qualifier": "exact", "measure": "killed", "claimant": c,
                     "claimant_entity": "", "subject": "", "sent": 0, "start": 0, "end": 1} for c in numbers],
        "aliases": [{"names": list(n), "users": ["", ""], "sent": 0, "start": 0, "end": 1} for n in aliases],
        "framings": [],
    }


def _by_name(entities):
    return {e["name"]: e for e in entities}


def test_names_and_slugs():
    assert normalise("Aliyev’s") == "Aliyev"
    assert normalise("the Azerbaijani Armed Forces") == "Azerbaijani Armed Forces"
    assert name_key("Stéphane  Dujarric") == "stephane dujarric"
    assert slug("Ilham Aliyev") == "ilham-aliyev"
    assert slug("U.S. Coast Guard") == "u-s-coast-guard"
    assert place_kind("Azerbaijani") == "NORP"
    assert place_kind("Baku") == "GPE"
    assert place_kind("Hikmet") == ""
    assert country_of("Azerbaijani") == "Azerbaijan"
    assert country_of("US") == "United States"


def test_surname_links_and_roles_get_entity_ids():
    facts = [
        _article("a", [("Ilham Aliyev", "Ilham Aliyev", "PERSON"), ("Aliyev", "Ilham Aliyev", "PERSON")],
                 roles=[("Ilham Aliyev", "President", "Azerbaijani", "Azerbaijan")],
                 statements=["Ilham Aliyev", "Azerbaijan’s president", "the ministry"]),
        _article("b", [("Aliyev", "Aliyev", "PERSON"), ("Baku", "Baku", "PERSON"), ("Baku", "Baku", "GPE")]),
    ]
    entities = merge_entities(facts)
    names = _by_name(entities)
    aliyev = names["Ilham Aliyev"]
    assert aliyev["id"] == "ilham-aliyev"
    assert aliyev["label"] == "PERSON"
    assert len(aliyev["mentions"]) == 3
    assert "Aliyev" in aliyev["aliases"]
    assert names["Baku"]["label"] == "GPE"  # a known capital, whatever spaCy said
    assert facts[0]["roles"][0]["entity"] == "ilham-aliyev"
    speakers = [s["speaker_entity"] for s in facts[0]["statements"]]
    # the title resolves through the corpus' roles; an unnamed ministry stays unlinked
    assert speakers == ["ilham-aliyev", "ilham-aliyev", ""]
    assert facts[0]["statements"][1]["speaker"] == "Ilham Aliyev"


def test_people_sharing_a_surname_stay_apart():
    facts = [_article("a", [("Maria Lopez", "Maria Lopez", "PERSON"), ("Daniel Lopez", "Daniel Lopez", "PERSON"),
                            ("Lopez", "Lopez", "PERSON")])]
    names = _by_name(merge_entities(facts))
    assert "Maria Lopez" in names and "Daniel Lopez" in names
    assert names["Maria Lopez"]["id"] != names["Daniel Lopez"]["id"]
    assert "Lopez" not in names["Maria Lopez"]["aliases"]
    assert "Lopez" not in names["Daniel Lopez"]["aliases"]


def test_spelling_variants_merge_but_distinct_places_do_not():
    facts = [
        _article("a", [("Khojavind", "Khojavind", "GPE"), ("Aliev", "Aliev", "PERSON"),
                       ("Austria", "Austria", "GPE")]),
        _article("b", [("Khojavand", "Khojavand", "GPE"), ("Khojavand", "Khojavand", "GPE"),
                       ("Ilham Aliyev", "Ilham Aliyev", "PERSON"), ("Aliyev", "Ilham Aliyev", "PERSON"),
                       ("Australia", "Australia", "GPE")]),
    ]
    names = _by_name(merge_entities(facts))
    assert names["Khojavand"]["aliases"] == ["Khojavind"]
    assert "Austria" in names and "Australia" in names
    assert "Aliev" in names["Ilham Aliyev"]["aliases"]


def test_text_aliases_acronyms_and_country_names():
    facts = [
        _article("a", [("Stepanakert", "Stepanakert", "PERSON"), ("Stepanakert", "Stepanakert", "GPE"),
                       ("Khankendi", "Khankendi", "GPE"), ("NKR", "NKR", "ORG"),
                       ("Nagorno-Karabakh Republic", "Nagorno-Karabakh Republic", "ORG"),
                       ("US", "US", "GPE"), ("United States", "United States", "GPE"),
                       ("UN", "UN", "ORG"), ("United Nations", "United Nations", "ORG")],
                 aliases=[("Stepanakert", "Khankendi"), ("Nagorno-Karabakh Republic", "NKR")]),
    ]
    names = _by_name(merge_entities(facts))
    assert names["Stepanakert"]["aliases"] == ["Khankendi"]
    assert names["Stepanakert"]["label"] == "GPE"
    assert names["Nagorno-Karabakh Republic"]["aliases"] == ["NKR"]
    assert names["United States"]["aliases"] == ["US"]
    assert names["United Nations"]["aliases"] == ["UN"]


def test_places_spacy_calls_org_become_places():
    facts = [_article("a", [("Nagorno-Karabakh", "Nagorno-Karabakh", "ORG"),
                            ("Nagorno-Karabakh", "Nagorno-Karabakh", "GPE")])]
    names = _by_name(merge_entities(facts))
    assert names["Nagorno-Karabakh"]["label"] in ("GPE", "LOC")


def test_claimant_entities():
    facts = [_article("a", [("Armenian separatists", "Armenian separatists", "NORP")],
                      numbers=["Armenian separatists", "nobody known"])]
    merge_entities(facts)
    assert facts[0]["numbers"][0]["claimant_entity"] == "armenian-separatists"
    assert facts[0]["numbers"][1]["claimant_entity"] == ""


def test_many_unrelated_names_stay_apart():
    """20,000 random names in 2,000 articles: nothing chains them together (speed is measured in bench/)."""
    import random

    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"

    def word():
        return rng.choice(letters).upper() + "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))

    facts = []
    for i in range(2000):
        ments = []
        for _ in range(10):
            label = rng.choice(["PERSON", "ORG", "GPE"])
            name = f"{word()} {word()}" if label == "PERSON" else word()
            ments.append((name, name, label))
        facts.append(_article(f"a{i}", ments))
    entities = merge_entities(facts)
    assert len(entities) > 15000


def test_country_possessive_and_demonym_organisations_merge():
    facts = [_article("a", [("Azerbaijan’s Defense Ministry", "Azerbaijan's Defense Ministry", "ORG"),
                            ("the Azerbaijani Defense Ministry", "Azerbaijani Defense Ministry", "ORG"),
                            ("Armenian Defense Ministry", "Armenian Defense Ministry", "ORG"),
                            ("Defense Ministry", "Defense Ministry", "ORG")])]
    names = _by_name(merge_entities(facts))
    merged = [e for e in names.values() if "Azerbaijani Defense Ministry" in e["aliases"]
              or e["name"] == "Azerbaijani Defense Ministry"]
    assert len(merged) == 1 and len(merged[0]["mentions"]) == 2
    assert "Armenian Defense Ministry" in names and "Defense Ministry" in names  # not folded in


def _group_of(entities, name):
    return next(e for e in entities if e["name"] == name or name in e["aliases"])


def test_a_company_is_one_entity_with_or_without_its_legal_form_and_trade_word():
    facts = [_article("a", [("Brackwater Shipping Ltd.", "Brackwater Shipping Ltd.", "ORG"),
                            ("Brackwater", "Brackwater", "ORG")]),
             _article("b", [("Brackwater Shipping", "Brackwater Shipping", "ORG"),
                            ("Oakmere Foods Inc", "Oakmere Foods Inc", "ORG"), ("Oakmere Foods", "Oakmere Foods", "ORG")])]
    entities = merge_entities(facts)
    brackwater = _group_of(entities, "Brackwater")
    assert {brackwater["name"], *brackwater["aliases"]} == {"Brackwater Shipping Ltd.", "Brackwater",
                                                            "Brackwater Shipping"}
    assert len(brackwater["mentions"]) == 3
    assert _group_of(entities, "Oakmere Foods") is _group_of(entities, "Oakmere Foods Inc")


def test_two_companies_that_shorten_alike_stay_apart_and_no_person_or_place_joins():
    facts = [_article("a", [("Velden Energy", "Velden Energy", "ORG"), ("Velden Motors", "Velden Motors", "ORG"),
                            ("Velden", "Velden", "ORG"), ("Corrie Holdings", "Corrie Holdings", "ORG"),
                            ("Corrie", "Corrie", "PERSON")])]
    entities = merge_entities(facts)
    assert _group_of(entities, "Velden Energy") is not _group_of(entities, "Velden Motors")
    assert _group_of(entities, "Velden") not in (_group_of(entities, "Velden Energy"),
                                                 _group_of(entities, "Velden Motors"))
    assert _group_of(entities, "Corrie") is not _group_of(entities, "Corrie Holdings")


def test_a_campaign_tag_before_a_dash_is_never_the_name_a_person_is_given():
    """Scraped bylines such as "Vance2030 — Elena R. Vance" hold more words than any real form of the
    name; the entity is still called by one (the canonical name prefers the fullest form of a person)."""
    facts = [
        _article("a", [("Vance2030 — Elena R. Vance", "Vance2030 — Elena R. Vance", "PERSON"),
                       ("Elena R. Vance", "Elena R. Vance", "PERSON")]),
        _article("b", [("Elena Vance", "Elena Vance", "PERSON"), ("Vance", "Vance", "PERSON")]),
    ]
    people = [e for e in merge_entities(facts) if e["label"] == "PERSON"]
    assert all("—" not in e["name"] and "2030" not in e["name"] for e in people), [e["name"] for e in people]
    assert any(e["name"] == "Elena R. Vance" for e in people)
