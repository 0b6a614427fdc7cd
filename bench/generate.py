"""Generate a national benchmark corpus in the content contract's format.

Every one of Sweden's 290 municipalities gets one promise per calendar year
(2022, 2023, …) and one follow-up a month. The corpus of N months is the first
N months from January 2022, so the ¼, ½ and full corpora (15, 30 and 60 months)
are prefixes of each other: each municipality, year and month has its own
`random.Random` seeded from a fixed string, and no clock is read.

    python bench/generate.py OUT [--months 60 | --years 5] [--municipalities 290] [--seed S] [--translations]

OUT gets promises/, updates/ and a copy of the project's mkdocs.yml, hooks/,
overrides/ and docs/, so `mkdocs build` works there on its own.

With ``--translations`` (on in `make bench`), every tenth update also gets an
English translation and every twentieth an Arabic one, a tenth of the promises
an English one (content format v2: files beside their originals), and the
corpus's mkdocs.yml lists ``languages: [en, ar]``. The translated texts are drawn
from small sentence pools below, marked as generated: they have a translation's
shape and length, not a translator's care.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

import yaml
from babel.dates import format_date
from PIL import Image

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "hooks"))

from citizen_promises.slug import slugify  # noqa: E402
from citizen_promises.sweden import MUNICIPALITIES  # noqa: E402

SEED = "medborgarloften-bench-1"
START_YEAR = 2022
MAX_MONTHS = 60
SIZES = {"quarter": 15, "half": 30, "full": 60}  # months: ¼, ½ and all of five years
# The slug rule gives Håbo and Habo the same slug; the contract's way out.
SLUG_OVERRIDES = {"Håbo": "haabo"}
STOCKHOLM = ZoneInfo("Europe/Stockholm")
PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides", "docs")
# Translations (--translations): the languages the corpus's mkdocs.yml lists, and
# which share of the updates each gets: an update is translated when the number
# of its municipality (in the chosen list) plus its month since January 2022
# leaves this remainder, so the ¼, ½ and full corpora stay prefixes of each other.
LANGUAGES = ("en", "ar")
UPDATE_SHARE = {"en": (10, 0), "ar": (20, 5)}  # (every n-th, remainder): a tenth, a twentieth
PROMISE_SHARE = (10, 0)  # a tenth of the promises into English: municipality number + year offset
GENERATED = "Genererad av bench/generate.py"  # the translator field: not a real translation

# Swedish month names from Babel, as the site writes them ("mars").
MONTHS = tuple(format_date(date(2000, month, 1), "LLLL", locale="sv") for month in range(1, 13))
PLACE_PREFIX = (
    "Björk", "Ek", "Sol", "Gran", "Lind", "Äng", "Sjö", "Berg", "Tall", "Rönn", "Hag", "Ros",
    "Vall", "Norr", "Söder", "Väster", "Öster", "Hassel", "Ljung", "Lunda", "Hög", "Kvarn",
)
PLACE_SUFFIX = (
    "hagen", "dalen", "backen", "gården", "lund", "berga", "vik", "torp", "holmen", "ängen", "parken", "udden",
)
FIXED_PLACES = (
    "centrala {k}", "Stationsområdet", "Hamnområdet", "Idrottsområdet", "Torgområdet", "Skolområdet",
)
STREETS = (
    "Storgatan", "Kungsgatan", "Drottninggatan", "Järnvägsgatan", "Skolgatan", "Södra vägen",
    "Industrivägen", "Ringvägen", "Parkgatan", "Kyrkogatan", "Nygatan", "Esplanaden",
)
FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kerstin", "Emma", "Ingrid", "Malin", "Sofia", "Åsa",
    "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Mikael", "Magnus", "Jonas", "Fredrik", "Mats", "Örjan",
)
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Lindqvist", "Holm", "Bergström", "Sandberg", "Åberg",
    "Öberg", "Ekström", "Lundgren", "Björk", "Forsberg", "Hedlund",
)
ACTIVITIES = (
    "trygghetsvandringarna", "arbetet med belysningen", "nattvandringen", "skolbesöken", "hastighetskontrollerna",
    "grannsamverkan", "arbetet mot narkotika", "samverkan med fastighetsägarna", "klottersaneringen",
    "medborgardialogerna", "fältgruppens kvällspass", "kontrollerna av krogarna",
)
TAGS = (
    "trygghetsvandring", "ungdomar", "trafik", "narkotika", "skolan", "centrum", "samverkan", "belysning",
    "nattvandring", "brottsförebyggande", "grannsamverkan", "klotter", "sommar", "idrott", "krogar",
)
CHANNELS = ("polisen.se", "Facebook", "Instagram", "kommunens webbplats", "lokaltidningen")


@dataclass(frozen=True)
class CommitmentKind:
    base: str
    by: str
    unit: str | None
    target: tuple[int, int] | None
    text: str  # {n}, {plats}, {gata}
    partners: tuple[str, ...] = ()
    monthly: tuple[int, int] = (0, 3)  # progress a month when there is no target


COMMITMENT_KINDS = (
    CommitmentKind("trygghetsvandringar", "gemensamt", "trygghetsvandringar", (2, 8),
                   "Kommunen och polisen genomför minst {n} trygghetsvandringar i {plats} tillsammans med boende och fastighetsägare.",
                   ("fastighetsägare", "bostadsbolaget")),
    CommitmentKind("insatser", "polisen", "insatser", (10, 40),
                   "Polisen gör minst {n} riktade insatser mot narkotikabrott i {plats}. Insatserna bygger på polisens underrättelser."),
    CommitmentKind("hastighetskontroller", "polisen", "kontroller", (6, 24),
                   "Polisen genomför minst {n} hastighetskontroller på {gata}, där boende upplever att många kör för fort."),
    CommitmentKind("skolbesok", "gemensamt", "skolbesök", (5, 30),
                   "Kommunpolisen och kommunens fältassistenter besöker skolorna i {plats} minst {n} gånger under året.",
                   ("skolorna",)),
    CommitmentKind("belysning", "kommunen", "platser", (3, 12),
                   "Kommunen förbättrar belysningen på minst {n} platser i {plats} som boende har pekat ut som otrygga."),
    CommitmentKind("nattvandringar", "gemensamt", "kvällar", (10, 40),
                   "Kommunen stödjer föreningarnas nattvandringar i {plats}, minst {n} kvällar under året.",
                   ("Nattvandrarna", "Svenska kyrkan")),
    CommitmentKind("samverkansmoten", "gemensamt", "samverkansmöten", (2, 6),
                   "Polisen och kommunen håller minst {n} samverkansmöten om hur arbetet med löftet går."),
    CommitmentKind("grannsamverkan", "kommunen", "informationsmöten", (2, 8),
                   "Kommunen bjuder tillsammans med polisen in till minst {n} informationsmöten om grannsamverkan i {plats}.",
                   ("polisen",)),
    CommitmentKind("narvaro", "polisen", "pass", None,
                   "Polisen är oftare synlig i {plats} på fredags- och lördagskvällar.", (), (2, 8)),
    CommitmentKind("klotter", "kommunen", "saneringar", None,
                   "Kommunen tar bort klotter och skadegörelse i {plats} inom ett dygn efter anmälan.", ("fastighetsägare",), (0, 6)),
    CommitmentKind("dialogmoten", "gemensamt", "medborgardialoger", (2, 6),
                   "Polisen och kommunen håller minst {n} medborgardialoger i {plats} om vad som känns otryggt."),
    CommitmentKind("krogkontroller", "gemensamt", "tillsynsbesök", (4, 12),
                   "Polisen och kommunens tillståndsenhet gör minst {n} gemensamma tillsynsbesök på restauranger och krogar.",
                   ("tillståndsenheten",)),
)

SENTENCES = (
    "Under {månad} har polisen varit på plats i {plats} vid {antal} tillfällen, främst på fredags- och lördagskvällar.",
    "Kommunens fältassistenter har mött ungdomar vid {plats2} och pratat med dem om hur de upplever tryggheten i området.",
    "Vid trygghetsvandringen i {plats} deltog boende, fastighetsägare, kommunens tjänstepersoner och två poliser.",
    "Deltagarna pekade ut flera platser där belysningen är dålig och där buskagen behöver röjas.",
    "Kommunen har redan beställt nya armaturer längs gångvägen mellan {plats} och {plats2}.",
    "Polisen ser en minskning av anmälda skadegörelsebrott i {plats} jämfört med samma period förra året.",
    "Antalet anmälningar är fortfarande litet, så det är för tidigt att dra några säkra slutsatser.",
    "Flera boende har hört av sig och berättat att de känner sig tryggare när de ser polisen oftare i området.",
    "Samverkansgruppen träffades den {dag} {månad} och gick igenom läget i {plats}.",
    "Vid mötet bestämdes att {aktivitet} ska fortsätta under resten av året.",
    "Polisen har genomfört hastighetskontroller på {gata}, där många boende tidigare har klagat på fortkörning.",
    "Av de kontrollerade fordonen körde {antal} för fort, och ett par förare fick lämna ifrån sig körkortet på plats.",
    "Skolorna i {plats} har fått besök av kommunpolisen, som har pratat med eleverna i årskurs åtta om narkotika och grupptryck.",
    "Eleverna ställde många frågor, bland annat om hur man anmäler ett brott och vad som händer sedan.",
    "Föreningarna som nattvandrar i {kommun} har fått nya västar och ficklampor av kommunen.",
    "Nattvandrarna har varit ute {antal} kvällar och berättar att stämningen i centrum oftast har varit lugn.",
    "En helg i slutet av {månad} var det oroligt vid {plats2}, och polisen fick ingripa vid flera tillfällen.",
    "Polisen har därefter ökat närvaron där, och kommunen har förstärkt städningen runt {plats2}.",
    "Grannsamverkan har startat i ytterligare ett bostadsområde i {plats}, och fler föreningar har anmält intresse.",
    "Den som vill starta grannsamverkan där hon eller han bor kan kontakta kommunens trygghetssamordnare.",
    "Arbetet med {aktivitet} har tagit längre tid än planerat, eftersom flera medarbetare har varit upptagna av andra uppdrag.",
    "Kommunen har tagit bort klotter på {antal} platser, oftast inom ett dygn efter att det anmäldes.",
    "Fastighetsägarna i {plats} har varit ett viktigt stöd och har själva bekostat flera av åtgärderna.",
    "Polisens trygghetsmätning visar att en majoritet av de svarande i {kommun} känner sig trygga i sitt bostadsområde.",
    "Samtidigt uppger många att de undviker vissa platser när det är mörkt, särskilt kring {plats2}.",
    "Det är just de platserna som medborgarlöftet handlar om, och där lägger vi mest tid.",
    "Inför sommaren planerar polisen och kommunen extra insatser kring badplatserna och vid skolavslutningen.",
    "Under hösten ligger fokus på skolvägarna och på belysningen, när dagarna blir kortare.",
    "Fältgruppen har haft öppet hus på fritidsgården i {plats} varje onsdag, med i snitt {antal} besökare per kväll.",
    "Socialtjänsten och polisen har också följt upp enskilda ungdomar som riskerar att dras in i kriminalitet.",
    "Vi vill tacka alla som har deltagit och kommit med synpunkter under månaden.",
    "Har du tips om platser som känns otrygga kan du höra av dig till kommunen eller ringa polisen på 114 14.",
    "Vid akuta lägen ska du alltid ringa 112.",
    "Arbetet i {plats} följs upp igen i nästa månadsrapport.",
    "Kommunen har också sett över parkeringen vid {plats2}, där buskar har klippts ned och en trasig lampa har bytts ut.",
    "Polisen har gjort {antal} kontroller av restauranger och krogar tillsammans med kommunens tillståndsenhet.",
    "Inga allvarliga brister hittades, men två verksamheter fick påpekanden om ordningsvakter och öppettider.",
    "Det lokala brottsförebyggande rådets möte i {månad} handlade om hur arbetet i {plats} ska utvecklas.",
    "Representanter för bostadsbolaget, räddningstjänsten och Svenska kyrkan deltog också.",
    "Ett gemensamt utskick med information om inbrottsskydd har gått ut till alla hushåll i {plats}.",
    "Polisen har under perioden haft extra fokus på narkotikaförsäljningen kring {plats2}.",
    "Flera personer har lagförts för ringa narkotikabrott, och ett par beslag har gjorts.",
    "Kommunen har anställt ytterligare en fältassistent, som börjar sin tjänst efter semestern.",
    "Den digitala medborgardialogen fick {antal} svar, vilket är fler än vi hade räknat med.",
    "Många svar handlade om trafiken på {gata} och om nedskräpningen i centrum.",
    "Nästa trygghetsvandring är planerad till början av nästa månad, och alla är välkomna att delta.",
    "Samlingsplatsen är {plats2} klockan 18.00, och vandringen tar ungefär en och en halv timme.",
    "Kommunpolisen finns på plats i stadshuset varannan tisdag för den som vill ställa frågor.",
    "Arbetet har hittills gått enligt plan, även om några åtgärder har fått skjutas upp på grund av vädret.",
    "Sammantaget bedömer polisen och kommunen att arbetet är på rätt väg, men att mycket återstår.",
    "Bostadsbolaget har satt upp nya lås i trapphusen på {gata} efter flera inbrott i källarförråd.",
    "Polisen uppmanar alla att märka sina cyklar och att anmäla stölder, även när det känns lönlöst.",
)
PROMISE_SENTENCES = (
    "Invånarnas svar i polisens trygghetsmätning, kommunens trygghetsundersökning och polisens underrättelser pekar åt samma håll.",
    "Många upplever {plats} och området kring {plats2} som otrygga, särskilt på kvällar och helger.",
    "Under det senaste året har polisen fått in fler anmälningar om skadegörelse och narkotikabrott i {plats}.",
    "Trafiken på {gata} är ett återkommande klagomål, både från boende och från skolorna i området.",
    "Ungdomar samlas på kvällarna vid {plats2}, och boende berättar att de känner sig otrygga där.",
    "Samtidigt finns ett starkt engagemang bland föreningar, fastighetsägare och boende som vill bidra.",
    "Löftet bygger på de dialoger som polisen och kommunen har haft med invånare i {kommun} under hösten.",
    "Det lokala brottsförebyggande rådet har följt arbetet och lämnat synpunkter på vilka insatser som behövs mest.",
)
GOALS = (
    "öka tryggheten i {plats}",
    "minska skadegörelsen och klottret i centrala {kommun}",
    "minska narkotikaförsäljningen kring {plats2}",
    "få fler invånare att engagera sig i grannsamverkan",
    "göra trafiken på {gata} lugnare och säkrare",
    "nå fler ungdomar innan de dras in i kriminalitet",
)
TITLES = (
    "Lägesbild för {månad}",
    "Trygghetsvandring i {plats}",
    "Fler insatser i {plats}",
    "Hastighetskontroller på {gata}",
    "Skolbesök i {plats}",
    "Ny belysning vid {plats2}",
    "Nattvandrarna ute i {månad}",
    "Samverkansmöte om {plats}",
    "Så gick arbetet i {månad}",
    "Lugnare kvällar i {plats}",
    "Uppföljning av medborgarlöftet, {månad}",
    "Grannsamverkan växer i {plats}",
)
IMAGES = (
    ("trygghetsvandring.png", (60, 90, 160), "Tecknad bild av boende och poliser i reflexvästar på en gångväg i skymningen."),
    ("belysning.png", (220, 180, 60), "Tecknad bild av en gångväg med nya gatlampor mellan flerbostadshus."),
    ("skolbesok.png", (80, 150, 90), "Tecknad bild av en kommunpolis som pratar med elever i ett klassrum."),
    ("samverkan.png", (150, 70, 90), "Tecknad bild av ett möte runt ett bord med representanter för kommunen och polisen."),
)

# Short pools for the generated translations ({plats}, {plats2}, {gata}, {kommun},
# {månad} in the language, {antal}); the body is as long as an original's.
TRANSLATED_SENTENCES = {
    "en": (
        "In {månad} the police were present in {plats} on {antal} occasions, mostly on Friday and Saturday evenings.",
        "Residents, property owners, municipal staff and two police officers took part in the safety walk in {plats}.",
        "The participants pointed out several places where the lighting is poor and the bushes need clearing.",
        "The municipality has ordered new street lights along the footpath between {plats} and {plats2}.",
        "The police carried out speed checks on {gata}, where many residents have complained about speeding.",
        "The community police officer visited the schools in {plats} and talked to the pupils about drugs and peer pressure.",
        "The night walkers in {kommun} have been out {antal} evenings and say that the town centre has mostly been calm.",
        "The municipality removed graffiti in {antal} places, usually within a day of it being reported.",
        "Neighbourhood watch has started in another residential area in {plats}.",
        "If you know of places that feel unsafe, contact the municipality or call the police on 114 14.",
        "In an emergency, always call 112.",
        "The work in {plats} will be followed up again in next month's report.",
    ),
    "ar": (
        "خلال شهر {månad} كانت الشرطة حاضرة في {plats} في {antal} مناسبات، معظمها في مساء الجمعة والسبت.",
        "شارك السكان وأصحاب العقارات وموظفو البلدية وشرطيان في جولة الأمان في {plats}.",
        "أشار المشاركون إلى عدة أماكن تكون فيها الإنارة ضعيفة وتحتاج الشجيرات فيها إلى التقليم.",
        "طلبت البلدية مصابيح جديدة على طول ممر المشاة بين {plats} و{plats2}.",
        "أجرت الشرطة عمليات مراقبة للسرعة في {gata}، حيث اشتكى كثير من السكان من السرعة الزائدة.",
        "زار شرطي البلدية المدارس في {plats} وتحدث مع التلاميذ عن المخدرات وضغط الأقران.",
        "أزالت البلدية الكتابات على الجدران في {antal} أماكن، عادةً خلال يوم واحد من الإبلاغ عنها.",
        "إذا كنت تعرف أماكن تشعر فيها بعدم الأمان، فاتصل بالبلدية أو بالشرطة على الرقم 114 14.",
        "في الحالات الطارئة اتصل دائمًا بالرقم 112.",
        "سنتابع العمل في {plats} مرة أخرى في تقرير الشهر القادم.",
    ),
}
TRANSLATED_TITLES = {
    "en": ("Update for {månad}", "Safety walk in {plats}", "Speed checks on {gata}", "School visits in {plats}",
           "How the work went in {månad}", "Quieter evenings in {plats}"),
    "ar": ("متابعة شهر {månad}", "جولة الأمان في {plats}", "مراقبة السرعة في {gata}", "زيارات المدارس في {plats}",
           "كيف سار العمل في شهر {månad}", "أمسيات أهدأ في {plats}"),
}
TRANSLATED_ALT = {
    "en": "Drawing that illustrates the follow-up: residents and police officers in {plats}.",
    "ar": "رسم يوضح المتابعة: السكان ورجال الشرطة في {plats}.",
}
TRANSLATED_NOTE = {
    "en": "*This text was generated for a benchmark; it is not a real translation.*",
    "ar": "*هذا النص مُولَّد لاختبار الأداء، وليس ترجمة حقيقية.*",
}
# English commitment texts by kind ({n}, {plats}, {gata} as in COMMITMENT_KINDS).
COMMITMENTS_EN = {
    "trygghetsvandringar": "The municipality and the police hold at least {n} safety walks in {plats} with residents and property owners.",
    "insatser": "The police carry out at least {n} targeted operations against drug crime in {plats}.",
    "hastighetskontroller": "The police carry out at least {n} speed checks on {gata}.",
    "skolbesok": "The community police officer and the municipality's field workers visit the schools in {plats} at least {n} times.",
    "belysning": "The municipality improves the lighting in at least {n} places in {plats} that residents find unsafe.",
    "nattvandringar": "The municipality supports the night walks in {plats} on at least {n} evenings.",
    "samverkansmoten": "The police and the municipality hold at least {n} meetings on how the work is going.",
    "grannsamverkan": "The municipality and the police hold at least {n} information meetings on neighbourhood watch in {plats}.",
    "narvaro": "The police are more often visible in {plats} on Friday and Saturday evenings.",
    "klotter": "The municipality removes graffiti in {plats} within a day of it being reported.",
    "dialogmoten": "The police and the municipality hold at least {n} dialogues with residents in {plats}.",
    "krogkontroller": "The police and the municipality make at least {n} joint inspections of restaurants and bars.",
}
PROMISE_SENTENCES_EN = (
    "Residents' answers in the police's safety survey and the municipality's own survey point the same way.",
    "Many feel unsafe in {plats} and around {plats2}, especially in the evenings and at weekends.",
    "Traffic on {gata} is a recurring complaint, from residents and from the schools in the area.",
    "At the same time, associations, property owners and residents are keen to help.",
    "The promise builds on the dialogues the police and the municipality held with residents of {kommun}.",
)


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A small RGB PNG with a diagonal gradient, drawn with Pillow."""
    image = Image.new("RGB", (width, height))
    r, g, b = colour
    image.putdata([
        (min(255, r + shade), min(255, g + shade), min(255, b + shade))
        for y in range(height) for x in range(width) for shade in ((x + y) * 96 // (width + height),)
    ])
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def municipality_slug(name: str) -> str:
    return SLUG_OVERRIDES.get(name) or slugify(name)


def select_municipalities(count: int) -> list[str]:
    """All 290, or ``count`` spread over the alphabet; Håbo and Habo are always
    among them (from two up), so even a small corpus has the slug collision."""
    if count >= len(MUNICIPALITIES):
        return list(MUNICIPALITIES)
    pair = ["Habo", "Håbo"][:count]
    spread = [MUNICIPALITIES[i * len(MUNICIPALITIES) // count] for i in range(count)]
    chosen = set(pair) | set([m for m in spread if m not in pair][: count - len(pair)])
    return [m for m in MUNICIPALITIES if m in chosen]


def _yaml_text(value: str) -> str:
    """A YAML scalar as PyYAML writes it: plain where that is safe, else quoted."""
    return yaml.safe_dump(value, allow_unicode=True, width=10**9).removesuffix("\n...\n").rstrip("\n")


def _fill(template: str, words: dict[str, str]) -> str:
    text = template.format(**words)
    return text[0].upper() + text[1:]


@dataclass
class CommitmentPlan:
    id: str
    kind: CommitmentKind
    text: str
    area: str
    target: int | None
    progress: list[int]  # per month, 12 entries
    status: list[str | None]  # explicit status per month, or None


@dataclass
class PromisePlan:
    id: str
    municipality: str
    slug: str
    year: int
    places: list[str]
    streets: list[str]
    author_police: str
    commitments: list[CommitmentPlan] = field(default_factory=list)


def _places(rng: Random, municipality: str) -> list[str]:
    names = {f"{rng.choice(PLACE_PREFIX)}{rng.choice(PLACE_SUFFIX)}" for _ in range(4)}
    fixed = [place.format(k=municipality) for place in rng.sample(FIXED_PLACES, 2)]
    return sorted(names)[:3] + fixed


def _commitment_schedule(rng: Random, kind: CommitmentKind, target: int | None) -> tuple[list[int], list[str | None]]:
    """Twelve months of progress and explicit statuses, using all five statuses."""
    progress = [0] * 12
    status: list[str | None] = [None] * 12
    start = rng.choice((0, 0, 0, 1, 2, 3))
    status[0] = "planned" if start > 0 else "ongoing"
    cancel_at = rng.randrange(4, 11) if rng.random() < 0.07 else None
    pause_at = rng.randrange(3, 9) if rng.random() < 0.2 else None
    if target is not None:
        reached = max(1, round(target * rng.uniform(0.6, 1.3)))
        active = [m for m in range(start, 12) if m != pause_at and (cancel_at is None or m < cancel_at)]
        for _ in range(reached):
            progress[rng.choice(active or [11])] += 1
    else:
        low, high = kind.monthly
        for month in range(start, 12):
            if month != pause_at and (cancel_at is None or month < cancel_at):
                progress[month] = rng.randint(low, high)
    if start > 0:
        status[start] = "ongoing"
    if pause_at is not None:
        status[pause_at] = "paused"
        if pause_at + 1 < 12:
            status[pause_at + 1] = "ongoing"
    if cancel_at is not None:
        status[cancel_at] = "cancelled"
        end = cancel_at
    elif target is not None:
        running = 0
        end = next((m for m in range(12) if (running := running + progress[m]) >= target), 12)
        if end < 12:
            status[end] = "done"
    else:
        end = 12
    for month in range(end + 1, 12):
        status[month] = None  # nothing more to say once done or cancelled
    return progress, status


def plan_promise(seed: str, municipality: str, year: int) -> PromisePlan:
    slug = municipality_slug(municipality)
    rng = Random(f"{seed}:{slug}:{year}")
    plan = PromisePlan(
        id=f"{slug}-{year}",
        municipality=municipality,
        slug=slug,
        year=year,
        places=_places(rng, municipality),
        streets=rng.sample(STREETS, 2),
        author_police=f"Lokalpolisområde {municipality}",
    )
    for kind in rng.sample(COMMITMENT_KINDS, rng.randint(2, 6)):
        place = rng.choice(plan.places)
        target = None if kind.target is None else rng.randint(*kind.target)
        text = kind.text.format(n=target, plats=place, gata=plan.streets[0])
        progress, status = _commitment_schedule(rng, kind, target)
        area = place[0].upper() + place[1:] if "{plats}" in kind.text else plan.streets[0] if "{gata}" in kind.text else "Samverkan"
        plan.commitments.append(CommitmentPlan(kind.base, kind, text, area, target, progress, status))
    return plan


def _words(rng: Random, plan: PromisePlan, month: int, day: int) -> dict[str, str]:
    place, place2 = rng.sample(plan.places, 2)
    return {
        "kommun": plan.municipality,
        "plats": place,
        "plats2": place2,
        "gata": rng.choice(plan.streets),
        "månad": MONTHS[month - 1],
        "dag": str(day),
        "antal": str(rng.randint(3, 40)),
        "aktivitet": rng.choice(ACTIVITIES),
    }


def _paragraphs(rng: Random, sentences: tuple[str, ...], words: dict[str, str], low: int, high: int) -> list[str]:
    """3–6 paragraphs of low–high words, sentences drawn without repeats until the bank runs out."""
    goal = rng.randint(low, high)
    count = rng.randint(3, 6)
    bank = list(sentences)
    rng.shuffle(bank)
    paragraphs, written, index = [], 0, 0
    for number in range(count):
        share = (goal - written) // (count - number)
        sentences_here: list[str] = []
        length = 0
        while length < share or not sentences_here:
            if index == len(bank):
                rng.shuffle(bank)
                index = 0
            sentence = _fill(bank[index], words)
            index += 1
            sentences_here.append(sentence)
            length += len(sentence.split())
        written += length
        paragraphs.append(_wrap(" ".join(sentences_here)))
    return paragraphs


def _wrap(text: str, width: int = 88) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def _person(rng: Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def promise_file(seed: str, plan: PromisePlan) -> str:
    rng = Random(f"{seed}:{plan.slug}:{plan.year}:text")
    signed = date(plan.year - 1, 12, rng.randint(1, 20))
    follow_up = rng.choices(("monthly", "quarterly", "continuous"), (85, 10, 5))[0]
    lines = ["---", f"municipality: {plan.municipality}"]
    if plan.slug != slugify(plan.municipality):
        lines.append(f"municipality_slug: {plan.slug}")
    lines += [
        f"police_area: {plan.municipality}",
        f"title: Medborgarlöfte i {plan.municipality} {plan.year}",
        f"valid_from: {plan.year}-01-01",
        f"valid_until: {plan.year}-12-31",
        f"signed: {signed.isoformat()}",
        "signatories:",
        f"  - name: {_person(rng)}",
        "    role: Kommunstyrelsens ordförande",
        f"    organisation: {plan.municipality} kommun",
        f"  - name: {_person(rng)}",
        "    role: Lokalpolisområdeschef",
        f"    organisation: {plan.author_police}",
        "diary_numbers:",
        f'  kommunen: "KS {plan.year - 1}/{rng.randint(100, 999)}"',
        f'  polisen: "A{rng.randint(100, 999)}.{rng.randint(100, 999)}/{plan.year - 1}"',
        f"follow_up: {follow_up}",
        f"channels: [{', '.join(sorted(rng.sample(CHANNELS, rng.randint(1, 3))))}]",
    ]
    if plan.year > START_YEAR:
        lines.append(f"replaces: {plan.slug}-{plan.year - 1}")
    lines.append("commitments:")
    for c in plan.commitments:
        lines += [
            f"  - id: {c.id}",
            f"    text: {_yaml_text(c.text)}",
            f"    by: {c.kind.by}",
            f"    area: {_yaml_text(c.area)}",
        ]
        if c.kind.partners:
            lines.append(f"    partners: [{', '.join(c.kind.partners)}]")
        if c.target is not None:
            lines.append(f"    target: {c.target}")
        if c.kind.unit:
            lines.append(f"    unit: {c.kind.unit}")
    lines.append("---")
    words = _words(rng, plan, 1, signed.day)
    situation = _paragraphs(rng, PROMISE_SENTENCES, words, 90, 160)[:2]
    goals = [_fill(g, words) for g in rng.sample(GOALS, rng.randint(2, 4))]
    body = [
        "## Lägesbild",
        *situation,
        "## Mål",
        "Polisen och kommunen lovar tillsammans att\n\n" + "\n".join(f"- {g[0].lower()}{g[1:]}" for g in goals),
        "## Så togs löftet fram",
        _wrap(
            f"Löftet skrevs under den {signed.day} {MONTHS[signed.month - 1]} {signed.year} och gäller hela {plan.year}. "
            f"Det följs upp {'varje månad' if follow_up == 'monthly' else 'varje kvartal' if follow_up == 'quarterly' else 'löpande'} "
            f"på den här webbplatsen. {_fill(rng.choice(PROMISE_SENTENCES), words)}"
        ),
    ]
    return "\n".join(lines) + "\n" + "\n\n".join(body) + "\n"


def update_file(seed: str, plan: PromisePlan, month: int) -> tuple[str, str]:
    """The update of ``plan`` for ``month`` (1–12): its path and its text."""
    rng = Random(f"{seed}:{plan.slug}:{plan.year}:{month}")
    day = rng.randint(1, 28)
    words = _words(rng, plan, month, day)
    title = _fill(rng.choice(TITLES), words)
    slug = slugify(title)
    form = rng.random()
    if form < 0.7:
        when = f"{plan.year}-{month:02d}-{day:02d}"
    elif form < 0.9:
        when = f"{plan.year}-{month:02d}-{day:02d}T{rng.randint(8, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}:00"
    else:  # with a zone: 08–15 UTC is the same day in Stockholm
        when = f"{plan.year}-{month:02d}-{day:02d}T{rng.randint(8, 15):02d}:{rng.randint(0, 59):02d}:00Z"
    lines = ["---", f"title: {_yaml_text(title)}", f"date: {when}", f"promise: {plan.id}"]
    paragraphs = _paragraphs(rng, SENTENCES, words, 250, 400)
    if rng.random() < 0.5:
        lines.append(f"summary: {_yaml_text(paragraphs[0].replace(chr(10), ' ').split('. ')[0].rstrip('.') + '.')}")
    progress = {c.id: c.progress[month - 1] for c in plan.commitments if c.progress[month - 1] > 0}
    status = {c.id: c.status[month - 1] for c in plan.commitments if c.status[month - 1] is not None}
    if progress:
        lines.append("progress:")
        lines += [f"  {key}: {value}" for key, value in progress.items()]
    if status:
        lines.append("status:")
        lines += [f"  {key}: {value}" for key, value in status.items()]
    if rng.random() < 0.1:
        name, _, alt = rng.choice(IMAGES)
        lines += [f"image: ../bilder/{name}", f"image_alt: {_yaml_text(alt)}"]
    lines.append(f"tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 3)))}]")
    author = rng.random()
    if author < 0.4:
        lines.append(f"author: {plan.author_police}")
    elif author < 0.7:
        lines.append(f"author: Kommunikationsenheten, {plan.municipality} kommun")
    lines.append("---")
    if rng.random() < 0.3:
        paragraphs.insert(-1, "## Nästa steg")
    if rng.random() < 0.2:
        items = rng.sample(ACTIVITIES, 3)
        paragraphs.insert(2, "Det här står på tur:\n\n" + "\n".join(f"- {a[0].upper()}{a[1:]}" for a in items))
    if rng.random() < 0.2:
        paragraphs.append(f"Läs hela [medborgarlöftet för {plan.year}](../../promises/{plan.id}.md).")
    path = f"updates/{plan.slug}/{plan.year}-{month:02d}-{day:02d}-{slug}.md"
    return path, "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"


def update_languages(municipality_number: int, month_index: int) -> list[str]:
    """The languages the update of the ``municipality_number``-th chosen municipality
    in month ``month_index`` (0 = January 2022) is translated into."""
    return [code for code, (every, rest) in UPDATE_SHARE.items() if (municipality_number + month_index) % every == rest]


def promise_translated(municipality_number: int, year_index: int) -> bool:
    every, rest = PROMISE_SHARE
    return (municipality_number + year_index) % every == rest


def _front_matter(text: str) -> dict:
    """The front matter of a file this module wrote ("---", YAML, "---", body)."""
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n")) or {}


def _translation_words(rng: Random, plan: PromisePlan, month: int, code: str) -> dict[str, str]:
    words = _words(rng, plan, month, 1)
    words["månad"] = format_date(date(plan.year, month, 1), "LLLL", locale=code)
    return words


def update_translation(seed: str, plan: PromisePlan, month: int, original: str, code: str) -> str:
    """A translation into ``code`` of the update ``original`` (its text): title,
    summary, image_alt where the original has an image, translator and body."""
    rng = Random(f"{seed}:{plan.slug}:{plan.year}:{month}:{code}")
    words = _translation_words(rng, plan, month, code)
    paragraphs = _paragraphs(rng, TRANSLATED_SENTENCES[code], words, 250, 400)
    front: dict[str, str] = {
        "title": _fill(rng.choice(TRANSLATED_TITLES[code]), words),
        "summary": paragraphs[0].replace("\n", " ").split(". ")[0].rstrip(".") + ".",
    }
    if "image" in _front_matter(original):
        front["image_alt"] = TRANSLATED_ALT[code].format(**words)
    front["translator"] = GENERATED
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10**9)
    return f"---\n# {GENERATED}: not a real translation.\n{head}---\n" + "\n\n".join([*paragraphs, TRANSLATED_NOTE[code]]) + "\n"


def promise_translation(seed: str, plan: PromisePlan) -> str:
    """An English translation of the promise of ``plan``: title, every commitment, body."""
    rng = Random(f"{seed}:{plan.slug}:{plan.year}:en")
    words = _translation_words(rng, plan, 1, "en")
    front = {
        "title": f"Citizen promise in {plan.municipality} {plan.year}",
        "commitments": {
            c.id: COMMITMENTS_EN[c.id].format(n=c.target, plats=words["plats"] if "{plats}" in c.kind.text else c.area, gata=plan.streets[0])
            for c in plan.commitments
        },
        "translator": GENERATED,
    }
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10**9)
    situation = _paragraphs(rng, PROMISE_SENTENCES_EN, words, 90, 160)[:2]
    body = ["## Background", *situation, TRANSLATED_NOTE["en"]]
    return f"---\n# {GENERATED}: not a real translation.\n{head}---\n" + "\n\n".join(body) + "\n"


def _list_languages(config: Path) -> None:
    """The corpus's mkdocs.yml lists exactly the generated languages (one line
    changed, so the project's comments and tags stay as they are)."""
    text = config.read_text(encoding="utf-8")
    listed = yaml.safe_dump({"languages": list(LANGUAGES)}, default_flow_style=True).strip().strip("{}")
    text, found = re.subn(r"(?m)^(\s+)languages:.*$", lambda m: m.group(1) + listed, text, count=1)
    if not found:
        raise ValueError(f"{config} has no extra.languages line to replace")
    config.write_text(text, encoding="utf-8")


def corpus_end(months: int) -> datetime:
    """The last instant of the corpus's last month, Stockholm time: a build date at
    which every update is published and the newest promise is current and not overdue."""
    year, month = START_YEAR + months // 12, months % 12 + 1
    first_after = datetime(year, month, 1, tzinfo=STOCKHOLM)
    return (first_after - timedelta(hours=1)).astimezone(UTC)


def build_epoch(months: int) -> int:
    return int(corpus_end(months).timestamp())


def generate(out: Path, months: int = MAX_MONTHS, municipalities: int = len(MUNICIPALITIES), seed: str = SEED,
             copy_project: bool = True, translations: bool = False) -> dict[str, int]:
    """Write the corpus into ``out`` (replacing earlier content there); return its counts.
    With ``translations``, also the English and Arabic translations (see the module's docstring)."""
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be 1–{MAX_MONTHS}")
    out.mkdir(parents=True, exist_ok=True)
    for part in (*PROJECT_PARTS, "promises", "updates", "site"):
        target = out / part
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    if copy_project:
        for part in PROJECT_PARTS:
            source = PROJECT / part
            if source.is_dir():
                shutil.copytree(source, out / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copyfile(source, out / part)
        if translations:
            _list_languages(out / "mkdocs.yml")
    (out / "promises").mkdir()
    images = out / "updates" / "bilder"
    images.mkdir(parents=True)
    for name, colour, _ in IMAGES:
        (images / name).write_bytes(png(48, 32, colour))
    chosen = select_municipalities(municipalities)
    promises = updates = 0
    translated = {f"{kind}_{code}": 0 for kind in ("promises", "updates") for code in LANGUAGES}
    for number, municipality in enumerate(chosen):
        (out / "updates" / municipality_slug(municipality)).mkdir()
        for offset in range(0, months, 12):
            plan = plan_promise(seed, municipality, START_YEAR + offset // 12)
            (out / "promises" / f"{plan.id}.md").write_text(promise_file(seed, plan), encoding="utf-8")
            promises += 1
            if translations and promise_translated(number, offset // 12):
                (out / "promises" / f"{plan.id}.en.md").write_text(promise_translation(seed, plan), encoding="utf-8")
                translated["promises_en"] += 1
            for month in range(1, min(12, months - offset) + 1):
                path, text = update_file(seed, plan, month)
                (out / path).write_text(text, encoding="utf-8")
                updates += 1
                for code in update_languages(number, offset + month - 1) if translations else []:
                    translation = update_translation(seed, plan, month, text, code)
                    (out / f"{path.removesuffix('.md')}.{code}.md").write_text(translation, encoding="utf-8")
                    translated[f"updates_{code}"] += 1
    return {
        "municipalities": len(chosen),
        "months": months,
        "promises": promises,
        "updates": updates,
        "source_date_epoch": build_epoch(months),
        **(translated if translations else {}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    span = parser.add_mutually_exclusive_group()
    span.add_argument("--months", type=int, help=f"1–{MAX_MONTHS} (default {MAX_MONTHS})")
    span.add_argument("--years", type=float, help="1–5; 1.25 = 15 months")
    span.add_argument("--size", choices=sorted(SIZES), help="quarter = 15, half = 30, full = 60 months")
    parser.add_argument("--municipalities", type=int, default=len(MUNICIPALITIES))
    parser.add_argument("--seed", default=SEED)
    parser.add_argument("--translations", action="store_true", help="a tenth of the updates into English, a twentieth into Arabic")
    args = parser.parse_args(argv)
    months = args.months or (round(args.years * 12) if args.years else SIZES[args.size] if args.size else MAX_MONTHS)
    counts = generate(args.out, months, args.municipalities, args.seed, translations=args.translations)
    print(
        f"{counts['promises']} löften och {counts['updates']} uppföljningar för {counts['municipalities']} kommuner "
        f"({months} månader) i {args.out}. SOURCE_DATE_EPOCH={counts['source_date_epoch']}"
    )
    if args.translations:
        print(", ".join(f"{key}: {value}" for key, value in counts.items() if key.startswith(("promises_", "updates_"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
