"""The source a run reads, chosen by the settings, and the provenance its reports print."""

from pipelines.config import Settings
from pipelines.contract.delivery import Source
from pipelines.sources.hkex.downloads import Downloads
from pipelines.sources.hkex.source import HKEX_PROVENANCE, HkexSource
from pipelines.sources.landing import LandingSource, landing_provenance
from pipelines.sources.sample import SAMPLE_PROVENANCE, sample_source
from pipelines.sources.simulated import SIMULATED_PROVENANCE, simulated_source

PROVENANCE = {
    "sample": SAMPLE_PROVENANCE,
    "simulated": SIMULATED_PROVENANCE,
    "hkex": HKEX_PROVENANCE,
}


def source_from_settings(settings: Settings) -> Source:
    if settings.source == "sample":
        return sample_source()
    if settings.source == "landing":
        return LandingSource(settings.landing_dir)
    if settings.source == "simulated":
        return simulated_source()
    if settings.replay_dir:
        return HkexSource(settings.landing_dir, Downloads(settings.replay_dir, offline=True))
    return HkexSource(settings.landing_dir)


PROVENANCE_ZH = {
    "sample": (
        "樣本數據：2025年11月21日已發布收市報告所載的數字取自該報告，"
        "其餘數字為重建數據（見 warehouse/sample/README.md）。"
    ),
    "simulated": "模擬數據：所有數字均由確定性市場模擬器產生，並非市場數據。",
    "hkex": (
        "資料來源：香港交易所每日報價表、證券名單及互聯互通統計；恒生指數公司（恒生科技指數、恒生行業分類）；"
        "香港金融管理局匯率及貨幣供應；政府統計處開放數據。"
    ),
}


def provenance(settings: Settings) -> dict[str, str]:
    """The footer line of the source's reports, by language, without opening the source."""
    if settings.source == "landing":
        return {
            "en": landing_provenance(settings.landing_dir),
            "zh-HK": f"資料來源：用戶的檔案（{settings.landing_dir}）。",
        }
    return {"en": PROVENANCE[settings.source], "zh-HK": PROVENANCE_ZH[settings.source]}
