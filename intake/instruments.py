"""The wording of the questionnaires the intake asks: STarT Back, Oswestry (ODI) and pain 0-10.

Every item's text lives here and nowhere else, so a clinic that holds the licences
can substitute the official wording in one place (clinical/REFERENCE.md section 13).

PLACEHOLDER WORDING: the STarT Back Screening Tool (Keele University) and the
Oswestry Disability Index v2.1a (J. Fairbank, via Mapi Research Trust) are licensed
and their item wording must not be changed or republished without permission. The
texts below are our own plain-language paraphrases of each item's *concept*
(REFERENCE sections 11 and 12), written so the app can run and be tested. Replace
them with the licensed text before clinical use. Answers are stored against the
concept names (`q1_leg_pain` ..., ODI section order), which do not change.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- Numeric Pain Rating Scale (REFERENCE 12.3): asked once, on the "Your back pain" step ---

NPRS_LABEL = _("How bad is your back pain right now?")
NPRS_HELP = _("0 means no pain, 10 means the worst pain you can imagine.")

# --- STarT Back (REFERENCE 11). PLACEHOLDER: paraphrased concepts, not Keele's wording. ---

STARTBACK_INTRO = _(
    "Thinking about the last 2 weeks, do you agree or disagree with each of these statements?"
)
STARTBACK_AGREE = pgettext_lazy("questionnaire answer", "Agree")
STARTBACK_DISAGREE = pgettext_lazy("questionnaire answer", "Disagree")

# (concept name in the canonical case, placeholder statement)
STARTBACK_ITEMS = (
    ("q1_leg_pain", _("My back pain has spread down one or both legs at some time.")),
    ("q2_shoulder_neck", _("I have had pain in my shoulder or neck at some time.")),
    ("q3_walk_short", _("Because of my back pain I have only walked short distances.")),
    ("q4_dress_slowly", _("Because of my back pain I have got dressed more slowly than usual.")),
    ("q5_unsafe_active", _("I think it is not safe for someone like me to be physically active.")),
    ("q6_worry", _("Worrying thoughts have been on my mind a lot of the time.")),
    ("q7_terrible_never_better", _("I feel my back pain is terrible and will never get better.")),
    ("q8_no_enjoyment", _("I have not been enjoying the things I usually enjoy.")),
)
STARTBACK_Q9_LABEL = _("Overall, how much has your back pain bothered you in the last 2 weeks?")
STARTBACK_Q9_CHOICES = (
    ("not_at_all", _("Not at all")),
    ("slightly", _("Slightly")),
    ("moderately", _("Moderately")),
    ("very_much", _("Very much")),
    ("extremely", _("Extremely")),
)

# --- Oswestry Disability Index v2.1a (REFERENCE 12.1). PLACEHOLDER: paraphrased concepts. ---

ODI_INTRO = _(
    "These sections ask how your back pain affects everyday life today. In each section, "
    "choose the one statement that fits you best. You can leave out a section that does "
    "not apply to you."
)

# Ten sections in the instrument's order; six statements each, scored 0 (first) to 5 (last).
ODI_SECTIONS = (
    (
        _("Pain right now"),
        (
            _("No pain right now."),
            _("Very mild pain right now."),
            _("Moderate pain right now."),
            _("Fairly strong pain right now."),
            _("Very strong pain right now."),
            _("The worst pain I can imagine right now."),
        ),
    ),
    (
        _("Looking after yourself (washing, dressing)"),
        (
            _("I manage normally and it causes no extra pain."),
            _("I manage normally but it hurts more."),
            _("It hurts, so I am slow and careful."),
            _("I need some help but do most of it myself."),
            _("I need help every day with most of it."),
            _("I cannot dress myself; washing is hard and I stay in bed."),
        ),
    ),
    (
        _("Lifting"),
        (
            _("I can lift heavy things with no extra pain."),
            _("I can lift heavy things but it hurts more."),
            _(
                "Pain stops me lifting heavy things from the floor, but I can if they are placed "
                "conveniently."
            ),
            _("Pain stops me lifting heavy things; I can manage light or medium ones placed conveniently."),
            _("I can lift only very light things."),
            _("I cannot lift or carry anything."),
        ),
    ),
    (
        _("Walking"),
        (
            _("Pain does not limit how far I walk."),
            _("Pain stops me walking more than about 1.5 km (1 mile)."),
            _("Pain stops me walking more than about 500 m (a quarter of a mile)."),
            _("Pain stops me walking more than about 100 m."),
            _("I can walk only with a stick or crutches."),
            _("I am in bed most of the time."),
        ),
    ),
    (
        _("Sitting"),
        (
            _("I can sit in any chair as long as I like."),
            _("I can sit in my favourite chair as long as I like."),
            _("Pain stops me sitting for more than an hour."),
            _("Pain stops me sitting for more than half an hour."),
            _("Pain stops me sitting for more than 10 minutes."),
            _("Pain stops me sitting at all."),
        ),
    ),
    (
        _("Standing"),
        (
            _("I can stand as long as I like with no extra pain."),
            _("I can stand as long as I like but it hurts more."),
            _("Pain stops me standing for more than an hour."),
            _("Pain stops me standing for more than half an hour."),
            _("Pain stops me standing for more than 10 minutes."),
            _("Pain stops me standing at all."),
        ),
    ),
    (
        _("Sleeping"),
        (
            _("Pain never disturbs my sleep."),
            _("Pain sometimes disturbs my sleep."),
            _("Because of pain I sleep less than 6 hours."),
            _("Because of pain I sleep less than 4 hours."),
            _("Because of pain I sleep less than 2 hours."),
            _("Pain stops me sleeping at all."),
        ),
    ),
    (
        _("Sex life (if it applies)"),
        (
            _("My sex life is normal and causes no extra pain."),
            _("My sex life is normal but causes some extra pain."),
            _("My sex life is nearly normal but very painful."),
            _("My sex life is severely limited by pain."),
            _("My sex life is nearly absent because of pain."),
            _("Pain prevents any sex life."),
        ),
    ),
    (
        _("Social life"),
        (
            _("My social life is normal and causes no extra pain."),
            _("My social life is normal but increases my pain."),
            _("Pain limits only my more energetic interests, such as sport."),
            _("Pain has limited my social life; I go out less often."),
            _("Pain has limited my social life to my home."),
            _("Because of pain I have no social life."),
        ),
    ),
    (
        _("Travelling"),
        (
            _("I can travel anywhere without pain."),
            _("I can travel anywhere but it hurts more."),
            _("Pain is bad, but I manage journeys of over 2 hours."),
            _("Pain limits me to journeys of less than an hour."),
            _("Pain limits me to short necessary journeys of under 30 minutes."),
            _("Pain stops me travelling except to get treatment."),
        ),
    ),
)
