"""The words of the demo's transitions: fictional settings and people, checklist notes, settling-in answers,
profiles, academic records and travel plans, all clearly made up. Kept apart from `demo_transitions`, which
builds the rows, so the wording can be read (and reworded) on its own.
"""

from __future__ import annotations

from tutordesk.domain.transition_enums import Milestone, TransitionKind

RECEIVING = (
    "Riverside College (fictional)", "Northgate Training Centre (fictional)", "Eastbrook Sixth Form (fictional)",
    "Millford Skills Hub (fictional)", "Larchfield School (fictional)", "Kingsway Apprenticeships (fictional)",
)  # fmt: skip
CONTACTS = (
    "Priya Oakhurst", "Tom Ellerby", "Bronwen Castell", "Marcus Fieldhouse", "Leanne Hartwell", "Ifeoma Ashdown",
    "Gareth Penrose", "Hollie Brightmoor",
)  # fmt: skip
ROLES = (
    "Transition coordinator", "Student support manager", "Pastoral lead", "Head of Year 10",
    "Learning support coordinator", "Apprenticeship coordinator",
)  # fmt: skip
MANAGERS = ("Morgan Tutorwell", "Sam Guidewright")
NOTES = {
    (TransitionKind.END_OF_STAGE, True): ("Chose the Level 2 course after the open evening.", "Moving on to the next stage with two friends from the group."),
    (TransitionKind.END_OF_STAGE, False): ("The course was not running next year; a place found at short notice.",),
    (TransitionKind.MID_TERM, True): ("Moving closer to home after a change of address.", "A smaller setting with more hands-on learning, chosen together."),
    (TransitionKind.MID_TERM, False): ("A quick move after a change at home; keep the first weeks gentle.", "Moved at short notice; the new setting has been very welcoming."),
}  # fmt: skip
#: Who usually owns an item: the manager, the young person (with the manager), the receiving contact, a team.
OWNERS = {
    "taster_day": "contact", "guided_tour": "contact", "early_contact": "contact", "welcome_call": "contact",
    "personal_profile": "learner", "travel_training": "learner", "support_day_one": "Learning support team",
    "it_ready": "IT helpdesk", "alumni_directory": "Student services",
}  # fmt: skip
ITEM_NOTES = {
    "taster_day": "Went with two others from the group; loved the workshop.",
    "guided_tour": "Shown round by a second-year student; has the map and a sample timetable.",
    "travel_training": "Practised the route three times; confident on the bus now.",
    "communication_skills": "Role-played introducing themselves; much more at ease the second time.",
    "early_contact": "Video call with the new form tutor; photos of the rooms sent over.",
    "it_ready": "Email account set up and the timetable app on their phone.",
    "personal_profile": "Written together over two sessions; strengths first, as they wanted.",
}
HANDOVER_PLACES = ("Main reception", "Student services", "The learning support base", "The workshop")
#: A visit before the first day: who they met, where, how it went.
VISIT = (
    "A current student, who showed them round",
    "A guided tour of the site",
    "Saw the workshop and canteen.",
)
HANDOVER_NOTES = (
    "Met at reception, had a tour and lunch together; agreed to meet again at the one-week meeting.",
    "Introduced in person; walked to the first lesson together and swapped numbers with a buddy.",
    "A nervous start that eased once they saw the workshop. Knows where to go at break.",
)
SETTLING = {  # (how it is going, going well, hard, actions)
    Milestone.WEEK_1: ("Tiring but OK. People are friendly.", "Found the way on the bus every day.", "Remembering the timetable.", "Keep a photo of the timetable on the phone\nCheck in with the pastoral lead on Friday"),
    Milestone.MONTH_1: ("Getting used to it. Likes the practical lessons.", "Made a friend in the workshop group.", "Lunchtimes feel long.", "Try the lunchtime club on Wednesdays"),
    Milestone.MONTH_3: ("Feels settled most days.", "Attendance good; first unit handed in.", "Nothing much just now.", "Look at work placement options together"),
    Milestone.MONTH_6: ("Says it feels like their place now.", "Proud of the progress report.", "Still anxious before tests.", "Ask about extra time in tests\nNo further meetings needed unless asked for"),
}  # fmt: skip
SETTLING_KEYS = (
    "settling.how_going", "settling.going_well", "settling.issues", "settling.actions", "settling.closer_follow_up",
)  # fmt: skip
WORRY = (  # (how it is going, hard, actions) at a meeting that asks for closer follow-up
    "Says everything is fine.",
    "Quieter than usual, and has missed two mornings this week.",
    "Ask gently again next week\nLet the manager know about the missed mornings",
)
INTERESTS = (
    "Really good with their hands: fixed up a bike from spare parts. Loves football and never misses training.",
    "A talented drawer with a great eye for colour. Enjoys cooking for the family at weekends.",
    "Kind and patient with younger children; helps out at a youth club. Loves music and plays the keyboard.",
    "Funny, quick and good at getting a group going. Into gaming and building things in Minecraft.",
    "Brilliant with animals. Walks dogs for neighbours and wants to work with animals one day.",
)
GOOD_WORK = (
    "The bird box I made in the workshop", "My poster for the open day", "My first aid certificate",
    "A three-course meal for the catering assessment", "The comic strip I drew for English",
)  # fmt: skip
PETS = ("A rescue greyhound called Biscuit", "Two guinea pigs, Salt and Pepper", "A very old cat called Captain", "")  # fmt: skip
LEARNING = (
    "Best in a small group or one to one. Likes to try things hands-on first, then read about them.",
    "Likes a quiet corner and clear steps written down. Talks ideas through before writing them.",
    "Learns by doing and by watching someone show them first. Short tasks with breaks work well.",
)
HELPS = (
    "Being told about changes in advance", "Sitting near the door", "A quiet word rather than being singled out",
    "Instructions written down as well as said", "A named adult to go to at break", "Time to think before answering",
)  # fmt: skip
SENSITIVE = {
    "profile.additional_needs": ("Dyslexia assessment in Year 9; coloured overlays and extra time help.", "Finds busy rooms overwhelming; ear defenders in the workshop help."),
    "profile.relationships": ("Close to Nan, who comes to every parents' evening.", "Best friend is staying on at the old setting; they plan to meet at weekends."),
    "profile.home": ("Lives with Mum and two younger brothers; homework goes better at the library.", "Lives with foster carers who are very involved and easy to reach."),
}  # fmt: skip
EARLIER_SCHOOL = "Hollowbrook High School (fictional)"
COURSE_RESULTS = ("On track", "Catching up on two units", "Working at Level 1 in most units", "Good progress")
QUALIFICATIONS = (
    ("Functional Skills English Level 1", "Pass"), ("GCSE maths", "Grade 3; resit booked"),
    ("Unit 2: Health and safety at work", "Pass"), ("Food Hygiene Level 2 certificate", "Achieved"),
    ("Entry Level 3 Digital Skills", "Pass"),
)  # fmt: skip
ACHIEVEMENTS = (
    "Attendance certificate for the autumn term", "Helped run the open day stand", "Student of the month",
    "Highly commended at the end-of-year showcase",
)  # fmt: skip
ROUTES = (
    "Walk to the stop on Mill Lane (five minutes)\nBus 24 towards the town centre\nGet off at the bus station\nWalk up Station Road; the entrance is on the left",
    "Walk to the station\nTrain two stops, to Northgate\nFollow the signs to the high street\nThe main gate is opposite the library",
    "Cycle along the canal path\nCross at the lights by the park\nLock the bike in the shelter by reception",
)  # fmt: skip
TRAVEL = {
    "travel.purpose": "My new school or college",
    "travel.times": "Leave home at 8:05. The bus or train is at 8:15 and gets in at 8:40. Lessons start at 9:00.",
    "travel.costs": "Day ticket £3.40 until the free travel pass comes, after the first week.",
    "travel.safety_points": "Keep the phone charged\nStand back from the kerb\nSit near the driver if it is busy",
    "travel.if_it_goes_wrong": "Late by more than 15 minutes: take the next one and text the tutor\nMissed the stop: get off at the next one and ring the reception (saved in the phone)\nLost ticket: tell the driver and ring home",
}  # fmt: skip
RUNS = (
    ("Morgan Tutorwell", "The whole route together; a bit nervous at the bus station."),
    ("A friend from the course", "Bought the ticket alone; missed the stop once and walked back."),
    ("On my own, texting on arrival", "Did the whole journey alone and arrived early."),
)
PARENTS = ("Jo", "Sam", "Chris", "Lee", "Ash", "Robin")
PICTURES = ("A drawing of the bike I rebuilt", "Photo of the bird box", "My poster design")
