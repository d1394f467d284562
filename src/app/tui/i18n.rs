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
use crate::domain::risk::Rule;
use crate::market::dates::moscow;

mod acting;
mod analysis;
mod kept;
pub mod trail;
pub mod words;
mod workflow;
pub use acting::{Acting, acting};
pub use analysis::{AnalysisWords, analysis};
pub use kept::{KeptWords, kept};
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
    match (lang, key) {
        (Lang::Ru, SortKey::Urgency) => "срочность",
        (Lang::Ru, SortKey::Due) => "срок",
        (Lang::Ru, SortKey::Value) => "сумма",
        (Lang::Ru, SortKey::Updated) => "обновление",
        (Lang::Ru, SortKey::OrderId) => "номер",
        (Lang::En, SortKey::Urgency) => "urgency",
        (Lang::En, SortKey::Due) => "deadline",
        (Lang::En, SortKey::Value) => "value",
        (Lang::En, SortKey::Updated) => "updated",
        (Lang::En, SortKey::OrderId) => "order id",
    }
}

/// One line on why a rule matters, for the detail pane.
pub fn rule_why(lang: Lang, rule: Rule) -> &'static str {
    use Rule::*;
    match lang {
        Lang::Ru => match rule {
            NotReceivedDispute => "покупатель заявил, что не получил заказ: открыт спор",
            CancelRequestPending => "покупатель просит отменить: ответить в течение 48 ч",
            Expiring => "срок заказа истекает, а он не движется",
            ShipmentOverdue => "отгрузка просрочена",
            DeliveryOverdue => "плановая дата доставки прошла, заказ не доставлен",
            Undelivered => "отменён из-за сбоя доставки, инцидент не закрыт",
            ShipmentDueSoon => "отгрузка в ближайшие часы, заказ ещё не собран",
            DeliveryDueToday => "доставка сегодня, а заказ ещё не передан",
            DateChangeBudget => "дату доставки переносили слишком часто",
            Stale => "в доставке без изменений несколько дней",
            NoTrack => "передан в доставку, но трек-номера нет",
            StorageExpiring => "срок хранения в пункте выдачи заканчивается",
            DateUnconfirmed => "дата доставки предварительная, не подтверждена",
            BuyerWaiting => "покупатель ждёт ответа в чате",
            LostClaimClock => "заказ потерян: идёт срок подачи претензии",
            ReturnStuck => "возврат потерян или ждёт в пункте выдачи последний день",
        },
        Lang::En => match rule {
            NotReceivedDispute => "the buyer says it never arrived: a dispute is open",
            CancelRequestPending => "the buyer asks to cancel: answer within 48 h",
            Expiring => "the order expires soon and is not moving",
            ShipmentOverdue => "the shipment is overdue",
            DeliveryOverdue => "the planned delivery day has passed, not delivered",
            Undelivered => "cancelled because delivery failed; no closed incident",
            ShipmentDueSoon => "ships within hours and is not packed yet",
            DeliveryDueToday => "due today and not handed over yet",
            DateChangeBudget => "the delivery date was moved too often",
            Stale => "in delivery with no change for days",
            NoTrack => "handed over without a track code",
            StorageExpiring => "pickup point storage runs out",
            DateUnconfirmed => "the delivery date is an estimate, not confirmed",
            BuyerWaiting => "the buyer is waiting for an answer in the chat",
            LostClaimClock => "lost: the claim deadline is running",
            ReturnStuck => "a parcel coming back was lost, or its pickup deadline is near",
        },
    }
}

/// The name of a timeline event kind; `None` for a kind this build does not know.
pub fn event_kind(lang: Lang, kind: &str) -> Option<&'static str> {
    let (ru, en) = match kind {
        "created" => ("создан", "created"),
        "status" => ("статус", "status"),
        "substatus" => ("подстатус", "substatus"),
        "delivery_dates" => ("даты доставки", "delivery dates"),
        "shipment_date" => ("дата отгрузки", "shipment date"),
        "tracks" => ("треки", "tracks"),
        "carrier" => ("служба", "carrier"),
        "cancel_requested" => ("запрос отмены", "cancel request"),
        "storage_limit" => ("срок хранения", "storage limit"),
        "real_delivery_date" => ("дата вручения", "delivered on"),
        "return" => ("возврат / невыкуп", "return / non-purchase"),
        _ => return None,
    };
    Some(match lang {
        Lang::Ru => ru,
        Lang::En => en,
    })
}

