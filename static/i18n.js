// Labels in Korean (the default for this customer) and English, the remembered choice, and
// number/date formatting for ko-KR whatever the label language.
import { createContext } from "preact";
import { useContext, useMemo } from "preact/hooks";

const KO = {
  title: "탐라 충전 관제",
  subtitle: "OCPP 2.0.1 충전소 관리",
  language: "English",
  live: "실시간",
  polling: "5초 새로고침",
  connecting: "연결 중",
  status_available: "사용 가능",
  status_charging: "충전 중",
  status_faulted: "고장",
  status_offline: "오프라인",
  status_unavailable: "사용 불가",
  status_occupied: "연결됨",
  status_reserved: "예약됨",
  kpi_active: "가동 충전기",
  kpi_charging: "충전 중",
  kpi_power: "현재 출력",
  kpi_installed: "설치 용량",
  kpi_energy: "오늘 충전량",
  kpi_revenue: "오늘 매출",
  kpi_utilisation: "에너지 이용률 (오늘)",
  kpi_utilisation_help:
    "오늘 충전량 ÷ (설치 용량 × 오늘 경과 시간): 전 충전기가 0시부터 최대 출력으로 충전했을 때 대비. 지금 충전 중인 충전기 비율이 아닙니다.",
  kpi_utilisation_sub: "{e} ÷ ({p} kW × {h}시간)",
  kpi_charging_sub: "전체 충전기의 {p}",
  kpi_tx: "거래 {n}건",
  kpi_energy_running: "진행 중 {n}건 {e} 포함",
  kpi_revenue_running: "정산 {d} + 진행 중 {r} (예상)",
  kpi_revenue_help: "종료된 거래의 요금 + 진행 중 거래의 현재 충전량 × 단가 (종료 시 확정)",
  kpi_health: "고장 {f} · 오프라인 {o}",
  of: "/",
  chart_title: "시간대별 전력 (최근 24시간)",
  chart_peak: "최대 출력",
  chart_avg: "평균 출력",
  chart_avg_help: "그 시간의 충전량 ÷ 1시간",
  chart_energy: "충전량",
  chart_empty: "아직 기록된 전력이 없습니다",
  map_title: "제주 충전 지도",
  heat: "에너지 열지도",
  sites: "충전소",
  chargers: "충전기",
  tx_title: "최근 거래",
  tx_id: "거래 ID",
  tx_charger: "충전기",
  tx_station: "충전소",
  tx_start: "시작",
  tx_end: "종료",
  tx_energy: "에너지",
  tx_cost: "요금",
  tx_reason: "종료 사유",
  tx_running: "진행 중",
  tx_empty: "거래가 없습니다",
  filter_all: "전체",
  filter_charger: "충전기 ID",
  filter_from: "시작일",
  filter_to: "종료일",
  filter_limit: "건수",
  panel_close: "닫기",
  panel_model: "모델",
  panel_vendor: "제조사",
  panel_site: "충전소",
  panel_power: "현재 출력",
  panel_max: "정격",
  panel_limit: "출력 제한",
  panel_none: "없음",
  panel_session: "세션 충전량",
  panel_cost: "현재 요금",
  panel_since: "시작 시각",
  panel_last_seen: "마지막 통신",
  panel_start: "충전 시작",
  panel_stop: "충전 중지",
  panel_apply: "제한 적용",
  panel_smart: "스마트 충전 (출력 제한)",
  panel_recent: "최근 거래",
  panel_frames: "OCPP 프레임 로그",
  panel_frames_empty: "이 충전기의 프레임을 기다리는 중…",
  panel_sent: "요청을 보냈습니다",
  device_title: "장치 관리",
  device_set: "설정",
  device_no_model: "아직 장치 모델 보고가 없습니다",
  device_firmware: "펌웨어",
  device_log: "로그",
  device_reserved: "예약됨:",
  device_until: "만료",
  device_cancel: "예약 취소",
  error: "오류",
};

