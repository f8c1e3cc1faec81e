"""The taxonomies TutorDesk seeds into every new vault: risk and protective factors, beneficiary groups,
contact roles and consent purposes. Labels here are defaults; users edit them in the vault."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BENEFICIARY_GROUPS",
    "CONSENT_PURPOSES",
    "CONTACT_ROLES",
    "MEETING_KINDS",
    "PROTECTIVE_FACTORS",
    "RISK_DOMAINS",
    "RISK_FACTORS",
    "TAXONOMIES",
    "Term",
    "term_by_code",
    "terms",
]


@dataclass(frozen=True)
class Term:
    code: str  # stable identifier, lowercase snake_case, never shown, never changes
    label: str  # default English label, short (ideally <= 60 chars), shown in pickers
    group: str = ""  # for risk factors: one of RISK_DOMAINS; for others a sensible grouping or ""
    # special-category data (health, SEN/disability, mental health, ethnicity, migration status,
    # care status, sexual health, abuse/grooming)
    sensitive: bool = False
    help: str = ""  # one plain sentence explaining the term to a practitioner


# --------------------------------------------------------------------------------------------------
# Risk domains and risk factors
# --------------------------------------------------------------------------------------------------

RISK_DOMAINS: tuple[Term, ...] = (
    Term(
        "personal",
        "Personal challenges",
        help="Things about the young person's own feelings, confidence, learning and skills.",
    ),
    Term(
        "social",
        "Social relations",
        help="How the young person gets on with peers, staff, colleagues and people online.",
    ),
    Term(
        "family",
        "Family circumstances",
        help="Circumstances at home that can make staying in education harder, without blaming anyone.",
    ),
    Term(
        "institutional",
        "Institutional factors",
        help="Features of the school, college or training provider that can push a learner away.",
    ),
    Term(
        "structural",
        "Structural factors",
        help="Wider system, policy and local conditions that are outside any one setting's control.",
    ),
)

RISK_FACTORS: tuple[Term, ...] = (
    # Personal challenges
    Term(
        "low_motivation",
        "Low motivation or interest in learning",
        "personal",
        help="The young person finds little reason to take part in or care about their course.",
    ),
    Term(
        "low_aspirations",
        "Low aspirations or expectations for the future",
        "personal",
        help="The young person expects little of themselves or sees few goals worth aiming for.",
    ),
    Term(
        "uncertain_future",
        "Unsure or worried about what comes next",
        "personal",
        help="Worry about the future, or hopes not yet linked to a realistic route, is unsettling them.",
    ),
    Term(
        "low_self_esteem",
        "Low self-esteem or self-confidence",
        "personal",
        help="The young person tends to think poorly of themselves or doubts they can succeed.",
    ),
    Term(
        "negative_learner_identity",
        "Sees themselves as a poor learner",
        "personal",
        help="Past experiences have left the young person believing they are not good at learning.",
    ),
    Term(
        "low_attainment",
        "Low attainment so far",
        "personal",
        help="Qualifications or results to date are below what the young person needs for their next step.",
    ),
    Term(
        "disengagement",
        "Disengaged from learning",
        "personal",
        help="The young person has pulled back from lessons, work or activities, in mind or in person.",
    ),
    Term(
        "irregular_transitions",
        "Disrupted moves between settings",
        "personal",
        help="Changes of school, course or provider have been unplanned, frequent or poorly supported.",
    ),
    Term(
        "no_travel_training",
        "Not yet confident travelling independently",
        "personal",
        help="The young person has not had the chance to learn how to make journeys to a new setting alone.",
    ),
    Term(
        "emotion_regulation",
        "Finds it hard to manage emotions",
        "personal",
        help="Strong feelings are hard to handle, or the young person seems emotionally switched off.",
    ),
    Term(
        "send",
        "Special educational needs or disability (SEND)",
        "personal",
        sensitive=True,
        help="A learning difficulty or disability means the young person needs extra or different support.",
    ),
    Term(
        "mental_health",
        "Mental-health difficulties",
        "personal",
        sensitive=True,
        help="The young person has mental-health difficulties that affect their day-to-day learning.",
    ),
    # Social relations
    Term(
        "difficult_relationships_education",
        "Strained relationships with staff or peers",
        "social",
        help="Relationships with tutors, teachers or classmates are tense or have broken down.",
    ),
    Term(
        "difficult_relationships_work",
        "Strained relationships at work or placement",
        "social",
        help="Getting on with colleagues or supervisors at work or on placement is proving hard.",
    ),
    Term(
        "feels_uncared_for",
        "Feels staff do not care about them",
        "social",
        help="The young person believes the adults in their setting are not interested in them.",
    ),
    Term(
        "isolation",
        "Isolated, or feels different or singled out",
        "social",
        help="The young person spends a lot of time alone or feels they do not fit in with others.",
    ),
    Term(
        "peer_pressure",
        "Peer pressure or negative outside influences",
        "social",
        help="Friends or other people are drawing the young person away from learning.",
    ),
    Term(
        "low_peer_expectations",
        "Friends expect little from the future",
        "social",
        help="The young person's friendship group sees little point in study, training or planning ahead.",
    ),
    Term(
        "peer_anxiety",
        "Anxious or feels judged around peers",
        "social",
        help="Being with other young people makes them feel nervous, watched or judged.",
    ),
    Term(
        "substance_pressure",
        "Pressure to drink, smoke or take drugs",
        "social",
        help="Others are pushing the young person to use alcohol, tobacco or drugs.",
    ),
    Term(
        "friendship_difficulties",
        "Difficulty making or keeping friends",
        "social",
        help="Friendships are hard to start, manage, trust or keep, or there are no friends nearby.",
    ),
    Term(
        "online_pressures",
        "Pressures from social media or online gaming",
        "social",
        help="Time online, social-media comparison or gaming is affecting sleep, mood or learning.",
    ),
    Term(
        "grooming_risk",
        "At risk of grooming or exploitation",
        "social",
        sensitive=True,
        help="Someone may be winning the young person's trust, online or offline, in order to exploit them.",
    ),
    Term(
        "bullying_exclusion",
        "Bullying or being left out",
        "social",
        help="The young person is being bullied, in person or online, or is kept out of social groups.",
    ),
    # Family circumstances
    Term(
        "low_family_expectations",
        "Low family expectations for the young person",
        "family",
        help="The family does not yet see further learning as a likely or valuable route for them.",
    ),
    Term(
        "limited_family_support",
        "Limited support for learning at home",
        "family",
        help="For whatever reason, the family has little time or capacity to help with learning.",
    ),
    Term(
        "family_education_experience",
        "Family's difficult experience of education",
        "family",
        help="Parents or carers struggled at school themselves, so they may be wary of schools or services.",
    ),
    Term(
        "low_income",
        "Low household income",
        "family",
        help="Money is tight at home, which can limit travel, equipment, food or other essentials.",
    ),
    Term(
        "supports_family",
        "Helps to support the family",
        "family",
        help="The young person has to earn money or take on caring duties to help their household.",
    ),
    Term(
        "local_work_tradition",
        "Family tradition of work in one local industry",
        "family",
        help="Generations have worked locally without further study, so more education may seem unnecessary.",
    ),
    Term(
        "frequent_family_moves",
        "Frequent family moves or travelling lifestyle",
        "family",
        sensitive=True,
        help="Moving home often, as in some Gypsy, Roma or Traveller families, can interrupt learning.",
    ),
    # Institutional factors
    Term(
        "behaviour_approach_mismatch",
        "Behaviour approach does not meet their needs",
        "institutional",
        help="The setting's way of handling behaviour does not help or cannot accommodate this young person.",
    ),
    Term(
        "learning_environment",
        "Uncomfortable, disrupted or unsafe-feeling classroom",
        "institutional",
        help="Heat, cold, class size or disruption by others leave them overwhelmed or not feeling safe.",
    ),
    Term(
        "absence",
        "Frequent absence or removal from lessons",
        "institutional",
        help="The young person is often missing from lessons, whether by their choice or the setting's.",
    ),
    Term(
        "school_exclusion",
        "Suspension or exclusion",
        "institutional",
        help="The young person has been suspended or permanently excluded from a setting.",
    ),
    Term(
        "segregated_learning",
        "Taught apart from peers",
        "institutional",
        help="The young person is placed away from their class, for example working in a corridor.",
    ),
    Term(
        "low_trust_in_setting",
        "Little trust in, or support from, the setting",
        "institutional",
        help="The young person does not trust the school or provider, or feels it does not back them.",
    ),
    Term(
        "lack_of_guidance",
        "Not enough guidance on options and next steps",
        "institutional",
        help="Careers, personal or academic advice and signposting to further learning have been missing.",
    ),
    Term(
        "no_early_identification",
        "Risk of leaving not spotted early",
        "institutional",
        help="The setting has no reliable way to notice early that a learner might drop out.",
    ),
    Term(
        "teaching_mismatch",
        "Curriculum or teaching style does not suit them",
        "institutional",
        help="What is taught, or how it is taught, does not engage this young person.",
    ),
    Term(
        "institutional_rigidity",
        "Rigid rules and routines",
        "institutional",
        help="Inflexible rules or routines leave little room to adapt for individual needs.",
    ),
    Term(
        "post16_transition",
        "Post-16 transition risk",
        "institutional",
        help="Moving on after age 16 is a point where many learners lose their way without support.",
    ),
    # Structural factors
    Term(
        "system_structure",
        "Education system rules and structure",
        "structural",
        help="National rules, such as learning or training until 18, shape the options available.",
    ),
    Term(
        "administrative_gaps",
        "Gaps in funding or support from authorities",
        "structural",
        help="Funding pressure or weak support from education authorities limits what settings can offer.",
    ),
    Term(
        "unclear_vocational_routes",
        "Vocational routes hard to reach or unclear",
        "structural",
        help="Alternatives to GCSEs before 16 are scarce, and vocational next steps are unclear.",
    ),
    Term(
        "outside_system",
        "Outside or cut off from education and training",
        "structural",
        help="The young person is not currently registered with, or connected to, any provider.",
    ),
    Term(
        "flawed_referral",
        "Referral routes that let people slip through",
        "structural",
        help="Referral processes between services are slow, unclear or lose track of the young person.",
    ),
    Term(
        "limited_local_provision",
        "Little continuity or alternative provision locally",
        "structural",
        help="Support stops and starts, and there are few alternative places to learn in the area.",
    ),
    Term(
        "rural_transport",
        "Rural area or poor transport links",
        "structural",
        help="Distance and patchy public transport make it hard to reach courses, work or appointments.",
    ),
    Term(
        "few_local_opportunities",
        "Few local jobs or courses",
        "structural",
        help="The local area offers a narrow choice of employment or learning options.",
    ),
)


# --------------------------------------------------------------------------------------------------
# Protective factors
# --------------------------------------------------------------------------------------------------

PROTECTIVE_FACTORS: tuple[Term, ...] = (
    # Individual
    Term(
        "self_confidence",
        "Self-confidence and self-esteem",
        "individual",
        help="The young person feels reasonably good about themselves and their abilities.",
    ),
    Term(
        "emotional_wellbeing",
        "Emotional well-being",
        "individual",
        sensitive=True,
        help="The young person feels emotionally steady, with an advocate and problems sorted quickly.",
    ),
    Term(
        "health_wellbeing",
        "Health and well-being",
        "individual",
        sensitive=True,
        help="Good physical and mental health helps the young person keep up with learning.",
    ),
    Term(
        "positive_future_vision",
        "Positive view of the future and career choices",
        "individual",
        help="The young person can picture a future they want and has ideas about work or study.",
    ),
    Term(
        "believes_can_learn",
        "Believes in their ability to learn",
        "individual",
        help="The young person trusts that effort and support will help them make progress.",
    ),
    Term(
        "positive_learner_identity",
        "Positive identity as a learner",
        "individual",
        help="The young person sees being a learner as part of who they are.",
    ),
    Term(
        "autonomy_ownership",
        "Autonomy and ownership of their path",
        "individual",
        help="Being trusted and heard helps the young person grow towards independence rather than reliance.",
    ),
    Term(
        "raised_aspirations",
        "Raised aspirations",
        "individual",
        help="The young person's hopes for themselves have grown through experiences and encouragement.",
    ),
    Term(
        "attainment_attendance",
        "Good attainment and attendance",
        "individual",
        help="Steady attendance and progress in learning make it more likely the young person stays on.",
    ),
    Term(
        "feels_supported",
        "Feels supported",
        "individual",
        help="The young person themselves believes there are people ready to help them.",
    ),
    # Relationships
    Term(
        "trusting_relationships",
        "Trusting relationships with staff",
        "relationships",
        help="The young person has at least one adult in the setting they trust.",
    ),
    Term(
        "positive_relationships",
        "Positive relationships",
        "relationships",
        help="The young person has warm, respectful relationships with peers and adults.",
    ),
    Term(
        "positive_friendships",
        "Skills for positive friendships",
        "relationships",
        help="The young person has strategies to make, manage and keep healthy friendships.",
    ),
    Term(
        "relationships_education",
        "Relationships education",
        "relationships",
        help="Learning about boundaries, teamwork and empathy, with adults modelling good relationships.",
    ),
    Term(
        "peer_mentoring",
        "Peer mentoring",
        "relationships",
        help="Another learner offers guidance, encouragement and a friendly point of contact.",
    ),
    Term(
        "support_networks",
        "Support network around them",
        "relationships",
        help="Several people and services around the young person know them and work together.",
    ),
    Term(
        "supportive_family",
        "Supportive family environment",
        "relationships",
        help="Home offers encouragement, interest and stability for the young person's learning.",
    ),
    Term(
        "school_family_partnership",
        "Setting and family working together",
        "relationships",
        help="Staff and family communicate well and share the same goals for the young person.",
    ),
    Term(
        "community_connection",
        "Connected to the local community",
        "relationships",
        help="The young person takes part in, and feels part of, their local community.",
    ),
    # Environment
    Term(
        "flexible_learning",
        "Flexible learning arrangements",
        "environment",
        help="Time out, reduced timetables, breaks and some choice let learning fit the young person.",
    ),
    Term(
        "positive_behaviour_management",
        "Positive, consistent behaviour approach",
        "environment",
        help="Patient, predictable routines and a clear anti-bullying approach help them feel secure.",
    ),
    Term(
        "inclusive_culture",
        "Inclusive, caring setting",
        "environment",
        help="The setting has a caring ethos where everyone belongs and safe spaces are available.",
    ),
    Term(
        "adapted_learning_space",
        "Comfortable, well-adapted learning space",
        "environment",
        help="Small classes, more staff, seating choice or ear defenders make the room easier to learn in.",
    ),
    Term(
        "quality_provision",
        "Engaging, high-quality provision",
        "environment",
        help="A broad, creative offer with enjoyable activities, time outdoors and inspiring staff.",
    ),
    # Support
    Term(
        "individualised_support",
        "Individual support when needed",
        "support",
        help="Support is shaped around the particular young person and offered when they need it.",
    ),
    Term(
        "pastoral_support",
        "Pastoral support beyond teaching",
        "support",
        help="Non-teaching staff are available to help with welfare and personal matters.",
    ),
    Term(
        "guidance_available",
        "Guidance available when needed",
        "support",
        help="The young person can get advice about learning, careers or personal issues when they ask.",
    ),
    Term(
        "staff_supported",
        "Staff supported to support learners",
        "support",
        help="Teachers and tutors have the training and backing to respond to learners' needs.",
    ),
    Term(
        "warm_handover",
        "Warm handover between settings",
        "support",
        help="The young person meets, in person, the people who will support them in their next setting.",
    ),
    Term(
        "targeted_support",
        "Targeted support mechanisms",
        "support",
        help="Specific programmes or processes are in place for learners who need extra help.",
    ),
)


# --------------------------------------------------------------------------------------------------
# Beneficiary groups
# --------------------------------------------------------------------------------------------------

BENEFICIARY_GROUPS: tuple[Term, ...] = (
    # Engagement and learning situation
    Term(
        "early_leavers",
        "Early leavers",
        "engagement",
        help="Young people who have already left education or training without finishing.",
    ),
    Term(
        "at_risk_learners",
        "Learners at risk of leaving early",
        "engagement",
        help="Learners who are still enrolled but showing signs they may drop out.",
    ),
    Term(
        "low_self_confidence",
        "Low self-confidence or self-esteem",
        "engagement",
        help="Young people whose confidence in themselves is holding them back.",
    ),
    Term(
        "behaviour_or_absence",
        "Behaviour concerns or frequent absence",
        "engagement",
        help="Learners whose behaviour or attendance is a regular concern for the setting.",
    ),
    Term(
        "low_motivation",
        "Low motivation or little value placed on learning",
        "engagement",
        help="Learners who see little point in study and have no longer-term goal yet.",
    ),
    Term(
        "complex_needs",
        "Complex needs (health, poverty, caring)",
        "engagement",
        sensitive=True,
        help="Young people facing several barriers at once, such as health issues, poverty or caring duties.",
    ),
    # Education route
    Term(
        "vet_school_based",
        "Vocational students (school or college based)",
        "education",
        help="Learners on vocational courses delivered mainly in a school or college.",
    ),
    Term(
        "vet_work_based",
        "Vocational students (work-based learning)",
        "education",
        help="Learners on apprenticeships or other routes where most learning happens at work.",
    ),
    Term(
        "secondary_students",
        "Secondary education students",
        "education",
        help="Pupils still in secondary school, before or around key transition points.",
    ),
    # Needs
    Term(
        "send",
        "SEND",
        "needs",
        sensitive=True,
        help="Young people with special educational needs or a disability.",
    ),
    Term(
        "semh",
        "SEMH (social, emotional and mental health needs)",
        "needs",
        sensitive=True,
        help="Young people whose social, emotional or mental-health needs affect their learning.",
    ),
    Term(
        "ehcp_or_below_threshold",
        "EHCP holder or needs below EHCP threshold",
        "needs",
        sensitive=True,
        help="Young people with an Education, Health and Care Plan, or needs just below its threshold.",
    ),
    # Circumstances and background
    Term(
        "in_care",
        "In care or care-experienced",
        "circumstances",
        sensitive=True,
        help="Young people who are looked after by the local authority or have been in the past.",
    ),
    Term(
        "service_children",
        "Service children",
        "circumstances",
        help="Children of armed-forces families, who may move often and have a parent away.",
    ),
    Term(
        "gypsy_roma_traveller",
        "Gypsy, Roma or Traveller",
        "circumstances",
        sensitive=True,
        help="Young people from Gypsy, Roma or Traveller communities.",
    ),
    Term(
        "eal",
        "English as an additional language (EAL)",
        "circumstances",
        help="Young people or families whose first language is not English.",
    ),
    Term(
        "minority_ethnic",
        "Black, Asian or minority ethnic",
        "circumstances",
        sensitive=True,
        help="Young people from Black, Asian or other minority ethnic backgrounds.",
    ),
    Term(
        "migrants_refugees",
        "Migrants or refugees",
        "circumstances",
        sensitive=True,
        help="Young people who have moved to the country, including those seeking safety.",
    ),
    Term(
        "low_income",
        "Low-income households",
        "circumstances",
        help="Young people from families with limited money.",
    ),
    Term(
        "rural",
        "Rural communities",
        "circumstances",
        help="Young people living in rural areas, often far from courses, jobs and services.",
    ),
    Term(
        "vulnerable_groups",
        "Other vulnerable groups",
        "circumstances",
        help="Any other group of young people facing particular disadvantage.",
    ),
)


# --------------------------------------------------------------------------------------------------
# Contact roles
# --------------------------------------------------------------------------------------------------

CONTACT_ROLES: tuple[Term, ...] = (
    # Family
    Term(
        "parent_carer",
        "Parent or carer",
        "family",
        help="An adult with parental responsibility or who looks after the young person day to day.",
    ),
    Term(
        "sibling",
        "Sibling",
        "family",
        help="A brother or sister, including step- and half-siblings.",
    ),
    Term(
        "grandparent",
        "Grandparent",
        "family",
        help="A grandparent involved in the young person's life.",
    ),
    Term(
        "other_relative",
        "Other relative",
        "family",
        help="Any other family member, such as an aunt, uncle or cousin.",
    ),
    # Staff in the setting
    Term(
        "tutor",
        "Tutor",
        "staff",
        help="The member of staff with day-to-day pastoral responsibility for the young person.",
    ),
    Term(
        "teacher_trainer",
        "Teacher or trainer",
        "staff",
        help="A member of teaching staff who works with the young person in lessons or training.",
    ),
    Term(
        "counsellor",
        "Counsellor",
        "staff",
        sensitive=True,
        help="A counsellor offering the young person a confidential space to talk.",
    ),
    Term(
        "family_liaison_officer",
        "Family liaison officer",
        "staff",
        help="A staff member who builds links and keeps in touch with families.",
    ),
    Term(
        "careers_adviser",
        "Careers leader or adviser",
        "staff",
        help="The person who gives or organises careers information, advice and guidance.",
    ),
    Term(
        "senco",
        "SENCO",
        "staff",
        sensitive=True,
        help="The special educational needs coordinator who oversees support for learners with SEND.",
    ),
    Term(
        "leadership",
        "Leadership team member",
        "staff",
        help="A senior leader in the setting who can make decisions about provision.",
    ),
    Term(
        "transition_manager",
        "Transition manager",
        "staff",
        help="The person who coordinates moves between key stages or settings.",
    ),
    Term(
        "inclusive_learning_lead",
        "Inclusive learning lead",
        "staff",
        help="The person who leads on adjustments and inclusive practice in the setting.",
    ),
    Term(
        "family_support_worker",
        "Family support or key worker",
        "staff",
        help="A worker who supports the family as a whole and acts as a main point of contact.",
    ),
    Term(
        "relationships_coordinator",
        "Healthy-relationships coordinator",
        "staff",
        help="The staff member who leads work on healthy relationships and friendships.",
    ),
    Term(
        "elsa",
        "ELSA (emotional literacy support assistant)",
        "staff",
        sensitive=True,
        help="A trained assistant who helps young people understand and manage their feelings.",
    ),
    # External
    Term(
        "social_worker",
        "Social worker",
        "external",
        sensitive=True,
        help="A local-authority social worker involved with the young person or family.",
    ),
    Term(
        "health_practitioner",
        "Health practitioner",
        "external",
        sensitive=True,
        help="A doctor, nurse, therapist or other health professional involved with the young person.",
    ),
    Term(
        "school_nurse",
        "School nurse",
        "external",
        sensitive=True,
        help="The nurse who supports the health of pupils in the setting.",
    ),
    Term(
        "mental_health_support_team",
        "Mental health support team (MHST)",
        "external",
        sensitive=True,
        help="A practitioner from the mental health support team linked to the setting.",
    ),
    Term(
        "sexual_health_service",
        "Sexual-health service",
        "external",
        sensitive=True,
        help="A worker from a sexual-health service supporting the young person.",
    ),
    Term(
        "virtual_school_officer",
        "Virtual school officer",
        "external",
        sensitive=True,
        help="The local-authority officer who oversees the education of children in care.",
    ),
    Term(
        "traveller_liaison_worker",
        "Traveller liaison worker",
        "external",
        sensitive=True,
        help="A worker who supports Gypsy, Roma and Traveller families with education.",
    ),
    Term(
        "educational_psychologist",
        "Educational psychologist",
        "external",
        sensitive=True,
        help="A psychologist who assesses learning needs and advises on support.",
    ),
    Term(
        "educational_adviser",
        "Educational adviser",
        "external",
        help="An outside expert who advises the setting on education or inclusion.",
    ),
    Term(
        "support_organisation",
        "Support organisation worker",
        "external",
        help="Someone from a charity or community organisation offering social or educational support.",
    ),
    Term(
        "education_administration",
        "Education authority officer",
        "external",
        help="A contact in the local or regional education administration.",
    ),
    Term(
        "employer",
        "Employer or placement supervisor",
        "external",
        help="Someone who employs the young person or supervises their work placement.",
    ),
    Term(
        "mentor",
        "Mentor",
        "external",
        help="A volunteer or professional mentor working alongside the young person.",
    ),
    Term(
        "receiving_setting_contact",
        "Named contact at next setting",
        "external",
        help="The agreed person at the school, college or provider the young person is moving to.",
    ),
    Term(
        "other",
        "Other",
        "external",
        help="Anyone else involved who does not fit the roles above.",
    ),
)


# --------------------------------------------------------------------------------------------------
# Consent purposes
# --------------------------------------------------------------------------------------------------

CONSENT_PURPOSES: tuple[Term, ...] = (
    Term(
        "keep_record",
        "Keeping this record",
        "record",
        help="The young person agrees that notes about their support can be stored in TutorDesk.",
    ),
    Term(
        "contact_family",
        "Contacting family",
        "contact",
        help="Staff may get in touch with the named family members about the young person's progress.",
    ),
    Term(
        "share_handover_profile",
        "Sharing the handover profile with the next setting",
        "sharing",
        help="The personal profile may be sent to the named contact at the young person's next setting.",
    ),
    Term(
        "share_plans_with_staff",
        "Sharing plans and aspirations with teaching staff",
        "sharing",
        help="The young person's goals and hopes may be passed to teachers or leaders so they can help.",
    ),
    Term(
        "share_with_external_professionals",
        "Sharing information with outside professionals",
        "sharing",
        help="Relevant details may be passed to named services outside the setting to arrange support.",
    ),
    Term(
        "contact_employer",
        "Contacting an employer or placement",
        "contact",
        help="Staff may talk to the young person's employer or placement provider about their progress.",
    ),
    Term(
        "messaging_contact",
        "Contact by messaging apps or social media",
        "contact",
        help="Staff may reach the young person via agreed messaging apps or social media, within set rules.",
    ),
    Term(
        "keep_destination_data",
        "Keeping destination details after leaving",
        "record",
        help="Where the young person goes next may be kept for a set period after they leave.",
    ),
    Term(
        "share_destination_with_learners",
        "Sharing my journey with current learners",
        "sharing",
        help="The young person's destination story may be used, with care, to inspire later learners.",
    ),
    Term(
        "use_photographs",
        "Using photographs",
        "media",
        help="Photos of the young person or their work may be taken and kept as part of their record.",
    ),
    Term(
        "audio_diary",
        "Recording audio diary entries",
        "media",
        help="The young person's spoken reflections may be recorded and stored with their diary.",
    ),
)


# --------------------------------------------------------------------------------------------------
# Registry and helpers
# --------------------------------------------------------------------------------------------------

MEETING_KINDS: tuple[Term, ...] = (
    Term(
        "individual_tutorial",
        "One-to-one tutorial",
        "one_to_one",
        help="A planned one-to-one session with the young person.",
    ),
    Term("plan_review", "Plan review", "one_to_one", help="Going through the road-map plan stage by stage."),
    Term(
        "tracking_session",
        "Tracking session",
        "one_to_one",
        help="A short progress check recorded on the tracking sheet.",
    ),
    Term(
        "impromptu_review",
        "Unplanned review",
        "one_to_one",
        help="A review called because something changed.",
    ),
    Term(
        "weekly_review",
        "Weekly review meeting",
        "group",
        help="The regular weekly review during re-engagement.",
    ),
    Term(
        "mentoring_check_in",
        "Mentoring check-in",
        "mentoring",
        help="A check-in between mentor and mentee, in person or online.",
    ),
    Term(
        "settling_in", "Settling-in meeting", "transition", help="A follow-up after a move to a new setting."
    ),
    Term(
        "family_meeting",
        "Meeting with family",
        "family",
        help="A meeting with parents, carers or other family.",
    ),
    Term("home_visit", "Home visit", "family", help="A visit to the young person's home, agreed beforehand."),
    Term(
        "restorative_meeting",
        "Restorative meeting",
        "restorative",
        help="A conversation or meeting to put things right after harm.",
    ),
    Term(
        "counselling",
        "Short-term counselling",
        "support",
        help="A counselling session addressing barriers to learning.",
    ),
    Term(
        "careers_interview",
        "Careers interview",
        "guidance",
        help="A guidance interview about education and work options.",
    ),
    Term(
        "informal_contact",
        "Informal contact",
        "one_to_one",
        help="A quick word in the corridor, canteen or on the phone.",
    ),
)

TAXONOMIES: dict[str, tuple[Term, ...]] = {
    "meeting_kind": MEETING_KINDS,
    "risk_domain": RISK_DOMAINS,
    "risk_factor": RISK_FACTORS,
    "protective_factor": PROTECTIVE_FACTORS,
    "beneficiary_group": BENEFICIARY_GROUPS,
    "contact_role": CONTACT_ROLES,
    "consent_purpose": CONSENT_PURPOSES,
}


def terms(taxonomy: str) -> tuple[Term, ...]:
    """Return the default terms of ``taxonomy``, in display order."""
    try:
        return TAXONOMIES[taxonomy]
    except KeyError:
        known = ", ".join(sorted(TAXONOMIES))
        raise KeyError(f"Unknown taxonomy {taxonomy!r}; expected one of: {known}") from None


def term_by_code(taxonomy: str, code: str) -> Term:
    """Return the term with ``code`` in ``taxonomy``; raise KeyError if either is unknown."""
    for term in terms(taxonomy):
        if term.code == code:
            return term
    raise KeyError(f"Unknown code {code!r} in taxonomy {taxonomy!r}")
