//! The Reroute tab's option names, effects and deadlines, one table per language; the
//! options carry each text in both (`Msg::each`), since the reader is not known there.

use crate::base::lang::Lang;

/// The alternatives' words in one language. `{date}` is a date written with
/// `date_format`, `{left}` a span of time, `{due}` an instant, `{carrier}` a carrier.
#[derive(Debug)]
pub(super) struct RerouteWords {
    pub date_format: &'static str,
    pub move_date: &'static str,
    pub change_carrier: &'static str,
    pub extend_storage: &'static str,
    pub accept_cancellation: &'static str,
    pub reject_cancellation: &'static str,
    pub transfer_shipment: &'static str,
    pub escalate_market: &'static str,
    pub claim_market: &'static str,
    pub claim_carrier: &'static str,
    pub escalate_effect: &'static str,
    pub no_other_carriers: &'static str,
    pub other_carrier_effect: &'static str,
    pub storage_until: &'static str,
    pub answer_left: &'static str,
    pub answer_expired: &'static str,
    pub carrier_claim_effect: &'static str,
    pub market_claim_effect: &'static str,
    pub compensated: &'static str,
    pub claim_expired: &'static str,
    pub claim_by: &'static str,
}

static RU: RerouteWords = RerouteWords {
    date_format: "%d.%m.%Y",
    move_date: "Перенести дату доставки",
    change_carrier: "Передать другой службе доставки",
    extend_storage: "Продлить хранение в пункте выдачи",
    accept_cancellation: "Принять запрос отмены",
    reject_cancellation: "Отклонить запрос отмены",
    transfer_shipment: "Перенести в следующую отгрузку",
    escalate_market: "Обратиться в поддержку Маркета",
    claim_market: "Претензия Маркету за утерю",
    claim_carrier: "Претензия своей службе доставки",
    escalate_effect: "доставкой занимается Маркет: обращение через кабинет или поддержку, API для этого нет",
    no_other_carriers: "В настройках нет других служб доставки ([[incident.carriers]])",
    other_carrier_effect: "заказ передаётся другой службе из настроек; Маркету уходит её трек-номер",
    storage_until: "до {date}",
    answer_left: "осталось {left} (до {due})",
    answer_expired: "срок истёк {due}",
    carrier_claim_effect: "претензия к {carrier}: при DBS за потерю отвечает ваша служба доставки; запросите письменное подтверждение утери",
    market_claim_effect: "претензия в кабинете Маркета (API нет): до 10 заказов в одной, подпись руководителя и реквизиты. Обычно Маркет компенсирует FBS/FBY сам через 40 дней после отмены; претензия нужна для Express, покупателя-юрлица, утери в «готов к выдаче» или после возврата денег",
    compensated: "Компенсация за заказ уже получена",
    claim_expired: "Срок претензии истёк {date}",
    claim_by: "подать до {date} включительно (осталось {left})",
};

static EN: RerouteWords = RerouteWords {
    date_format: "%Y-%m-%d",
    move_date: "Move the delivery date",
    change_carrier: "Hand over to another carrier",
    extend_storage: "Extend pickup storage",
    accept_cancellation: "Accept the cancellation request",
    reject_cancellation: "Reject the cancellation request",
    transfer_shipment: "Transfer to the next shipment",
    escalate_market: "Escalate to the Market",
    claim_market: "Loss claim to the Market",
    claim_carrier: "Claim to your carrier",
    escalate_effect: "the Market runs this delivery: escalate via the cabinet or support; there is no API for it",
    no_other_carriers: "No other carriers in the config ([[incident.carriers]])",
    other_carrier_effect: "the order goes to another carrier from the config; its track code is sent to the Market",
    storage_until: "until {date}",
    answer_left: "{left} left (until {due})",
    answer_expired: "expired {due}",
    carrier_claim_effect: "a claim to {carrier}: with DBS your own carrier answers for the loss; ask it to confirm the loss in writing",
    market_claim_effect: "a claim in the Market cabinet (no API): up to 10 orders per claim, signed by the CEO with bank details. The Market usually compensates FBS/FBY itself 40 days after cancellation; a claim is needed for Express, business buyers, a loss in \"ready to be issued\" or after a refund",
    compensated: "A compensation for this order was already seen",
    claim_expired: "The claim deadline passed on {date}",
    claim_by: "file by {date} inclusive ({left} left)",
};

/// The Reroute tab's words in a language.
pub(super) fn words(lang: Lang) -> &'static RerouteWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