/// (footer hint, description) of an act, in Russian, then in English. Descriptions
/// stay within 22 columns so that help fits in two columns at 80. A match, not a
/// list: an act without words is a compile error.
#[rustfmt::skip]
fn act_texts(act: Act) -> ([&'static str; 2], [&'static str; 2]) {
    match act {
        Act::MoveDown => (["вниз", "вниз по списку"], ["down", "next order"]),
        Act::MoveUp => (["вверх", "вверх по списку"], ["up", "previous order"]),
        Act::PageDown => (["стр.↓", "страница вниз"], ["pg down", "page down"]),
        Act::PageUp => (["стр.↑", "страница вверх"], ["pg up", "page up"]),
        Act::Top => (["начало", "в начало списка"], ["top", "first order"]),
        Act::Bottom => (["конец", "в конец списка"], ["bottom", "last order"]),
        Act::NextSection => (["раздел", "следующий раздел"], ["section", "next section"]),
        Act::PrevSection => (["раздел←", "предыдущий раздел"], ["section←", "previous section"]),
        Act::Filter => (["фильтр", "фильтровать список"], ["filter", "filter the list"]),
        Act::CycleSort => (["сортировка", "сменить сортировку"], ["sort", "change the sort"]),
        Act::ToggleDetail => (["детали", "открыть/закрыть детали"], ["detail", "open/close the detail"]),
        Act::NextTab => (["вкладка", "следующая вкладка"], ["tab", "next detail tab"]),
        Act::PrevTab => (["вкладка←", "предыдущая вкладка"], ["tab←", "previous detail tab"]),
        Act::Refetch => (["перезапрос", "перезапросить заказ"], ["refetch", "re-fetch the order"]),
        Act::Refresh => (["обновить", "обновить данные"], ["refresh", "refresh the data now"]),
        Act::Claim => (["взять", "взять заказ в работу"], ["claim", "claim the order"]),
        Act::StepDone => (["шаг ✓", "шаг выполнен"], ["step ✓", "current step done"]),
        Act::CloseIncident => (["закрыть", "закрыть с причиной"], ["close", "close with a cause"]),
        Act::ActOnTab => (["действие", "действие вкладки"], ["act", "act on this tab"]),
        Act::Mark => (["отметить", "отметить для всех"], ["mark", "mark for bulk"]),
        Act::ClearMarks => (["снять отм.", "снять все отметки"], ["unmark", "clear every mark"]),
        Act::Note => (["заметка", "заметка к инциденту"], ["note", "note on the incident"]),
        Act::SkipStep => (["пропуск", "пропустить шаг"], ["skip", "skip the step"]),
        Act::LogCall => (["звонок", "записать звонок"], ["call", "log a call"]),
        Act::EditDraft => (["редактор", "черновик в $EDITOR"], ["editor", "draft in $EDITOR"]),
        Act::InlineEdit => (["писать", "править черновик"], ["write", "edit the draft here"]),
        Act::CopyDraft => (["копия", "копировать черновик"], ["copy", "copy the draft"]),
        Act::CopyId => (["копия №", "копировать номер, трек"], ["copy id", "copy the id, the track"]),
        Act::SendDraft => (["отправить", "отправить покупателю"], ["send", "send to the buyer"]),
        Act::Undo => (["отменить", "отменить действие"], ["undo", "undo the last act"]),
        Act::Reopen => (["открыть", "открыть инцидент снова"], ["reopen", "reopen the incident"]),
        Act::Writes => (["записи", "записи: отмена, повтор"], ["writes", "writes: cancel, retry"]),
        Act::Analysis => (["анализ", "экран анализа"], ["analysis", "the analysis screen"]),
        Act::Team => (["команда", "экран команды"], ["team", "the team screen"]),
        Act::Notices => (["журнал", "журнал уведомлений"], ["log", "the log of notices"]),
        Act::Command => (["команды", "командная строка"], ["commands", "the command line"]),
        Act::PeriodBack => (["период←", "период раньше"], ["period←", "earlier period"]),
        Act::PeriodForward => (["период→", "период позже"], ["period→", "later period"]),
        Act::PeriodLonger => (["длиннее", "период длиннее"], ["longer", "longer period"]),
        Act::PeriodShorter => (["короче", "период короче"], ["shorter", "shorter period"]),
        Act::CycleBy => (["группы", "группировать по…"], ["group by", "group by…"]),
        Act::SwitchLang => (["язык", "язык сообщения"], ["language", "message language"]),
        Act::Confirm => (["да", "подтвердить"], ["yes", "confirm"]),
        Act::Help => (["справка", "справка"], ["help", "help"]),
        Act::Back => (["назад", "закрыть, назад"], ["back", "close, go back"]),
        Act::Quit => (["выход", "выйти"], ["quit", "quit"]),
    }
}

fn act_text(lang: Lang, act: Act) -> [&'static str; 2] {
    let (ru, en) = act_texts(act);
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
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
    match lang {
        Lang::Ru => format!("терминал слишком мал: нужно {nw}×{nh}, сейчас {w}×{h}"),
        Lang::En => format!("terminal too small: need {nw}×{nh}, have {w}×{h}"),
    }
}

/// A deadline relative to now: "in 3h 20m" / "через 3ч 20м", "2d 4h ago" / "2д 4ч назад".
pub fn relative(lang: Lang, secs: i64) -> String {
    if lang == Lang::En {
        return crate::base::text::relative(secs);
    }
    let (past, s) = (secs <= 0, secs.unsigned_abs());
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    let body = if d > 0 {
        format!("{d}д {h}ч")
    } else if h > 0 {
        format!("{h}ч {m:02}м")
    } else {
        format!("{m}м")
    };
    if past {
        format!("{body} назад")
    } else {
        format!("через {body}")
    }
}

