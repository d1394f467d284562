//! Every word the dashboard shows, in Russian (the default) and English: section and
//! column titles, detail labels, footer words, help, the rule "why" lines, timeline
//! event kinds and the description of every keymap action. Nothing under `ui/` spells
//! a label itself, so a missing translation is a compile error or a failing test here.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};

use super::action::Act;
use super::state::{Section, SortKey};
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::fill;
use crate::domain::risk::Rule;
use crate::market::dates::moscow;

mod acting;
mod acts;
mod analysis;
mod kept;
mod names;
pub mod trail;
pub mod words;
mod workflow;
pub use acting::{Acting, acting};
use acts::acts;
pub use analysis::{AnalysisWords, analysis};
pub use kept::{KeptWords, kept};
use names::names;
pub use workflow::{Workflow, workflow};

/// The fixed labels of one language.
#[derive(Debug)]
pub struct Strings {
    // Sections.
    pub at_risk: &'static str,
    pub undelivered: &'static str,
    pub mine: &'static str,
    pub all: &'static str,
    // List columns.
    pub col_severity: &'static str,
    pub col_order: &'static str,
    pub col_model: &'static str,
    pub col_status: &'static str,
    pub col_rule: &'static str,
    pub col_due: &'static str,
    pub col_claim: &'static str,
    pub col_city: &'static str,
    pub col_carrier: &'static str,
    pub col_value: &'static str,
    /// "sort" before the sort name.
    pub sort: &'static str,
    pub no_orders: &'static str,
    /// Followed by the filter text.
    pub no_orders_filter: &'static str,
    // Detail.
    pub tab_order: &'static str,
    pub tab_timeline: &'static str,
    pub tab_incident: &'static str,
    pub no_incident: &'static str,
    pub incident_open: &'static str,
    pub incident_closed: &'static str,
    pub audit: &'static str,
    pub take_over: &'static str,
    pub confirm_hint: &'static str,
    pub close_title: &'static str,
    pub close_hint: &'static str,
    pub steps: [&'static str; 7],
    pub no_selection: &'static str,
    pub loading: &'static str,
    pub no_events: &'static str,
    pub order: &'static str,
    pub campaign: &'static str,
    pub model: &'static str,
    pub status: &'static str,
    pub substatus: &'static str,
    pub created: &'static str,
    pub updated: &'static str,
    pub delivery: &'static str,
    pub carrier: &'static str,
    pub tracks: &'static str,
    pub planned: &'static str,
    pub shipment: &'static str,
    pub delivered: &'static str,
    pub storage_limit: &'static str,
    pub region: &'static str,
    pub buyer: &'static str,
    /// After the buyer's phone when the Market checked them: write, do not call.
    pub buyer_trusted: &'static str,
    pub value: &'static str,
    pub flags: &'static str,
    pub claimant: &'static str,
    pub nobody: &'static str,
    pub flag_cancel_requested: &'static str,
    pub flag_estimated: &'static str,
    pub flag_items_lost: &'static str,
    pub rules: &'static str,
    pub no_rules: &'static str,
    /// Before the Market's `updatedAt` on a timeline entry.
    pub market_time: &'static str,
    // Footer.
    pub synced: &'static str,
    pub never_synced: &'static str,
    pub stale: &'static str,
    /// Before the time of the first failed sync since the last success.
    pub sync_failing: &'static str,
    pub syncing: &'static str,
    pub demo: &'static str,
    pub read_only: &'static str,
    /// The implicit Enter of the filter line (not a keymap binding).
    pub filter_accept: &'static str,
    // Help.
    pub help_title: &'static str,
    pub help_list: &'static str,
    pub help_filter: &'static str,
    pub help_syntax: &'static str,
    pub help_close: &'static str,
    /// Text typed into help's search line.
    pub help_search: &'static str,
    pub help_nothing: &'static str,
    pub help_edit_keys: &'static str,
    pub help_edit_move: &'static str,
    pub help_cut_keys: &'static str,
    pub help_edit_cut: &'static str,
    pub help_command: &'static str,
    pub help_command_note: &'static str,
    /// The implicit Enter of the command line.
    pub command_run: &'static str,
    pub command_nothing: &'static str,
    pub help_analysis: &'static str,
    pub help_team: &'static str,
    pub help_notices: &'static str,
    pub notices_title: &'static str,
    pub notices_empty: &'static str,
    /// Before the closing lesson.
    pub lesson: &'static str,
    /// Who opened an incident a rule opened.
    pub opened_by_rule: &'static str,
    /// Before a skip's reason.
    pub skipped: &'static str,
    pub team_title: &'static str,
    pub team_agent: &'static str,
    pub team_idle: &'static str,
    pub team_notes: &'static str,
    pub team_writes: &'static str,
    pub team_today: &'static str,
    pub team_unclaimed: &'static str,
    pub team_oldest_p1: &'static str,
    pub team_waiting: &'static str,
    pub team_nobody: &'static str,
    pub team_none_waiting: &'static str,
    /// Said once on screen: every time shown is Moscow time.
    pub msk: &'static str,
    /// `Y` twice: `{track}` of order `{id}` copied.
    pub copied_track: &'static str,
    /// `Y`: order `{id}` copied, its `{track}` next.
    pub copied_id_track: &'static str,
    /// `Y`: order `{id}` copied, no track.
    pub copied_id: &'static str,
    /// `{since}`: the first failure's time, `{why}`: the failure.
    pub sync_failing_since: &'static str,
    pub sync_works_again: &'static str,
    /// A round's counts of `{new}` and `{changed}` orders.
    pub refreshed: &'static str,
    /// `{holder}`: the process syncing instead of this one.
    pub lease_held: &'static str,
    /// Why `v` cannot re-fetch: this process has no Market to ask.
    pub no_market: &'static str,
    pub read_only_refused: &'static str,
    /// Days, hours and minutes after a short span's numbers.
    pub span_units: [&'static str; 3],
    /// `{nw}`×`{nh}` needed, `{w}`×`{h}` there.
    pub too_small: &'static str,
    /// A span of time (`{span}`) before now.
    pub relative_past: &'static str,
    /// A span of time (`{span}`) after now.
    pub relative_future: &'static str,
    pub just_now: &'static str,
    /// Seconds, minutes, hours and days after an age's number.
    pub age_units: [&'static str; 4],
    /// `{n}` `{unit}`s ago.
    pub ago: &'static str,
    /// A filter term names no `{field}`; `{fields}` lists the known ones.
    pub filter_unknown_field: &'static str,
    /// A filter term's `{field}` has no value.
    pub filter_no_value: &'static str,
    /// `{field}` has no `{value}`; `{known}` lists its values.
    pub filter_bad_value: &'static str,
    /// `{other}` took order `{id}` from this agent.
    pub taken_from_you: &'static str,
    /// The buyer of held order `{id}` wrote.
    pub buyer_wrote: &'static str,
    /// `{order}` (an id and a space, or nothing), `{kind}` of write, `{error}`.
    pub market_refused: &'static str,
}

static RU: Strings = Strings {
    at_risk: "Под угрозой",
    undelivered: "Не доставлены",
    mine: "Мои",
    all: "Все",
    col_severity: "Пр.",
    col_order: "Заказ",
    col_model: "Тип",
    col_status: "Статус",
    col_rule: "Правило",
    col_due: "До срока",
    col_claim: "Взял",
    col_city: "Город",
    col_carrier: "Служба",
    col_value: "Сумма",
    sort: "сорт.",
    no_orders: "нет заказов",
    no_orders_filter: "нет заказов по фильтру",
    tab_order: "Заказ",
    tab_timeline: "Хронология",
    tab_incident: "Инцидент",
    no_incident: "инцидента нет",
    incident_open: "открыт",
    incident_closed: "закрыт",
    audit: "Журнал",
    take_over: "Заказ в работе у {agent}. Забрать себе?",
    confirm_hint: "y — да · Esc — нет",
    close_title: " Закрыть инцидент: причина ",
    close_hint: "j/k — выбрать · Enter — закрыть · Esc — отмена",
    steps: [
        "Проверить заказ и связаться со службой",
        "Честно сообщить покупателю",
        "Предложить другую доставку",
        "Предложить компенсацию",
        "Обновить статус в Маркете",
        "Сверить с правилами Маркета",
        "Разобрать причину",
    ],
    no_selection: "заказ не выбран",
    loading: "загрузка…",
    no_events: "событий нет",
    order: "Заказ",
    campaign: "Кампания",
    model: "Модель",
    status: "Статус",
    substatus: "Подстатус",
    created: "Создан",
    updated: "Обновлён",
    delivery: "Доставка",
    carrier: "Служба",
    tracks: "Треки",
    planned: "План",
    shipment: "Отгрузка",
    delivered: "Доставлен",
    storage_limit: "Хранение до",
    region: "Регион",
    buyer: "Покупатель",
    buyer_trusted: "проверен Маркетом: пишите, не звоните",
    value: "Сумма",
    flags: "Флаги",
    claimant: "Взял",
    nobody: "никто",
    flag_cancel_requested: "запрошена отмена",
    flag_estimated: "дата не подтверждена",
    flag_items_lost: "товары потеряны",
    rules: "Правила",
    no_rules: "правила не сработали",
    market_time: "Маркет",
    synced: "синхр.",
    never_synced: "не синхронизировано",
    stale: "устарело",
    sync_failing: "синхронизация не проходит с",
    syncing: "синхронизирует",
    demo: "ДЕМО",
    read_only: "ТОЛЬКО ЧТЕНИЕ",
    filter_accept: "готово",
    help_title: "Справка",
    help_list: "Список",
    help_filter: "Фильтр",
    help_syntax: "текст ищет везде; поля: model:dbs rule:stale city:москва sev:p1 claim:none",
    help_close: "закрыть",
    help_search: "искать",
    help_nothing: "ничего не найдено",
    help_edit_keys: "←→ Home End ^A ^E",
    help_edit_move: "курсор",
    help_cut_keys: "^U ^K ^W ^Z",
    help_edit_cut: "вырезать до начала/конца, слово; отмена",
    help_command: "Командная строка",
    help_command_note: "набор ищет действия по словам; :номер — к заказу; :q — выход",
    command_run: "выполнить",
    command_nothing: "ничего не подходит",
    help_analysis: "Анализ",
    help_team: "Команда",
    help_notices: "Журнал уведомлений",
    notices_title: "Журнал уведомлений (время МСК)",
    notices_empty: "уведомлений пока не было",
    lesson: "Вывод",
    opened_by_rule: "автоматически",
    skipped: "пропущен",
    team_title: "Команда",
    team_agent: "Агент",
    team_idle: "простой",
    team_notes: "заметок",
    team_writes: "записей",
    team_today: "сегодня",
    team_unclaimed: "Никто не взял",
    team_oldest_p1: "старейший P1 ждёт",
    team_waiting: "Дольше всех ждут ответа",
    team_nobody: "ни один заказ не в работе",
    team_none_waiting: "никто не ждёт",
    msk: "МСК",
    copied_track: "скопирован трек {track} заказа {id}",
    copied_id_track: "скопирован номер {id}; ещё раз Y — трек {track}",
    copied_id: "скопирован номер {id}",
    sync_failing_since: "синхронизация не проходит с {since}: {why}",
    sync_works_again: "синхронизация снова проходит",
    refreshed: "обновлено: {new} новых, {changed} изменилось",
    lease_held: "синхронизирует {holder}",
    no_market: "нет ключа API: заказ обновит процесс с ключом (ym-triage daemon)",
    read_only_refused: "режим только чтения: действия отключены",
    span_units: ["д", "ч", "м"],
    too_small: "терминал слишком мал: нужно {nw}×{nh}, сейчас {w}×{h}",
    relative_past: "{span} назад",
    relative_future: "через {span}",
    just_now: "только что",
    age_units: ["с", "мин", "ч", "д"],
    ago: "{n} {unit} назад",
    filter_unknown_field: "нет поля {field}; поля: {fields}",
    filter_no_value: "{field}: нужно значение",
    filter_bad_value: "{field}: нет значения {value}; есть: {known}",
    taken_from_you: "{other} забрал(а) у вас заказ {id}",
    buyer_wrote: "✉ покупатель написал по заказу {id}",
    market_refused: "Маркет отклонил: {order}{kind}: {error}",
};

static EN: Strings = Strings {
    at_risk: "At risk",
    undelivered: "Undelivered",
    mine: "Mine",
    all: "All",
    col_severity: "Sev",
    col_order: "Order",
    col_model: "Type",
    col_status: "Status",
    col_rule: "Rule",
    col_due: "Breach",
    col_claim: "Taken",
    col_city: "City",
    col_carrier: "Carrier",
    col_value: "Value",
    sort: "sort",
    no_orders: "no orders",
    no_orders_filter: "no orders match the filter",
    tab_order: "Order",
    tab_timeline: "Timeline",
    tab_incident: "Incident",
    no_incident: "no incident",
    incident_open: "open",
    incident_closed: "closed",
    audit: "Audit",
    take_over: "{agent} is working on this order. Take it over?",
    confirm_hint: "y — yes · Esc — no",
    close_title: " Close the incident: root cause ",
    close_hint: "j/k — choose · Enter — close · Esc — cancel",
    steps: [
        "Verify the order, contact the carrier",
        "Tell the buyer honestly",
        "Offer another delivery",
        "Offer compensation",
        "Update the status in the Market",
        "Check the Market's rules",
        "Analyse the cause",
    ],
    no_selection: "no order selected",
    loading: "loading…",
    no_events: "no events",
    order: "Order",
    campaign: "Campaign",
    model: "Model",
    status: "Status",
    substatus: "Substatus",
    created: "Created",
    updated: "Updated",
    delivery: "Delivery",
    carrier: "Carrier",
    tracks: "Tracks",
    planned: "Planned",
    shipment: "Shipment",
    delivered: "Delivered",
    storage_limit: "Stored until",
    region: "Region",
    buyer: "Buyer",
    buyer_trusted: "checked by the Market: write, do not call",
    value: "Value",
    flags: "Flags",
    claimant: "Taken by",
    nobody: "nobody",
    flag_cancel_requested: "cancellation requested",
    flag_estimated: "date not confirmed",
    flag_items_lost: "items lost",
    rules: "Rules",
    no_rules: "no rule matched",
    market_time: "Market",
    synced: "synced",
    never_synced: "never synced",
    stale: "stale",
    sync_failing: "sync failing since",
    syncing: "syncing:",
    demo: "DEMO",
    read_only: "READ-ONLY",
    filter_accept: "done",
    help_title: "Help",
    help_list: "List",
    help_filter: "Filter",
    help_syntax: "text matches anywhere; fields: model:dbs rule:stale city:москва sev:p1 claim:none",
    help_close: "close",
    help_search: "search",
    help_nothing: "nothing found",
    help_edit_keys: "←→ Home End ^A ^E",
    help_edit_move: "move the cursor",
    help_cut_keys: "^U ^K ^W ^Z",
    help_edit_cut: "cut to start/end, a word; undo",
    help_command: "Command line",
    help_command_note: "typing finds actions by their words; :number jumps to an order; :q quits",
    command_run: "run",
    command_nothing: "nothing matches",
    help_analysis: "Analysis",
    help_team: "Team",
    help_notices: "Log of notices",
    notices_title: "Log of notices (Moscow time)",
    notices_empty: "no notices yet",
    lesson: "Lesson",
    opened_by_rule: "automatically",
    skipped: "skipped",
    team_title: "Team",
    team_agent: "Agent",
    team_idle: "idle",
    team_notes: "notes",
    team_writes: "writes",
    team_today: "today",
    team_unclaimed: "Unclaimed",
    team_oldest_p1: "oldest P1 waiting",
    team_waiting: "Buyers waiting longest",
    team_nobody: "no order is held",
    team_none_waiting: "nobody is waiting",
    msk: "MSK",
    copied_track: "copied the track {track} of {id}",
    copied_id_track: "copied {id}; Y again copies the track {track}",
    copied_id: "copied {id}",
    sync_failing_since: "sync failing since {since}: {why}",
    sync_works_again: "sync works again",
    refreshed: "refreshed: {new} new, {changed} changed",
    lease_held: "{holder} is syncing",
    no_market: "no API key here: the process holding the key (ym-triage daemon) refreshes orders",
    read_only_refused: "read-only: actions are off",
    span_units: ["d", "h", "m"],
    too_small: "terminal too small: need {nw}×{nh}, have {w}×{h}",
    relative_past: "{span} ago",
    relative_future: "in {span}",
    just_now: "just now",
    age_units: ["s", "min", "h", "d"],
    ago: "{n} {unit} ago",
    filter_unknown_field: "unknown field {field}; fields: {fields}",
    filter_no_value: "{field}: needs a value",
    filter_bad_value: "{field}: no value {value}; values: {known}",
    taken_from_you: "{other} took over {id} from you",
    buyer_wrote: "✉ the buyer wrote on {id}",
    market_refused: "the Market refused: {order}{kind}: {error}",
};

/// The labels of a language.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}

/// The title of a section tab; a view from the config keeps its own name.
pub fn section_name(lang: Lang, section: &Section) -> Cow<'_, str> {
    let s = strings(lang);
    match section {
        Section::AtRisk => Cow::Borrowed(s.at_risk),
        Section::Undelivered => Cow::Borrowed(s.undelivered),
        Section::Mine => Cow::Borrowed(s.mine),
        Section::All => Cow::Borrowed(s.all),
        Section::View { name, .. } | Section::Orders { name, .. } => clean(name),
    }
}

/// The name of a sort order.
pub fn sort_name(lang: Lang, key: SortKey) -> &'static str {
    let n = names(lang);
    match key {
        SortKey::Urgency => n.sort_urgency,
        SortKey::Due => n.sort_due,
        SortKey::Value => n.sort_value,
        SortKey::Updated => n.sort_updated,
        SortKey::OrderId => n.sort_order_id,
    }
}

/// One line on why a rule matters, for the detail pane.
pub fn rule_why(lang: Lang, rule: Rule) -> &'static str {
    use Rule::*;
    let n = names(lang);
    match rule {
        NotReceivedDispute => n.why_not_received_dispute,
        CancelRequestPending => n.why_cancel_request_pending,
        Expiring => n.why_expiring,
        ShipmentOverdue => n.why_shipment_overdue,
        DeliveryOverdue => n.why_delivery_overdue,
        Undelivered => n.why_undelivered,
        ShipmentDueSoon => n.why_shipment_due_soon,
        DeliveryDueToday => n.why_delivery_due_today,
        DateChangeBudget => n.why_date_change_budget,
        Stale => n.why_stale,
        NoTrack => n.why_no_track,
        StorageExpiring => n.why_storage_expiring,
        DateUnconfirmed => n.why_date_unconfirmed,
        BuyerWaiting => n.why_buyer_waiting,
        LostClaimClock => n.why_lost_claim_clock,
        ReturnStuck => n.why_return_stuck,
    }
}

