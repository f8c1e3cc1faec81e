"""The fixed headings a setting's measures are profiled under (domain.md §3.3–3.10).

These are published categories, not a setting's own choices, so they are code rather than data: Cedefop's
fifteen types of intervention against early leaving, and the profile every action in the source toolkit
carries (type of strategy, level, when in the year, form of delivery, cost). A setting's own catalogue of
measures (`forms/measures.toml`) names them by these codes.
"""

from __future__ import annotations

from enum import StrEnum


class InterventionType(StrEnum):
    """Cedefop's fifteen types of intervention (the numbering is theirs)."""

    FLEXIBLE_SYSTEMS = "flexible_systems"
    VET_ATTRACTIVENESS = "vet_attractiveness"
    SECOND_CHANCE = "second_chance"
    MOTIVATION = "motivation"
    COMPLEX_NEEDS = "complex_needs"
    CAREER_MANAGEMENT = "career_management"
    COUNSELLING = "counselling"
    COACHING_MENTORING = "coaching_mentoring"
    TAILORED_PATHWAYS = "tailored_pathways"
    PRACTICAL_APPLICATION = "practical_application"
    EMPLOYABILITY = "employability"
    WORK_BASED_LEARNING = "work_based_learning"
    COMMUNITY = "community"
    INCLUSIVE_WORKPLACES = "inclusive_workplaces"
    VALIDATION = "validation"


INTERVENTION_TYPE_LABELS: dict[InterventionType, str] = {
    InterventionType.FLEXIBLE_SYSTEMS: "1. Flexible education and training systems",
    InterventionType.VET_ATTRACTIVENESS: "2. Making vocational education more attractive",
    InterventionType.SECOND_CHANCE: "3. Second-chance routes",
    InterventionType.MOTIVATION: "4. Building the motivation to learn",
    InterventionType.COMPLEX_NEEDS: "5. All-round support for complex needs",
    InterventionType.CAREER_MANAGEMENT: "6. Helping young people steer their careers",
    InterventionType.COUNSELLING: "7. Counselling for barriers to learning",
    InterventionType.COACHING_MENTORING: "8. One-to-one coaching or mentoring",
    InterventionType.TAILORED_PATHWAYS: "9. Learning pathways shaped to the learner",
    InterventionType.PRACTICAL_APPLICATION: "10. Putting theory into practice",
    InterventionType.EMPLOYABILITY: "11. Skills for work",
    InterventionType.WORK_BASED_LEARNING: "12. Learning at work and work simulations",
    InterventionType.COMMUNITY: "13. Involving the community",
    InterventionType.INCLUSIVE_WORKPLACES: "14. Inclusive workplaces for learning",
    InterventionType.VALIDATION: "15. Recognising learning done outside courses",
}


class StrategyType(StrEnum):
    PREVENTION = "prevention"
    INTERVENTION = "intervention"
    COMPENSATION = "compensation"


STRATEGY_TYPE_LABELS = {
    StrategyType.PREVENTION: "Prevention",
    StrategyType.INTERVENTION: "Intervention",
    StrategyType.COMPENSATION: "Compensation",
}


class ActionLevel(StrEnum):
    INDIVIDUAL = "individual"
    INSTITUTIONAL = "institutional"
    SYSTEM = "system"


ACTION_LEVEL_LABELS = {
    ActionLevel.INDIVIDUAL: "With the individual learner",
    ActionLevel.INSTITUTIONAL: "Across the setting",
    ActionLevel.SYSTEM: "Across the education system",
}


class Timeline(StrEnum):
    WELCOME = "welcome"
    DURING_YEAR = "during_year"
    END_OF_YEAR = "end_of_year"
    TRANSITION = "transition"
    ANY_TIME = "any_time"


TIMELINE_LABELS = {
    Timeline.WELCOME: "At the start, when welcoming",
    Timeline.DURING_YEAR: "During the year",
    Timeline.END_OF_YEAR: "At the end of the year",
    Timeline.TRANSITION: "At a move between stages or settings",
    Timeline.ANY_TIME: "Whenever it is needed",
}


class Delivery(StrEnum):
    INDIVIDUAL = "individual"
    PAIRS = "pairs"
    SMALL_GROUP = "small_group"
    CLASS = "class"
    AS_NEEDED = "as_needed"


DELIVERY_LABELS = {
    Delivery.INDIVIDUAL: "One to one",
    Delivery.PAIRS: "In pairs",
    Delivery.SMALL_GROUP: "Small groups",
    Delivery.CLASS: "Whole class",
    Delivery.AS_NEEDED: "As the young person needs",
}


class Cost(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


COST_LABELS = {Cost.LOW: "Low", Cost.MEDIUM: "Medium", Cost.HIGH: "High"}