const EN = {
  title: "Tamna charging control",
  subtitle: "OCPP 2.0.1 network operations",
  language: "한국어",
  live: "Live",
  polling: "Refreshing every 5 s",
  connecting: "Connecting",
  status_available: "Available",
  status_charging: "Charging",
  status_faulted: "Faulted",
  status_offline: "Offline",
  status_unavailable: "Unavailable",
  status_occupied: "Plugged in",
  status_reserved: "Reserved",
  kpi_active: "Active chargers",
  kpi_charging: "Charging now",
  kpi_power: "Power now",
  kpi_installed: "Installed",
  kpi_energy: "Energy today",
  kpi_revenue: "Revenue today",
  kpi_utilisation: "Energy utilisation today",
  kpi_utilisation_help:
    "Today's energy ÷ (installed kW × hours since midnight): against every charger at full power since 00:00. Not the share of chargers charging now.",
  kpi_utilisation_sub: "{e} ÷ ({p} kW × {h} h)",
  kpi_charging_sub: "{p} of all chargers",
  kpi_tx: "{n} transactions",
  kpi_energy_running: "incl. {e} in {n} running",
  kpi_revenue_running: "{d} settled + {r} running (est.)",
  kpi_revenue_help:
    "Ended transactions' cost + running ones' energy so far × tariff (final when they end)",
  kpi_health: "faulted {f} · offline {o}",
  of: "of",
  chart_title: "Power per hour (last 24 h)",
  chart_peak: "Peak power",
  chart_avg: "Average power",
  chart_avg_help: "Energy of the hour ÷ one hour",
  chart_energy: "Energy",
  chart_empty: "No power recorded yet",
  map_title: "Jeju charging map",
  heat: "Energy heat layer",
  sites: "Sites",
  chargers: "Chargers",
  tx_title: "Recent transactions",
  tx_id: "Transaction",
  tx_charger: "Charger",
  tx_station: "Site",
  tx_start: "Start",
  tx_end: "End",
  tx_energy: "Energy",
  tx_cost: "Cost",
  tx_reason: "Stop reason",
  tx_running: "Running",
  tx_empty: "No transactions",
  filter_all: "All",
  filter_charger: "Charger id",
  filter_from: "From",
  filter_to: "To",
  filter_limit: "Rows",
  panel_close: "Close",
  panel_model: "Model",
  panel_vendor: "Vendor",
  panel_site: "Site",
  panel_power: "Power now",
  panel_max: "Rated",
  panel_limit: "Power limit",
  panel_none: "none",
  panel_session: "Session energy",
  panel_cost: "Cost so far",
  panel_since: "Started",
  panel_last_seen: "Last seen",
  panel_start: "Start charging",
  panel_stop: "Stop charging",
  panel_apply: "Apply limit",
  panel_smart: "Smart charging (power limit)",
  panel_recent: "Recent transactions",
  panel_frames: "OCPP frame log",
  panel_frames_empty: "Waiting for this charger's frames…",
  panel_sent: "Request sent",
  device_title: "Device management",
  device_set: "Set",
  device_no_model: "No device model reported yet",
  device_firmware: "Firmware",
  device_log: "Log",
  device_reserved: "Reserved for",
  device_until: "until",
  device_cancel: "Cancel reservation",
  error: "Error",
};

/** Dictionaries by language code. */
export const LABELS = { ko: KO, en: EN };

const STORAGE_KEY = "tamna.lang";

/** The remembered language, Korean unless English was chosen. */
export function savedLang() {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === "en" ? "en" : "ko";
  } catch (error) {
    console.warn("localStorage unavailable, using Korean", error);
    return "ko";
  }
}

/** Remembers the language and marks the document with it. */
export function saveLang(lang) {
  document.documentElement.lang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch (error) {
    console.warn("cannot remember the language", error);
  }
}

/** The current language, provided by the app. */
export const LangContext = createContext("ko");

/**
 * `t(key, vars)` for the current language: `{name}` placeholders are filled from `vars`; a
 * missing key shows as itself so a gap is visible rather than blank.
 */
export function useT() {
  const lang = useContext(LangContext);
  return useMemo(
    () => (key, vars = {}) =>
      (LABELS[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? ""),
    [lang],
  );
}

/** The current language code. */
export function useLang() {
  return useContext(LangContext);
}

/** A site's name in the current language (Korean name when there is one and Korean is chosen). */
export function siteName(site, lang) {
  return (lang === "ko" ? site.name_ko : undefined) ?? site.name ?? site.station_id;
}

const INT = new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 0 });
const ONE = new Intl.NumberFormat("ko-KR", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const TWO = new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 2 });
const KRW = new Intl.NumberFormat("ko-KR", { style: "currency", currency: "KRW" });
const PCT = new Intl.NumberFormat("ko-KR", { style: "percent", maximumFractionDigits: 1 });
const TIME = new Intl.DateTimeFormat("ko-KR", {
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
  timeZone: "Asia/Seoul",
});
const HOUR = new Intl.DateTimeFormat("ko-KR", {
  hour: "2-digit",
  hour12: false,
  timeZone: "Asia/Seoul",
});

/** Number formatters, all ko-KR; a missing value shows as a dash. */
export const fmt = {
  int: (n) => (n == null || Number.isNaN(n) ? "–" : INT.format(n)),
  num: (n) => (n == null || Number.isNaN(n) ? "–" : TWO.format(n)),
  kw: (n) => (n == null ? "–" : `${ONE.format(n)} kW`),
  kwh: (n) => (n == null ? "–" : `${TWO.format(n)} kWh`),
  krw: (n) => (n == null ? "–" : KRW.format(Math.round(n))),
  pct: (ratio) => (ratio == null ? "–" : PCT.format(ratio)),
  time: (iso) => (iso ? TIME.format(new Date(iso)) : "–"),
  hour: (iso) => (iso ? HOUR.format(new Date(iso)).replace(/\D/g, "") : ""),
};