/// The name of a timeline event kind; `None` for a kind this build does not know.
pub fn event_kind(lang: Lang, kind: &str) -> Option<&'static str> {
    let n = names(lang);
    Some(match kind {
        "created" => n.event_created,
        "status" => n.event_status,
        "substatus" => n.event_substatus,
        "delivery_dates" => n.event_delivery_dates,
        "shipment_date" => n.event_shipment_date,
        "tracks" => n.event_tracks,
        "carrier" => n.event_carrier,
        "cancel_requested" => n.event_cancel_requested,
        "storage_limit" => n.event_storage_limit,
        "real_delivery_date" => n.event_real_delivery_date,
        "return" => n.event_return,
        _ => return None,
    })
}

fn act_text(lang: Lang, act: Act) -> [&'static str; 2] {
    let w = acts(lang);
    match act {
        Act::MoveDown => w.move_down,
        Act::MoveUp => w.move_up,
        Act::PageDown => w.page_down,
        Act::PageUp => w.page_up,
        Act::Top => w.top,
        Act::Bottom => w.bottom,
        Act::NextSection => w.next_section,
        Act::PrevSection => w.prev_section,
        Act::Filter => w.filter,
        Act::CycleSort => w.cycle_sort,
        Act::ToggleDetail => w.toggle_detail,
        Act::NextTab => w.next_tab,
        Act::PrevTab => w.prev_tab,
        Act::Refetch => w.refetch,
        Act::Refresh => w.refresh,
        Act::Claim => w.claim,
        Act::StepDone => w.step_done,
        Act::CloseIncident => w.close_incident,
        Act::ActOnTab => w.act_on_tab,
        Act::Mark => w.mark,
        Act::ClearMarks => w.clear_marks,
        Act::Note => w.note,
        Act::SkipStep => w.skip_step,
        Act::LogCall => w.log_call,
        Act::EditDraft => w.edit_draft,
        Act::InlineEdit => w.inline_edit,
        Act::CopyDraft => w.copy_draft,
        Act::CopyId => w.copy_id,
        Act::SendDraft => w.send_draft,
        Act::Undo => w.undo,
        Act::Reopen => w.reopen,
        Act::Writes => w.writes,
        Act::Analysis => w.analysis,
        Act::Team => w.team,
        Act::Notices => w.notices,
        Act::Command => w.command,
        Act::PeriodBack => w.period_back,
        Act::PeriodForward => w.period_forward,
        Act::PeriodLonger => w.period_longer,
        Act::PeriodShorter => w.period_shorter,
        Act::CycleBy => w.cycle_by,
        Act::SwitchLang => w.switch_lang,
        Act::Confirm => w.confirm,
        Act::Help => w.help,
        Act::Back => w.back,
        Act::Quit => w.quit,
    }
}

