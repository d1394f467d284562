//! The Market's enumerations, spelled exactly as the API spells them.
//!
//! The Market adds values without notice ("other values may be returned"), so every
//! enum here is *open*: a value we do not know is kept as the string that came, in
//! `Other`, and is written back unchanged. Parsing never fails on an unknown value.

/// Declares an open wire enum whose variants are named exactly as the API's strings.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                #[doc = concat!("`", stringify!($variant), "`")]
                $variant,
            )+
            /// A value this build does not know, kept as it came.
            Other(String),
        }

        impl $name {
            /// Every value this build knows, in the order the spec lists them.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => stringify!($variant),)+
                    $name::Other(s) => s.as_str(),
                }
            }

            /// Reads a value as the API spells it; unknown values become `Other`.
            pub fn parse(s: &str) -> Self {
                match s {
                    $(stringify!($variant) => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }

            /// True when the value is not one this build knows.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Other(_))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name::parse(s))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::parse(v))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

open_enum! {
    /// `OrderStatusType`.
    OrderStatus {
        PLACING, RESERVED, UNPAID, PROCESSING, DELIVERY, PICKUP, DELIVERED, CANCELLED,
        PENDING, PARTIALLY_RETURNED, RETURNED, UNKNOWN,
    }
}

open_enum! {
    /// `OrderSubstatusType`, all values of the spec in spec order.
    OrderSubstatus {
        RESERVATION_EXPIRED, USER_NOT_PAID, USER_UNREACHABLE, USER_CHANGED_MIND,
        USER_REFUSED_DELIVERY, USER_REFUSED_PRODUCT, SHOP_FAILED, USER_REFUSED_QUALITY,
        REPLACING_ORDER, PROCESSING_EXPIRED, PENDING_EXPIRED, SHOP_PENDING_CANCELLED,
        PENDING_CANCELLED, USER_FRAUD, RESERVATION_FAILED, USER_PLACED_OTHER_ORDER,
        USER_BOUGHT_CHEAPER, MISSING_ITEM, BROKEN_ITEM, WRONG_ITEM, PICKUP_EXPIRED,
        DELIVERY_PROBLEMS, LATE_CONTACT, CUSTOM, DELIVERY_SERVICE_FAILED,
        WAREHOUSE_FAILED_TO_SHIP, DELIVERY_SERVICE_UNDELIVERED, PREORDER, AWAIT_CONFIRMATION,
        STARTED, PACKAGING, READY_TO_SHIP, SHIPPED, ASYNC_PROCESSING, WAITING_USER_INPUT,
        WAITING_BANK_DECISION, BANK_REJECT_CREDIT_OFFER, CUSTOMER_REJECT_CREDIT_OFFER,
        CREDIT_OFFER_FAILED, AWAIT_DELIVERY_DATES_CONFIRMATION, SERVICE_FAULT,
        DELIVERY_SERVICE_RECEIVED, USER_RECEIVED, WAITING_FOR_STOCKS, AS_PART_OF_MULTI_ORDER,
        READY_FOR_LAST_MILE, LAST_MILE_STARTED, ANTIFRAUD, DELIVERY_USER_NOT_RECEIVED,
        DELIVERY_SERVICE_DELIVERED, DELIVERED_USER_NOT_RECEIVED,
        USER_WANTED_ANOTHER_PAYMENT_METHOD, USER_RECEIVED_TECHNICAL_ERROR,
        USER_FORGOT_TO_USE_BONUS, DELIVERY_SERVICE_NOT_RECEIVED, DELIVERY_SERVICE_LOST,
        SHIPPED_TO_WRONG_DELIVERY_SERVICE, DELIVERED_USER_RECEIVED, WAITING_TINKOFF_DECISION,
        COURIER_SEARCH, COURIER_FOUND, COURIER_IN_TRANSIT_TO_SENDER, COURIER_ARRIVED_TO_SENDER,
        COURIER_RECEIVED, COURIER_NOT_FOUND, COURIER_NOT_DELIVER_ORDER, COURIER_RETURNS_ORDER,
        COURIER_RETURNED_ORDER, WAITING_USER_DELIVERY_INPUT, PICKUP_SERVICE_RECEIVED,
        PICKUP_USER_RECEIVED, CANCELLED_COURIER_NOT_FOUND, COURIER_NOT_COME_FOR_ORDER,
        DELIVERY_NOT_MANAGED_REGION, INCOMPLETE_CONTACT_INFORMATION, INCOMPLETE_MULTI_ORDER,
        INAPPROPRIATE_WEIGHT_SIZE, TECHNICAL_ERROR, SORTING_CENTER_LOST,
        COURIER_SEARCH_NOT_STARTED, LOST, AWAIT_PAYMENT, AWAIT_LAVKA_RESERVATION,
        USER_WANTS_TO_CHANGE_ADDRESS, FULL_NOT_RANSOM, PRESCRIPTION_MISMATCH, DROPOFF_LOST,
        DROPOFF_CLOSED, DELIVERY_TO_STORE_STARTED, USER_WANTS_TO_CHANGE_DELIVERY_DATE,
        WRONG_ITEM_DELIVERED, DAMAGED_BOX, AWAIT_DELIVERY_DATES, LAST_MILE_COURIER_SEARCH,
        PICKUP_POINT_CLOSED, LEGAL_INFO_CHANGED, USER_HAS_NO_TIME_TO_PICKUP_ORDER,
        DELIVERY_CUSTOMS_ARRIVED, DELIVERY_CUSTOMS_CLEARED, FIRST_MILE_DELIVERY_SERVICE_RECEIVED,
        AWAIT_AUTO_DELIVERY_DATES, AWAIT_USER_PERSONAL_DATA, NO_PERSONAL_DATA_EXPIRED,
        CUSTOMS_PROBLEMS, AWAIT_CASHIER, WAITING_POSTPAID_BUDGET_RESERVATION,
        AWAIT_SERVICEABLE_CONFIRMATION, POSTPAID_BUDGET_RESERVATION_FAILED,
        AWAIT_CUSTOM_PRICE_CONFIRMATION, READY_FOR_PICKUP, TOO_MANY_DELIVERY_DATE_CHANGES,
        TOO_LONG_DELIVERY, DEFERRED_PAYMENT, POSTPAID_FAILED, INCORRECT_PERSONAL_DATA,
        CUSTOMS_FAILED_MARKET, CUSTOMS_FAILED_USER_COMMERCIAL_ITEMS,
        CUSTOMS_FAILED_USER_DUTY_NOT_PAID, CUSTOMS_FAILED_USER_INVALID_PERSONAL_DATA,
        CUSTOMS_FAILED_USER_ADDITIONAL_DATA_NOT_PROVIDED, AWAIT_PAYMENT_AFTER_DELIVERY,
        AWAIT_USER_STEAM_FAST_URL, USER_IDENTIFICATION_MISMATCH,
        PURCHASE_GROUP_THRESHOLD_NOT_REACHED_CANCELLED, UNKNOWN,
    }
}

open_enum! {
    /// `CampaignDTO.placementType`: FBS covers Express too.
    PlacementType { FBS, FBY, DBS, LAAS }
}

open_enum! {
    /// `SellingProgramType`: the model of one order in v1 business orders.
    ProgramType { FBY, FBS, DBS, EXPRESS, LAAS }
}

open_enum! {
    /// `ApiAvailabilityStatusType`: anything but `AVAILABLE` means 403 for the shop.
    ApiAvailability {
        AVAILABLE, DISABLED_BY_INACTIVITY, DISABLED_BY_NO_ACTIVE_CONTRACT, MANUALLY_DISABLED,
        DISABLED_BY_NO_PLACEMENT_TYPE,
    }
}

open_enum! {
    /// `OrderPaymentType`.
    PaymentType { PREPAID, POSTPAID, UNKNOWN }
}

open_enum! {
    /// `OrderPaymentMethodType`.
    PaymentMethod {
        CASH_ON_DELIVERY, CARD_ON_DELIVERY, BOUND_CARD_ON_DELIVERY, BNPL_BANK_ON_DELIVERY,
        BNPL_ON_DELIVERY, YANDEX, APPLE_PAY, EXTERNAL_CERTIFICATE, CREDIT, GOOGLE_PAY,
        TINKOFF_CREDIT, SBP, TINKOFF_INSTALLMENTS, B2B_ACCOUNT_PREPAYMENT,
        B2B_ACCOUNT_POSTPAYMENT, MICROCREDIT, BNPL_TBYB, UNKNOWN,
    }
}

open_enum! {
    /// `OrderDeliveryType`.
    DeliveryType { DELIVERY, PICKUP, POST, DIGITAL, UNKNOWN }
}

open_enum! {
    /// `OrderDeliveryPartnerType`: `SHOP` is the seller's own carrier (DBS).
    DeliveryPartnerType { SHOP, YANDEX_MARKET, UNKNOWN }
}

open_enum! {
    /// `OrderDeliveryDispatchType`.
    DispatchType { UNKNOWN, BUYER, MARKET_BRANDED_OUTLET, SHOP_OUTLET }
}

open_enum! {
    /// `OrderBuyerType`.
    BuyerType { PERSON, BUSINESS }
}

open_enum! {
    /// `OrderItemStatusType`: the state of some units of an item.
    ItemStatus { CREATED, SHIPPED, CANCELLED, DELIVERED_TO_BUYER, LOST, REJECTED, RETURNED }
}

open_enum! {
    /// `RegionType`.
    RegionType {
        OTHER, CONTINENT, REGION, COUNTRY, COUNTRY_DISTRICT, REPUBLIC, CITY, VILLAGE,
        CITY_DISTRICT, SUBWAY_STATION, REPUBLIC_AREA,
    }
}

open_enum! {
    /// `OrderTaxSystemType`: the shop's tax system when the order was placed.
    TaxSystem { OSN, USN, USN_MINUS_COST, ENVD, ECHN, PSN, NPD, AUSN, AUSN_MINUS_COST, UNKNOWN_VALUE }
}

open_enum! {
    /// `OrderDeliveryDateReasonType`: why a DBS delivery date moves.
    DeliveryDateReason { USER_MOVED_DELIVERY_DATES, PARTNER_MOVED_DELIVERY_DATES }
}

open_enum! {
    /// `OrderCancellationReasonType`: why a buyer's cancellation request is refused.
    CancellationRejectReason { ORDER_DELIVERED, ORDER_IN_DELIVERY }
}

open_enum! {
    /// `ChatContextType`.
    ChatContextType { ORDER, RETURN, DIRECT }
}

open_enum! {
    /// `ChatType`.
    ChatType { CHAT, ARBITRAGE }
}

open_enum! {
    /// `ChatStatusType`.
    ChatStatus {
        NEW, WAITING_FOR_CUSTOMER, WAITING_FOR_PARTNER, WAITING_FOR_ARBITER, WAITING_FOR_MARKET,
        FINISHED,
    }
}

open_enum! {
    /// `ChatMessageSenderType`.
    ChatSender { PARTNER, CUSTOMER, MARKET, SUPPORT }
}

open_enum! {
    /// `ReturnType`: an order that came back undelivered or refused (`UNREDEEMED`), or
    /// a buyer's return of delivered goods (`RETURN`).
    ReturnType { UNREDEEMED, RETURN }
}

open_enum! {
    /// `ReturnShipmentStatusType`: where the parcel of a return or non-purchase is.
    ReturnShipmentStatus {
        CREATED, RECEIVED, IN_TRANSIT, READY_FOR_PICKUP, PICKED, LOST, EXPIRED, CANCELLED,
        FULFILMENT_RECEIVED, PREPARED_FOR_UTILIZATION, NOT_IN_DEMAND, UTILIZED,
        READY_FOR_EXPROPRIATION, RECEIVED_FOR_EXPROPRIATION, UNKNOWN,
    }
}

open_enum! {
    /// `RefundStatusType`: the buyer's money on a return (meaningful for `RETURN` only).
    RefundStatus {
        STARTED_BY_USER, REFUND_IN_PROGRESS, REFUNDED, FAILED, WAITING_FOR_DECISION,
        DECISION_MADE, REFUNDED_WITH_BONUSES, REFUNDED_BY_SHOP, CANCELLED, REJECTED,
        COMPLETE_WITHOUT_REFUND, PREMODERATION_DISPUTE, PREMODERATION_DECISION_WAITING,
        PREMODERATION_DECISION_MADE, PREMODERATION_SELECT_DELIVERY, UNKNOWN,
    }
}

open_enum! {
    /// `RecipientType`: how the buyer sends a return back.
    ReturnRecipientType { SHOP, DELIVERY_SERVICE, POST }
}

open_enum! {
    /// `LogisticPointType`: the kind of point a return is collected from.
    LogisticPointType {
        WAREHOUSE, PICKUP_POINT, PICKUP_TERMINAL, PICKUP_POST_OFFICE, PICKUP_MIXED,
        PICKUP_RETAIL,
    }
}

open_enum! {
    /// `ReturnInstanceStatusType`: where one unit of a return is.
    ReturnInstanceStatus {
        CREATED, RECEIVED, IN_TRANSIT, READY_FOR_PICKUP, PICKED, RECEIVED_ON_FULFILLMENT,
        CANCELLED, LOST, UTILIZED, PREPARED_FOR_UTILIZATION, EXPROPRIATED, NOT_IN_DEMAND,
    }
}

open_enum! {
    /// `ReturnInstanceStockType`: the state a returned unit was found in.
    ReturnInstanceStockType {
        FIT, DEFECT, ANOMALY, SURPLUS, EXPIRED, MISGRADING, UNDEFINED, INCORRECT_IMEI,
        INCORRECT_SERIAL_NUMBER, INCORRECT_CIS, PART_MISSING, NON_COMPLIENT, NOT_ACCEPTABLE,
        SERVICE, MARKDOWN, DEMO, REPAIR, FIRMWARE, UNKNOWN,
    }
}

open_enum! {
    /// `ReturnDecisionType`: what the shop decided on a returned item.
    ReturnDecisionType {
        FAST_REFUND_MONEY, REFUND_MONEY, REFUND_MONEY_INCLUDING_SHIPMENT, REPAIR, REPLACE,
        SEND_TO_EXAMINATION, DECLINE_REFUND, PARTIAL_MONEY_REFUND, OTHER_DECISION, UNKNOWN,
    }
}

open_enum! {
    /// `ReturnDecisionReasonType`: why the buyer returns an item.
    ReturnDecisionReason {
        BAD_QUALITY, DOES_NOT_FIT, WRONG_ITEM, DAMAGE_DELIVERY, LOYALTY_FAIL, CONTENT_FAIL,
        DELIVERY_FAIL, UNKNOWN,
    }
}

open_enum! {
    /// `ReturnDecisionSubreasonType`: the detail of the reason.
    ReturnDecisionSubreason {
        USER_DID_NOT_LIKE, USER_CHANGED_MIND, DELIVERED_TOO_LONG, BAD_PACKAGE, DAMAGED,
        NOT_WORKING, INCOMPLETENESS, WRONG_ITEM, WRONG_COLOR, DID_NOT_MATCH_DESCRIPTION,
        WRONG_ORDER, WRONG_AMOUNT_DELIVERED, WRAPPING_DAMAGED, ITEM_WAS_USED, BROKEN,
        BAD_FLOWERS, PARCEL_MISSING, INCOMPLETE, UNKNOWN,
    }
}

open_enum! {
    /// `ApiResponseStatusType`.
    ResponseStatus { OK, ERROR }
}

open_enum! {
    /// `OrderUpdateStatusType`: the per-order result of a batch status update.
    UpdateStatus { OK, ERROR }
}

#[cfg(test)]
mod tests;
