//! What the service says back about a command, one table per language: why it is
//! refused or cannot be done, and the one line saying what was done. The answer goes
//! back as a `Msg` in both languages, for whichever screen or socket client asked.

use crate::base::lang::Lang;

/// The service's refusals and notices in one language. `{id}` is an order id,
/// `{agent}`/`{holder}`/`{from}` agents, `{e}`/`{why}` an underlying error.
#[derive(Debug)]
pub(super) struct ServiceWords {
    pub read_only: &'static str,
    pub no_api_key: &'static str,
    pub no_compensation_kind: &'static str,
    pub not_in_cache: &'static str,
    pub market_returned_none: &'static str,
    pub market_error: &'static str,
    pub not_a_command: &'static str,
    pub daemon_silent: &'static str,
    /// Why the daemon is taken for silent: its answer did not come in time.
    pub daemon_no_answer: &'static str,
    /// Why the daemon is taken for silent: the connection broke again after a retry.
    pub daemon_broke_twice: &'static str,
    pub no_such_order: &'static str,
    pub held_by: &'static str,
    pub yours: &'static str,
    pub took_over: &'static str,
    pub works_it: &'static str,
    pub changed: &'static str,
    pub queued: &'static str,
    pub requested: &'static str,
    pub undone: &'static str,
    pub draft_saved: &'static str,
    pub checked: &'static str,
}

static RU: ServiceWords = ServiceWords {
    read_only: "{agent}: только чтение (read_only_users в конфигурации)",
    no_api_key: "нет ключа API: это делает процесс с ключом (ym-triage daemon)",
    no_compensation_kind: "нет вида компенсации {kind} в каталоге",
    not_in_cache: "{id}: заказа нет в кэше",
    market_returned_none: "{id}: Маркет не вернул такой заказ",
    market_error: "{id}: Маркет: {e}",
    not_a_command: "не команда ym-triage: {e}",
    daemon_silent: "демон ym-triage не отвечает ({path}: {why}); действия недоступны, чтение работает",
    daemon_no_answer: "нет ответа за 30 с",
    daemon_broke_twice: "соединение оборвалось дважды",
    no_such_order: "заказа нет в кэше",
    held_by: "заказ ведёт {holder}",
    yours: "✓ {id}: заказ ваш",
    took_over: "✓ {id}: забрали у {from}",
    works_it: "{id}: заказ ведёт {agent}",
    changed: "✓ {id}",
    queued: "в очереди на отправку: {queued}",
    requested: "↻ {id}",
    undone: "↶ {id}: отменено",
    draft_saved: "черновик сохранён {at}",
    checked: "проверено: {ok} из {all} можно",
};

static EN: ServiceWords = ServiceWords {
    read_only: "{agent} may only read (read_only_users in the config)",
    no_api_key: "no API key here: the process holding the key (ym-triage daemon) does this",
    no_compensation_kind: "no compensation kind {kind} in the catalogue",
    not_in_cache: "{id}: no such order in the cache",
    market_returned_none: "{id}: the Market returned no such order",
    market_error: "{id}: the Market: {e}",
    not_a_command: "not a ym-triage command: {e}",
    daemon_silent: "the ym-triage daemon does not answer ({path}: {why}); acting is unavailable, reading works",
    daemon_no_answer: "no answer in 30 s",
    daemon_broke_twice: "the connection broke twice",
    no_such_order: "no such order in the cache",
    held_by: "{holder} works this order",
    yours: "✓ {id}: yours",
    took_over: "✓ {id}: taken over from {from}",
    works_it: "{id}: {agent} works this order",
    changed: "✓ {id}",
    queued: "queued to send: {queued}",
    requested: "↻ {id}",
    undone: "↶ {id}: undone",
    draft_saved: "draft saved {at}",
    checked: "checked: {ok} of {all} allowed",
};

/// The service's words in a language.
pub(super) fn words(lang: Lang) -> &'static ServiceWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
