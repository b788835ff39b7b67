"""Names for the securities the bundled data invents (listings after HKEX's 2022 list in the
sample, delisted and new listings in the simulator): fictional, but shaped like a Hong Kong
company's name in both languages, so that no report ever shows a code-shaped stand-in."""

# A place or image, a second word, the business (by industry) and a corporate suffix; each pair
# is the same word in English and in Chinese.
FIRST_WORDS = (
    ("Harbour", "海港"), ("Pearl", "明珠"), ("Jade", "翠玉"), ("Lotus", "蓮花"), ("Golden", "金"),
    ("Oriental", "東方"), ("Victoria", "維港"), ("Kowloon", "九龍"), ("Bauhinia", "紫荊"), ("Silver", "銀"),
    ("Evergreen", "長青"), ("Pacific", "太平洋"), ("Crystal", "水晶"), ("Phoenix", "鳳凰"), ("Grand", "宏"),
    ("Horizon", "遠景"), ("Sunrise", "旭日"), ("Silk Road", "絲路"), ("Lion Rock", "獅子山"), ("Tai Ping", "太平"),
)  # fmt: skip
SECOND_WORDS = (
    ("Star", "星"), ("Bay", "灣"), ("Peak", "峰"), ("Bridge", "橋"), ("Gate", "門"),
    ("River", "河"), ("Ocean", "海"), ("Hill", "山"), ("Garden", "園"), ("Tower", "塔"),
    ("Cloud", "雲"), ("Spring", "泉"), ("Field", "田"), ("Crown", "冠"), ("Lantern", "燈"),
    ("Bamboo", "竹"),
)  # fmt: skip
BUSINESS_BY_INDUSTRY = {
    "Financials": ("Financial", "金融"),
    "Properties & Construction": ("Properties", "地產"),
    "Information Technology": ("Technology", "科技"),
    "Consumer Discretionary": ("Consumer", "消費"),
    "Consumer Staples": ("Foods", "食品"),
    "Healthcare": ("Healthcare", "醫療"),
    "Energy": ("Energy", "能源"),
    "Utilities": ("Utilities", "公用"),
    "Materials": ("Materials", "材料"),
    "Industrials": ("Industrial", "工業"),
    "Telecommunications": ("Telecom", "電訊"),
    "Conglomerates": ("Enterprises", "企業"),
    "Funds": ("Fund", "基金"),
}
SUFFIXES = (("Holdings", "控股"), ("Group", "集團"), ("International", "國際"), ("Limited", "有限公司"))


def fictional_name(code: str, industry: str) -> tuple[str, str]:
    """(English, Chinese) name for an invented security, fixed by its code and industry."""
    number = int(code)
    first = FIRST_WORDS[number % len(FIRST_WORDS)]
    second = SECOND_WORDS[(number // len(FIRST_WORDS)) % len(SECOND_WORDS)]
    suffix = SUFFIXES[(number // (len(FIRST_WORDS) * len(SECOND_WORDS))) % len(SUFFIXES)]
    business = BUSINESS_BY_INDUSTRY.get(industry, ("Enterprises", "企業"))
    english = f"{first[0]} {second[0]} {business[0]} {suffix[0]}"
    return english, f"{first[1]}{second[1]}{business[1]}{suffix[1]}"


def fictional_short_name(code: str) -> str:
    """The short name HKEX would list it by: its first two words in capitals (SUNRISE TOWER)."""
    number = int(code)
    first = FIRST_WORDS[number % len(FIRST_WORDS)]
    second = SECOND_WORDS[(number // len(FIRST_WORDS)) % len(SECOND_WORDS)]
    return f"{first[0]} {second[0]}".upper()
