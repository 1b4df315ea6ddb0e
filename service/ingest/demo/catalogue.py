"""The fixed setting of the demo: the topic tree (and its records), the language
communities, the kinds of people and their audiences, and the year the activity spans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from service.ingest.records import TopicRecord

YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
YEAR_SECONDS = 365 * 24 * 3600
ACCOUNTS_START = datetime(2008, 1, 1, tzinfo=UTC)
ACCOUNTS_SECONDS = int((YEAR_START - ACCOUNTS_START).total_seconds())

# Share of organic interactions and follows that stay inside the actor's community.
IN_COMMUNITY = 0.85


@dataclass(frozen=True)
class TopTopic:
    id: str
    name: str
    brand: str  # the brand employees and customers interested in this topic are tied to
    subtopics: tuple[tuple[str, str], ...]


TOPICS: tuple[TopTopic, ...] = (
    TopTopic(
        "climate",
        "Climate",
        "Northwind Energy",
        (
            ("climate-energy", "Energy transition"),
            ("climate-policy", "Climate policy"),
            ("climate-transport", "Clean transport"),
        ),
    ),
    TopTopic(
        "technology",
        "Technology",
        "Acme Cloud",
        (
            ("technology-ai", "Artificial intelligence"),
            ("technology-privacy", "Privacy and data protection"),
            ("technology-mobile", "Mobile"),
            ("technology-chips", "Chips and hardware"),
        ),
    ),
    TopTopic(
        "health",
        "Health",
        "Vitalis Health",
        (
            ("health-nutrition", "Nutrition"),
            ("health-mental", "Mental health"),
            ("health-vaccines", "Vaccines"),
        ),
    ),
)


@dataclass(frozen=True)
class Community:
    label: str
    language: str
    share: float
    countries: tuple[str, ...]
    topic_bias: tuple[float, float, float]  # weight of climate, technology, health
    first_names: str  # space-separated
    last_names: str


COMMUNITIES: tuple[Community, ...] = (
    Community(
        "en",
        "en",
        0.36,
        ("US", "GB", "IE", "CA", "AU"),
        (1.0, 1.3, 1.0),
        "James Olivia Liam Emma Noah Ava Ethan Mia Lucas Grace Henry Chloe Jack Ruby Owen Isla",
        "Smith Johnson Brown Taylor Wilson Davies Evans Walker Wright Robinson Thompson Hughes "
        "Green Hall Clarke Turner",
    ),
    Community(
        "de",
        "de",
        0.26,
        ("DE", "AT", "CH"),
        (1.4, 1.0, 0.9),
        "Lukas Anna Jonas Lea Felix Hannah Paul Marie Leon Sophie Maximilian Lena Tobias Julia "
        "Niklas Katharina",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
        "Richter Klein Wolf Schröder Neumann",
    ),
    Community(
        "fr",
        "fr",
        0.22,
        ("FR", "BE", "CH", "CA"),
        (1.0, 0.9, 1.4),
        "Louis Camille Hugo Léa Jules Manon Arthur Chloé Théo Inès Raphaël Juliette Gabriel "
        "Élise Mathis Zoé",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefèvre Michel Garcia Fournier",
    ),
    Community(
        "es",
        "es",
        0.16,
        ("ES", "MX", "AR", "CO"),
        (1.0, 1.1, 1.1),
        "Alejandro Lucía Daniel Sofía Pablo Martina Diego Valeria Javier Paula Mateo Carmen "
        "Andrés Elena Sergio Isabel",
        "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Díaz Romero "
        "Navarro Torres Ruiz Vargas Castro",
    ),
)

# kind: (share of people, mu and sigma of the log-normal declared audience, activity factor)
KINDS: dict[str, tuple[float, float, float, float]] = {
    "regular": (0.52, 4.6, 1.3, 1.0),
    "customer": (0.14, 4.8, 1.2, 1.0),
    "employee": (0.09, 5.2, 1.2, 1.1),
    "expert": (0.12, 7.0, 1.3, 1.4),
    "journalist": (0.07, 8.0, 1.2, 1.6),
    "media": (0.04, 10.0, 1.3, 1.3),
    "celebrity": (0.02, 12.5, 1.1, 0.5),
}

OUTLETS = ("Daily Ledger", "Morning Post", "Tagesblick", "Le Courrier", "El Observador")


def topic_index(top_id: str) -> int:
    return next(i for i, t in enumerate(TOPICS) if t.id == top_id)


def topic_records() -> list[TopicRecord]:
    records: list[TopicRecord] = []
    for top in TOPICS:
        records.append(TopicRecord(id=top.id, name=top.name))
        records += [TopicRecord(id=i, name=name, parent=top.id) for i, name in top.subtopics]
    return records