/// How old the data is: "40 s ago" / "40 с назад", coarser as it grows.
pub fn age(lang: Lang, secs: i64) -> String {
    let (ru, en) = match secs {
        s if s < 0 => {
            return String::from(if lang == Lang::Ru {
                "только что"
            } else {
                "just now"
            });
        }
        s if s < 60 => ("с", "s"),
        s if s < 3600 => ("мин", "min"),
        s if s < 86_400 => ("ч", "h"),
        _ => ("д", "d"),
    };
    let n = match secs {
        s if s < 60 => s,
        s if s < 3600 => s / 60,
        s if s < 86_400 => s / 3600,
        s => s / 86_400,
    };
    match lang {
        Lang::Ru => format!("{n} {ru} назад"),
        Lang::En => format!("{n} {en} ago"),
    }
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
    let (ru, en) = match sender {
        "PARTNER" => ("Магазин", "Shop"),
        "CUSTOMER" => ("Покупатель", "Buyer"),
        "MARKET" => ("Маркет", "Market"),
        "SUPPORT" => ("Поддержка", "Support"),
        _ => return None,
    };
    Some(match lang {
        Lang::Ru => ru,
        Lang::En => en,
    })
}

/// The name of an outbox write kind; `None` for a kind this build does not know.
pub fn write_kind(lang: Lang, kind: &str) -> Option<&'static str> {
    let (ru, en) = match kind {
        "status" => ("статус", "status"),
        "statuses" => ("статусы", "statuses"),
        "delivery_date" => ("дата доставки", "delivery date"),
        "track" => ("трек-номер", "track code"),
        "storage_limit" => ("срок хранения", "storage limit"),
        "cancellation_answer" => ("ответ на отмену", "cancellation answer"),
        "transfer" => ("в следующую отгрузку", "next shipment"),
        "chat_message" => ("сообщение в чат", "chat message"),
        _ => return None,
    };
    Some(match lang {
        Lang::Ru => ru,
        Lang::En => en,
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
    match (lang, tab) {
        (Lang::Ru, Order) => "Зак",
        (Lang::Ru, Timeline) => "Хрон",
        (Lang::Ru, Incident) => "Инц",
        (Lang::Ru, Contact) => "Связь",
        (Lang::Ru, Reroute) => "Марш",
        (Lang::Ru, Compensation) => "Комп",
        (Lang::Ru, Status) => "Стат",
        (Lang::En, Order) => "Ord",
        (Lang::En, Timeline) => "Time",
        (Lang::En, Incident) => "Inc",
        (Lang::En, Contact) => "Chat",
        (Lang::En, Reroute) => "Rer",
        (Lang::En, Compensation) => "Comp",
        (Lang::En, Status) => "Stat",
    }
}

/// Why syncs fail, in words, by `SyncError::failure_kind`; `None` for a kind this
/// build does not know (the message is shown instead).
pub fn sync_failure(lang: Lang, kind: &str) -> Option<&'static str> {
    let (ru, en) = match kind {
        "unreachable" => ("Маркет недоступен", "Market not reachable"),
        "timeout" => ("Маркет не отвечает", "the Market does not answer"),
        "auth" => ("Маркет не принимает ключ", "the Market refuses the key"),
        "refused" => (
            "Маркет отвечает ошибкой",
            "the Market answers with an error",
        ),
        "broken" => (
            "ответ Маркета не читается",
            "the Market's answer cannot be read",
        ),
        "cache" => ("кэш недоступен", "the cache failed"),
        "deadline" => ("не укладывается во время", "it does not finish in time"),
        _ => return None,
    };
    Some(match lang {
        Lang::Ru => ru,
        Lang::En => en,
    })
}

/// Where an outbox write is, in words.
pub fn write_state(lang: Lang, state: crate::cache::OutboxState) -> &'static str {
    use crate::cache::OutboxState as O;
    match (lang, state) {
        (Lang::Ru, O::Queued) => "в очереди",
        (Lang::Ru, O::Sending) => "отправляется",
        (Lang::Ru, O::Sent) => "принят",
        (Lang::Ru, O::Failed) => "отклонён",
        (Lang::Ru, O::Cancelled) => "отменён агентом",
        (Lang::Ru, O::Dismissed) => "отклонён, закрыт агентом",
        (Lang::En, O::Queued) => "queued",
        (Lang::En, O::Sending) => "sending",
        (Lang::En, O::Sent) => "accepted",
        (Lang::En, O::Failed) => "refused",
        (Lang::En, O::Cancelled) => "cancelled by an agent",
        (Lang::En, O::Dismissed) => "refused, dismissed by an agent",
    }
}

#[cfg(test)]
mod tests;