/// A short word for an act, for the footer hints.
pub fn action_hint(lang: Lang, act: Act) -> &'static str {
    act_text(lang, act)[0]
}

/// The full description of an act, for the `?` screen.
pub fn action_desc(lang: Lang, act: Act) -> &'static str {
    act_text(lang, act)[1]
}

/// The "terminal too small" message.
pub fn too_small(lang: Lang, need: (u16, u16), have: (u16, u16)) -> String {
    let (nw, nh, w, h) = (need.0, need.1, have.0, have.1);
    fill(
        strings(lang).too_small,
        &[("nw", &nw), ("nh", &nh), ("w", &w), ("h", &h)],
    )
}

/// A deadline relative to now: "in 3h 20m" / "через 3ч 20м", "2d 4h ago" / "2д 4ч назад".
pub fn relative(lang: Lang, secs: i64) -> String {
    let words = strings(lang);
    let [dw, hw, mw] = words.span_units;
    let (past, s) = (secs <= 0, secs.unsigned_abs());
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    let span = if d > 0 {
        format!("{d}{dw} {h}{hw}")
    } else if h > 0 {
        format!("{h}{hw} {m:02}{mw}")
    } else {
        format!("{m}{mw}")
    };
    let text = if past {
        words.relative_past
    } else {
        words.relative_future
    };
    fill(text, &[("span", &span)])
}

