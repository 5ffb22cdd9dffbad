"""Small talk people expect an assistant to take: jokes, "how are you", thanks, who it is.

Whole utterances only (after politeness is trimmed), so "thanks, set a timer" is not small
talk. The kind picks the reply family (``assets/replies/conversation.toml``, ``smalltalk.*``).
"""

from __future__ import annotations

import re

KINDS: dict[str, str] = {
    name: pattern
    for name, pattern in {
        "joke": r"^(?:tell me |say |tell us |give me |got |know |do you know |have you got )?"
        r"(?:a |any |another |some |one more )?(?:good |funny |bad |dad |knock knock )?"
        r"jokes?(?: please| for me| of the day)?$|^make me (?:laugh|smile)$|^(?:be funny|"
        r"say something funny|cheer me up|tell me something funny)(?: for me)?$",
        "how_are_you": r"^(?:how are you|how are you doing|how's it going|how is it going|"
        r"how have you been|how do you do|how are things|how's your day|how is your day|"
        r"how are you today|how's things|you alright|are you ok|are you okay|what's up|sup)$",
        "thanks": r"^(?:thank you|thanks|thanks a lot|thank you so much|thank you very much|"
        r"thanks so much|many thanks|cheers|cheers mate|ta|thanks mate|much appreciated|"
        r"thank you homebody|thanks homebody|nice one|that's great thanks|great thanks|"
        r"perfect thanks|brilliant thanks)$",
        "who": r"^(?:who are you|what are you|what's your name|what is your name|"
        r"who am i talking to|who made you|who built you|are you a robot|are you alive|"
        r"are you human|what should i call you|do you have a name|"
        r"(?:tell me |tell us )?(?:a (?:little )?bit )?about yourself|introduce yourself|"
        r"describe yourself)$",
        "age": r"^(?:how old are you|what's your age|what is your age|when were you born|"
        r"when is your birthday|when's your birthday|when were you made|are you old)$",
        "where": r"^(?:where are you|where do you live|where are you from|where do you come "
        r"from|where are you based)$",
        "listening": r"^(?:are you there|are you listening|can you hear me|hello are you there|"
        r"you there|are you awake|are you on|hear me|do you hear me|hear me ok|hear me okay)$",
        "privacy_listening": r"^(?:are you (?:always |still |constantly )?(?:listening|"
        r"recording)(?: to me| to us| to everything| all the time| now| me| this| everything)?|"
        r"do you (?:always |secretly )?(?:listen|record)(?: to me| to us| me| everything|"
        r" what i say| all the time| to everything)?|is this (?:being )?recorded|"
        r"are you spying on (?:me|us)|can you hear everything|"
        r"do you keep (?:recordings|what i say|my voice)|is (?:the|your) (?:microphone|mic) "
        r"(?:always )?on)$",
        "privacy_data": r"^(?:where (?:do you (?:store|keep|put|save) (?:my|our) (?:data|"
        r"information|stuff)|is (?:my|our) (?:data|information) (?:stored|kept|saved))|"
        r"what do you (?:know|store|keep|remember|save) about (?:me|us)|"
        r"do you (?:send|upload|share) (?:my data|anything|what i say|my information)"
        r"(?: (?:to the cloud|anywhere|online|to anyone))?|"
        r"is my (?:data|information) (?:safe|private|secure)|"
        r"does anything (?:leave|go off) this (?:computer|machine|house)|who can see my data|"
        r"do you use the (?:cloud|internet))$",
        "praise": r"^(?:you're|you are|you're so|you are so) (?:awesome|great|the best|amazing|"
        r"brilliant|clever|smart|cool|lovely|helpful|a star)$|^(?:good job|well done|"
        r"good (?:bot|girl|boy)|i love you|love you|i like you|you rock|nice work|great job)$",
        "insult": r"^(?:you're|you are) (?:stupid|useless|dumb|rubbish|an idiot|terrible|bad)$|"
        r"^(?:shut up|i hate you|you suck|stupid (?:bot|machine))$",
        "bored": r"^(?:i'm bored|i am bored|entertain me)$",
        "good_night": r"^(?:good ?night|night night|nighty night|sleep well|night|"
        r"i'm (?:off|going) to bed|i am going to bed|time for bed)(?: homebody| everyone)?$",
        "goodbye": r"^(?:bye|goodbye|good bye|bye bye|see you|see you later|see ya|"
        r"catch you later|talk to you later|later)(?: homebody)?$",
    }.items()
}


_SPELL = re.compile(
    r"^(?:how (?:do|would|should) (?:you|i|we|one) spell|how (?:is|do you say|to) spell|"
    r"how is|can you spell|could you spell|spell|what's the spelling of|"
    r"what is the spelling of)(?: the word)? (?P<word>[a-z][a-z'-]{0,29})(?: spelt| spelled)?"
    r"(?: for me| please)?$"
)


def word_to_spell(clean: str) -> str | None:
    """The word in "how do you spell necessary" / "spell rhythm for me", else None."""
    found = _SPELL.match(clean)
    if found is None:
        return None
    if clean.startswith("how is ") and not re.search(r" (?:spelt|spelled)$", clean):
        return None  # "how is it going": small talk, not spelling
    return found.group("word")


def small_talk_kind(clean: str) -> str | None:
    """The kind of small talk in a tidied utterance, or None."""
    if word_to_spell(clean) is not None:
        return "spell"
    if len(clean.split()) > 8:
        return None
    for kind, pattern in KINDS.items():
        if re.match(pattern, clean):  # compiled on first use (re's cache), not at import
            return kind
    return None
