"""The HTML report's headings and labels, per language."""

LABELS = {
    "en": {
        "all_days": "All reports", "other_language": "中文", "indexes": "Indexes", "range": "Range",
        "five_days": "5 days", "year_to_date": "Year to date", "breadth": "Market breadth",
        "advancers": "Advancers", "decliners": "Decliners", "unchanged": "Unchanged",
        "ad_ratio": "Advance/decline ratio", "highs_lows": "52-week highs / lows",
        "no_year_of_history": "Counted once the warehouse holds a year of history.",
        "sectors": "Sectors, best to worst (turnover-weighted)", "sector": "Sector", "change": "Change",
        "up_down": "Up / down", "turnover": "Turnover", "leaders": "Leaders (by turnover)",
        "top10": "Top 10 by turnover", "top10_share": "Share of the whole market's turnover:",
        "movers": "Popular stocks and notable movers", "stock": "Stock", "close": "Close",
        "usual_move": "× usual move", "note": "Editor's note", "macro": "Macro", "indicator": "Indicator",
        "period": "Period", "value": "Value", "prior": "Prior", "released": "Released",
        "computed": "Every figure is computed by hkclose from its warehouse marts.",
    },
    "zh-HK": {
        "all_days": "所有報告", "other_language": "English", "indexes": "指數", "range": "全日波幅",
        "five_days": "五日", "year_to_date": "年初至今", "breadth": "大市升跌",
        "advancers": "上升", "decliners": "下跌", "unchanged": "平收",
        "ad_ratio": "升跌比率", "highs_lows": "52周新高／新低",
        "no_year_of_history": "數據倉庫累積一年數據後計算。",
        "sectors": "板塊表現（按成交額加權，由好至差）", "sector": "板塊", "change": "變幅",
        "up_down": "升／跌", "turnover": "成交額", "leaders": "龍頭股（按成交額）",
        "top10": "成交額十大", "top10_share": "佔大市成交額：",
        "movers": "熱門及異動股份", "stock": "股份", "close": "收市價",
        "usual_move": "平日波幅倍數", "note": "編輯按", "macro": "宏觀數據", "indicator": "指標",
        "period": "期間", "value": "數值", "prior": "前值", "released": "公布日期",
        "computed": "所有數字均由hkclose從數據倉庫計算。",
    },
}