/// How old the data is: "40 s ago" / "40 с назад", coarser as it grows.
pub fn age(lang: Lang, secs: i64) -> String {
    let words = strings(lang);
    let [sec, min, hour, day] = words.age_units;
    let (n, unit) = match secs {
        s if s < 0 => return words.just_now.to_owned(),
        s if s < 60 => (s, sec),
        s if s < 3600 => (s / 60, min),
        s if s < 86_400 => (s / 3600, hour),
        s => (s / 86_400, day),
    };
    fill(words.ago, &[("n", &n), ("unit", &unit)])
}

/// An instant as the Market's clock (Moscow, UTC+3) shows it: `DD.MM HH:MM`.
pub fn msk_datetime(t: DateTime<Utc>) -> String {
    t.with_timezone(&moscow()).format("%d.%m %H:%M").to_string()
}

/// An instant's Moscow time of day: `HH:MM`.
pub fn msk_clock(t: DateTime<Utc>) -> String {
    t.with_timezone(&moscow()).format("%H:%M").to_string()
}

/// A calendar day: `DD.MM`.
pub fn day(d: NaiveDate) -> String {
    d.format("%d.%m").to_string()
}

/// Who wrote a chat message, by the Market's sender value; `None` for a value this
/// build does not know (shown cleaned, as sent).
pub fn chat_sender(lang: Lang, sender: &str) -> Option<&'static str> {
    let n = names(lang);
    Some(match sender {
        "PARTNER" => n.sender_partner,
        "CUSTOMER" => n.sender_customer,
        "MARKET" => n.sender_market,
        "SUPPORT" => n.sender_support,
        _ => return None,
    })
}

