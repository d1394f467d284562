//! The words of the incident's history, one table per language.

use crate::base::lang::Lang;

/// The history's phrases in one language: what each audited act is called.
#[derive(Debug)]
pub struct TrailWords {
    pub closed: &'static str,
    pub claim: &'static str,
    pub release: &'static str,
    pub opened: &'static str,
    pub note: &'static str,
    pub compensation: &'static str,
    pub reroute: &'static str,
    pub reopened: &'static str,
    pub step: &'static str,
    pub done: &'static str,
    pub skipped: &'static str,
    pub step_done: &'static str,
    pub step_skipped: &'static str,
    pub number_unavailable: &'static str,
    pub no_answer: &'static str,
    pub call: &'static str,
    pub undone: &'static str,
    /// `{from}`: the agent the order was taken from.
    pub took_over_from: &'static str,
    /// `{n}`: seconds connected.
    pub connected: &'static str,
    // What happened to a write to the Market.
    pub write: &'static str,
    pub sent: &'static str,
    pub failed: &'static str,
    pub cancel: &'static str,
    pub requeue: &'static str,
    pub dismiss: &'static str,
    /// Put in place of the service's English stamp of a reopen in a note.
    pub reopened_stamp: &'static str,
}

static RU: TrailWords = TrailWords {
    closed: "закрыт",
    claim: "взял(а) заказ",
    release: "отпустил(а) заказ",
    opened: "инцидент открыт",
    note: "заметка",
    compensation: "компенсация записана",
    reroute: "перенаправление записано",
    reopened: "открыт снова",
    step: "шаг",
    done: "выполнен",
    skipped: "пропущен",
    step_done: "шаг выполнен",
    step_skipped: "шаг пропущен",
    number_unavailable: "номер недоступен",
    no_answer: "не ответил",
    call: "звонок покупателю",
    undone: "отменено",
    took_over_from: "забрал(а) у {from}",
    connected: "разговор {n} с",
    write: "запрос в Маркет",
    sent: "Маркет принял",
    failed: "Маркет отклонил",
    cancel: "запрос отменён",
    requeue: "запрос отправлен снова",
    dismiss: "отказ закрыт",
    reopened_stamp: ": открыт снова: ",
};

static EN: TrailWords = TrailWords {
    closed: "closed",
    claim: "took the order",
    release: "let the order go",
    opened: "incident opened",
    note: "note",
    compensation: "compensation recorded",
    reroute: "reroute recorded",
    reopened: "reopened",
    step: "step",
    done: "done",
    skipped: "skipped",
    step_done: "step done",
    step_skipped: "step skipped",
    number_unavailable: "number unavailable",
    no_answer: "no answer",
    call: "call to the buyer",
    undone: "undone",
    took_over_from: "took over from {from}",
    connected: "connected {n} s",
    write: "write to the Market",
    sent: "the Market accepted",
    failed: "the Market refused",
    cancel: "write cancelled",
    requeue: "write sent again",
    dismiss: "refusal dismissed",
    reopened_stamp: ": reopened: ",
};

/// The history's words in a language.
pub fn words(lang: Lang) -> &'static TrailWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
