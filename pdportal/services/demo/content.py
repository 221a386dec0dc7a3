"""The words of the demo data set: networks, people and workshop themes (see `demo.py`)."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_DOMAIN = "demo.pdportal.org"


@dataclass(frozen=True)
class NetworkSpec:
    slug: str
    name: str
    backbone: str
    time_zone: str
    provider_number: str
    designee: str
    admin_name: str


NETWORKS = (
    NetworkSpec(
        "puget-sound",
        "Puget Sound STEM Partnership",
        "Puget Sound Educational Service District",
        "America/Los_Angeles",
        "WA-CH-0121",
        "Dr. Renée Castillo",
        "Marcus Bell",
    ),
    NetworkSpec(
        "wa-north-central",
        "Washington STEM — North Central",
        "North Central Educational Service District 171",
        "America/Los_Angeles",
        "WA-CH-0171",
        "Lupe Ortega",
        "Hannah Whitefeather",
    ),
    NetworkSpec(
        "wa-south-central",
        "Washington STEM — South Central",
        "Educational Service District 105",
        "America/Los_Angeles",
        "WA-CH-0105",
        "Samuel Okafor",
        "Rosa Villanueva",
    ),
    NetworkSpec(
        "wa-southwest",
        "Washington STEM — Southwest",
        "Educational Service District 112",
        "America/Los_Angeles",
        "WA-CH-0112",
        "Kimberly Tran",
        "Derek Olsen",
    ),
    NetworkSpec(
        "or-portland-metro",
        "Oregon STEM Hub — Portland Metro",
        "Portland Metro STEM Partnership",
        "America/Los_Angeles",
        "OR-PDU-3301",
        "Ayesha Rahman",
        "Connor McAllister",
    ),
)

# (email local part, name, school, district)
FACILITATORS = (
    ("facilitator", "Grace Kimura", "Tyee Middle School", "Highline Public Schools"),
    ("facilitator2", "Tomás Herrera", "Wenatchee High School", "Wenatchee School District"),
)
EDUCATORS = (
    ("educator", "Jordan Rivera", "Cascade Elementary", "Renton School District"),
    ("anh.nguyen", "Nguyễn Thị Ánh", "Foster High School", "Tukwila School District"),
    ("jose.nunez", "José Ñúñez", "Davis High School", "Yakima School District"),
    ("zoe.obrien", "Zoë O'Brien-Łukasz", "Roosevelt Middle School", "Portland Public Schools"),
    ("aisha.mohammed", "Aisha Mohammed", "Discovery Middle School", "Vancouver Public Schools"),
    ("sam.whitehorse", "Sam Whitehorse", "Pacific Science Center", "Community educator"),
)
GIVEN_NAMES = (
    "Alejandra", "Ben", "Chloé", "Darnell", "Emi", "Fatima", "Gabriel", "Hoa", "Isaiah",
    "Jasmine", "Kai", "Leilani", "Mateo", "Nadia", "Oscar", "Priya", "Quinn", "Rahul",
    "Sofía", "Thanh", "Uma", "Viktor", "Wren", "Ximena", "Yusuf", "Zainab",
)  # fmt: skip
FAMILY_NAMES = (
    "Abdi", "Begay", "Chen", "Dubois", "Espinoza", "Fujimoto", "García", "Haddad",
    "Iyer", "Johnson", "Kowalski", "Lê", "Martínez", "Nakamura", "Okonkwo", "Petrov",
    "Quispe", "Rossi", "Singh", "Tuiasosopo", "Ueda", "Vásquez", "Williams", "Yazzie",
)  # fmt: skip


@dataclass(frozen=True)
class Theme:
    title: str
    summary: str
    description: str
    topics: tuple[str, ...]
    grade_bands: tuple[str, ...]
    audience: str = "Classroom teachers and instructional coaches"
    designations: tuple[str, ...] = ("stem",)


def _about(intro: str, outcomes: tuple[str, ...], bring: str) -> str:
    items = "\n".join(f"- {outcome}" for outcome in outcomes)
    return f"{intro}\n\n### You will\n\n{items}\n\n### Bring\n\n{bring}\n"


THEMES = (
    Theme(
        "Phenomena-Based Science Teaching with NGSS",
        "Anchor units in phenomena your students can see, wonder about and explain.",
        _about(
            "Start a unit with something puzzling that students *can observe* — a cracked "
            "sidewalk, a fogged window — and let their questions drive the storyline.",
            (
                "choose anchoring phenomena that connect to your students' lives",
                "build a driving question board together",
                "plan a storyline around the three dimensions of the NGSS",
            ),
            "A unit you will teach this year, and a laptop.",
        ),
        ("ngss_science",),
        ("3_5", "6_8"),
    ),
    Theme(
        "Illustrative Mathematics: Launching Lessons with Routines",
        "Warm-ups and instructional routines that get every student talking about math.",
        _about(
            "Work through **Illustrative Mathematics** lessons as learners, then practise "
            "the routines that make the launch of a lesson inviting.",
            (
                "lead Notice and Wonder, Which One Doesn't Belong? and Number Talks",
                "anticipate student thinking with the teacher guide",
                "plan the synthesis so the lesson lands",
            ),
            "Your IM teacher materials (print or digital).",
        ),
        ("mathematics",),
        ("6_8",),
    ),
    Theme(
        "AP Computer Science Principles Summer Institute",
        "Get ready to teach AP CSP: the course framework, the Create task and pedagogy.",
        _about(
            "A multi-day institute for new and returning **AP CS Principles** teachers, "
            "with pair programming, the Create performance task and equitable recruitment.",
            (
                "unpack the big ideas and computational thinking practices",
                "grade sample Create tasks against the rubric",
                "plan how to recruit students who do not yet see themselves in CS",
            ),
            "A laptop with a modern browser; no prior programming experience needed.",
        ),
        ("computer_science",),
        ("9_12",),
        designations=("stem", "equity"),
    ),
    Theme(
        "Engineering Design Challenges in K–5",
        "Simple materials, real problems: the engineering design process with young learners.",
        _about(
            "Young children are natural engineers. Try three design challenges built from "
            "cardboard, tape and string, and learn to guide without giving answers.",
            (
                "run the ask–imagine–plan–create–improve cycle",
                "use talk moves that push for evidence",
                "connect challenges to the K–2 and 3–5 engineering standards",
            ),
            "Clothes you do not mind getting glue on.",
        ),
        ("engineering", "ngss_science"),
        ("k_2", "3_5"),
    ),
    Theme(
        "Classroom Assessment for Three-Dimensional Learning",
        "Design tasks that show what students can do with science ideas, not just recall.",
        _about(
            "Assessment that matches the NGSS asks students to *use* practices and ideas to "
            "make sense of a phenomenon. Build and critique tasks together.",
            (
                "write task prompts that integrate all three dimensions",
                "craft rubrics that give useful feedback",
                "plan formative checks along a unit storyline",
            ),
            "An assessment you use now, to revise.",
        ),
        ("assessment", "ngss_science"),
        ("6_8", "9_12"),
    ),
    Theme(
        "Career-Connected Learning: Bringing Industry into the Classroom",
        "Partner with local employers for projects, mentors and site visits.",
        _about(
            "Meet regional employers in health care, agriculture and advanced manufacturing "
            "and design a career-connected project for your students.",
            (
                "map the career pathways in your region",
                "plan an industry-mentored project",
                "prepare students for informational interviews",
            ),
            "Ideas about the businesses and organizations near your school.",
        ),
        ("career_connected",),
        ("6_8", "9_12"),
    ),
    Theme(
        "Culturally Responsive STEM Teaching",
        "Build on students' cultures, languages and communities in science and math.",
        _about(
            "Examine how students' funds of knowledge can shape STEM lessons, and revise "
            "a lesson with colleagues using a culturally responsive lens.",
            (
                "reflect on identity and belonging in STEM classrooms",
                "use community-based phenomena and problems",
                "plan for multilingual learners' full participation",
            ),
            "A lesson plan to revise.",
        ),
        ("equity", "ngss_science", "mathematics"),
        ("k_2", "3_5", "6_8", "9_12"),
        designations=("stem", "equity"),
    ),
    Theme(
        "Climate Science and Local Watersheds",
        "Field-based investigations of climate impacts on rivers, salmon and communities.",
        _about(
            "Spend time at a local watershed collecting water-quality data, then turn it "
            "into a classroom investigation aligned to the NGSS.",
            (
                "collect and analyse temperature and turbidity data",
                "connect local change to global climate models",
                "plan a student action project",
            ),
            "Rain gear and sturdy shoes.",
        ),
        ("environmental", "ngss_science"),
        ("6_8", "9_12"),
    ),
    Theme(
        "Math Language Routines for Multilingual Learners",
        "Support language development and mathematical reasoning at the same time.",
        _about(
            "Practise the eight mathematical language routines and see how they help "
            "multilingual learners explain, justify and critique.",
            (
                "use Stronger and Clearer Each Time and Collect and Display",
                "design sentence frames that invite reasoning",
                "analyse student discourse samples",
            ),
            "Samples of student work, if you have them.",
        ),
        ("mathematics", "equity"),
        ("3_5", "6_8"),
        designations=("stem", "equity"),
    ),
    Theme(
        "Data Science in the Middle Grades",
        "Students ask questions of real data sets with free tools like CODAP.",
        _about(
            "Use real public data — weather, school lunches, salmon counts — to teach "
            "statistical thinking and the start of data science.",
            (
                "explore data sets with CODAP",
                "teach students to question data and its sources",
                "connect to the statistics and probability standards",
            ),
            "A laptop.",
        ),
        ("computer_science", "mathematics"),
        ("6_8",),
    ),
    Theme(
        "Building Thinking Classrooms in Mathematics",
        "Vertical non-permanent surfaces, visibly random groups and thinking tasks.",
        _about(
            "Try the practices from *Building Thinking Classrooms* as a student, then plan "
            "how to introduce them in your own classroom.",
            (
                "launch thinking tasks in the first five minutes",
                "manage flow with hints and extensions",
                "consolidate from the bottom",
            ),
            "Comfortable shoes: you will be standing at whiteboards.",
        ),
        ("mathematics",),
        ("9_12", "6_8"),
    ),
    Theme(
        "Computational Thinking across K–8",
        "Unplugged and block-based activities that weave computing into every subject.",
        _about(
            "Computational thinking is more than coding. Explore decomposition, patterns and "
            "algorithms with unplugged games and Scratch Jr.",
            (
                "teach algorithms with unplugged activities",
                "integrate block-based coding into science and math",
                "assess computational thinking practices",
            ),
            "A tablet or laptop if you have one.",
        ),
        ("computer_science",),
        ("k_2", "3_5", "6_8"),
    ),
    Theme(
        "Formative Assessment with Science Notebooks",
        "Use student notebooks to see thinking and adjust instruction day to day.",
        _about(
            "Science notebooks are a window into student reasoning. Learn quick ways to read "
            "them, give feedback, and decide what to teach next.",
            (
                "structure notebook entries around claims and evidence",
                "give feedback that moves thinking forward",
                "use notebooks in student-led conferences",
            ),
            "Three student notebooks (names removed).",
        ),
        ("assessment", "ngss_science"),
        ("3_5",),
    ),
    Theme(
        "Place-Based STEM for Community Educators",
        "Outdoor STEM for after-school, library and museum educators.",
        _about(
            "For out-of-school-time educators: plan outdoor investigations that use your "
            "neighbourhood as the lab.",
            (
                "design short, safe outdoor investigations",
                "connect activities to school-day learning",
                "engage families in STEM",
            ),
            "Ideas about outdoor spaces near your program.",
        ),
        ("environmental", "engineering"),
        ("k_2", "3_5", "6_8"),
        audience="Out-of-school, library and museum educators",
    ),
    Theme(
        "Leading STEM Improvement: Coaching Cycles",
        "For coaches and leaders: run coaching cycles focused on student thinking.",
        _about(
            "Instructional coaches and school leaders practise student-centred coaching "
            "cycles and plan STEM improvement with their teams.",
            (
                "set goals based on evidence of student learning",
                "run co-planning and co-teaching sessions",
                "measure the impact of coaching",
            ),
            "Your school's improvement plan.",
        ),
        ("assessment", "equity"),
        ("adult",),
        audience="Instructional coaches and school leaders",
        designations=("stem", "leadership"),
    ),
    Theme(
        "Modeling with Mathematics in Grades 9–12",
        "Open-ended modeling tasks from the real world: traffic, epidemics, budgets.",
        _about(
            "Mathematical modeling asks students to make assumptions, choose variables and "
            "revise. Work through modeling tasks and plan one for your course.",
            (
                "structure the modeling cycle for students",
                "assess modeling with a rubric",
                "use spreadsheets and Desmos in modeling",
            ),
            "A laptop.",
        ),
        ("mathematics", "career_connected"),
        ("9_12",),
    ),
)

VENUES = (
    ("Puget Sound ESD Conference Center", "800 Oakesdale Ave SW, Renton, WA 98057"),
    ("NCESD Training Room", "430 Old Station Rd, Wenatchee, WA 98801"),
    ("ESD 105 Conference Room A", "33 S 2nd Ave, Yakima, WA 98902"),
    ("ESD 112 Learning Center", "2500 NE 65th Ave, Vancouver, WA 98661"),
    ("Portland Metro STEM Hub Classroom", "1112 SE Madison St, Portland, OR 97214"),
)