/// The name of an outbox write kind; `None` for a kind this build does not know.
pub fn write_kind(lang: Lang, kind: &str) -> Option<&'static str> {
    let n = names(lang);
    Some(match kind {
        "status" => n.write_status,
        "statuses" => n.write_statuses,
        "delivery_date" => n.write_delivery_date,
        "track" => n.write_track,
        "storage_limit" => n.write_storage_limit,
        "cancellation_answer" => n.write_cancellation_answer,
        "transfer" => n.write_transfer,
        "chat_message" => n.write_chat_message,
        _ => return None,
    })
}

/// A detail tab's name, as the tab bar shows it.
pub fn tab_name(lang: Lang, tab: super::state::DetailTab) -> &'static str {
    use super::state::DetailTab;
    let (s, a) = (strings(lang), acting(lang));
    match tab {
        DetailTab::Order => s.tab_order,
        DetailTab::Timeline => s.tab_timeline,
        DetailTab::Incident => s.tab_incident,
        DetailTab::Contact => a.tab_contact,
        DetailTab::Reroute => a.tab_reroute,
        DetailTab::Compensation => a.tab_compensation,
        DetailTab::Status => a.tab_status,
    }
}

/// A tab's name cut short, for a narrow tab bar: still a word, never a number.
pub fn tab_short(lang: Lang, tab: super::state::DetailTab) -> &'static str {
    use super::state::DetailTab::*;
    let n = names(lang);
    match tab {
        Order => n.tab_short_order,
        Timeline => n.tab_short_timeline,
        Incident => n.tab_short_incident,
        Contact => n.tab_short_contact,
        Reroute => n.tab_short_reroute,
        Compensation => n.tab_short_compensation,
        Status => n.tab_short_status,
    }
}

/// Why syncs fail, in words, by `SyncError::failure_kind`; `None` for a kind this
/// build does not know (the message is shown instead).
pub fn sync_failure(lang: Lang, kind: &str) -> Option<&'static str> {
    let n = names(lang);
    Some(match kind {
        "unreachable" => n.failure_unreachable,
        "timeout" => n.failure_timeout,
        "auth" => n.failure_auth,
        "refused" => n.failure_refused,
        "broken" => n.failure_broken,
        "cache" => n.failure_cache,
        "deadline" => n.failure_deadline,
        _ => return None,
    })
}

/// Where an outbox write is, in words.
pub fn write_state(lang: Lang, state: crate::cache::OutboxState) -> &'static str {
    use crate::cache::OutboxState as O;
    let n = names(lang);
    match state {
        O::Queued => n.state_queued,
        O::Sending => n.state_sending,
        O::Sent => n.state_sent,
        O::Failed => n.state_failed,
        O::Cancelled => n.state_cancelled,
        O::Dismissed => n.state_dismissed,
    }
}

#[cfg(test)]
mod tests;
